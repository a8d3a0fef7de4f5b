import json
from pathlib import Path

from django.core.management.base import BaseCommand

from coalitions.criteria_bridge import member_prefetch
from coalitions.filing.interchange import export_proposal
from coalitions.models import Proposal

from ._io import fail


class Command(BaseCommand):
    help = "Write a proposal in the interchange JSON format (stdout, or --output FILE)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("pk", type=int, metavar="PK")
        parser.add_argument("--output", "-o", metavar="FILE", default="")

    def handle(self, *args, **options) -> None:
        proposal = (
            Proposal.objects.select_related("edition")
            .prefetch_related(member_prefetch(), "work_plan", "contacts", "themes")
            .filter(pk=options["pk"])
            .first()
        )
        if proposal is None:
            fail(self, "PK", f"no proposal {options['pk']}")
        text = json.dumps(export_proposal(proposal), ensure_ascii=False, indent=2)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote {options['output']}")
        else:
            self.stdout.write(text)
