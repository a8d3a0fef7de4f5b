"""python manage.py compile_summary EDITION_SLUG --format docx|pdf|md --output FILE
[--language en|fr|es]"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from impact.models import ConferenceEdition
from summaries.checks import export_problems
from summaries.compiler import compile_draft
from summaries.enums import ExportFormat
from summaries.export_jobs import render_in


class Command(BaseCommand):
    help = (
        "Compile an edition's accepted session reports into its Co-Chairs' Summary draft "
        "(keeping the organizers' edits) and export it as DOCX, PDF or Markdown."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("edition", help="slug of the conference edition, e.g. un-csc-2024")
        parser.add_argument(
            "--format", dest="fmt", required=True, choices=ExportFormat.values, help="file format"
        )
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the headings, labels and dates (people's texts stay as typed)",
        )
        parser.add_argument(
            "--no-recompile",
            action="store_true",
            help="export the draft as it is, without pulling in newly accepted reports",
        )

    def handle(self, *args, edition: str, fmt: str, output: str, language: str, **options) -> None:
        found = ConferenceEdition.objects.filter(slug=edition).first()
        if found is None:
            raise CommandError(f"no conference edition with slug {edition!r}")
        if not options["no_recompile"]:
            compile_draft(found)
        document, data = render_in(found, fmt, language=language)
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}") from exc
        self.stderr.write(
            f"{document.total_entries} sessions, {len(data)} bytes written to {path} ({fmt})"
        )
        problems = export_problems(found)
        if problems:
            # Written anyway (a draft is for checking); the list says what to fix before
            # publishing it.
            self.stderr.write(f"Check before publishing: {len(problems)} problems")
            for problem in problems:
                self.stderr.write(f"- {problem.title}: {problem.message}")
