from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impact import backups


class Command(BaseCommand):
    help = (
        "Restore a folder made by `manage.py backup`: load its dump into a database "
        "(replacing what it holds) and write its files back into storage."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", help="the backup folder")
        parser.add_argument(
            "--database-url",
            help="the database to restore into; it must exist (default: DATABASE_URL)",
        )
        parser.add_argument("--no-files", action="store_true", help="restore the database only")
        parser.add_argument("--no-input", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, **options) -> None:
        try:
            database = (
                backups.Database.from_url(options["database_url"])
                if options["database_url"]
                else backups.Database.configured()
            )
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not options["no_input"]:
            answer = input(
                f"Everything in database {database.name} will be replaced by the backup. "
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            result = backups.restore(
                Path(options["folder"]), database, files=not options["no_files"]
            )
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {result['created_at']} into {database.name} "
                f"and {result['restored_files']} files"
            )
        )
