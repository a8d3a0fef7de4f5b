from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from impact import backups


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and the generated files (a tarball) "
        "into one folder."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            help="the folder to create (default: backups/<UTC date and time>)",
        )

    def handle(self, *args, **options) -> None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        folder = Path(options["output"] or f"backups/{stamp}")
        try:
            manifest = backups.backup(folder)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up database {manifest['database']} and {manifest['files']} files "
                f"into {folder}"
            )
        )
