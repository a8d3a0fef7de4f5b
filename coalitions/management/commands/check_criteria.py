from django.core.management.base import BaseCommand

from coalitions.criteria import report_to_json
from coalitions.criteria_bridge import DEFAULT_CONFERENCE, check_data
from impact.jsoninput import JSONInputError

from ._io import fail_on, option_text, read_json

NOT_ELIGIBLE = 3


class Command(BaseCommand):
    help = (
        "Check a proposal in the interchange JSON format against the ImPACT Coalition "
        "criteria. Prints the report as JSON; exits 0 when eligible, 3 when not, 2 on "
        "invalid input."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE.json")
        parser.add_argument(
            "--conference",
            metavar="SLUG",
            default="",
            help=f"the edition whose thresholds apply (default: the file's own "
            f"'conference', else {DEFAULT_CONFERENCE})",
        )

    def handle(self, *args, **options) -> None:
        conference = option_text(self, options["conference"], "--conference")
        data = read_json(self, options["file"])
        try:
            report = check_data(data, conference=conference)
        except JSONInputError as exc:
            fail_on(self, exc)
        self.stdout.write(report_to_json(report))
        if not report.eligible:
            raise SystemExit(NOT_ELIGIBLE)
