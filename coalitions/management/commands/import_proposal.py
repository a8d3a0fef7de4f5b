from django.core.management.base import BaseCommand

from coalitions.filing.importing import import_proposal
from impact.jsoninput import JSONInputError
from impact.models import User

from ._io import fail, fail_on, option_text, read_json


class Command(BaseCommand):
    help = "Create a draft proposal from a file in the interchange JSON format."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE.json")
        parser.add_argument("--owner", required=True, metavar="EMAIL")
        parser.add_argument(
            "--conference",
            metavar="SLUG",
            default="",
            help="the edition (default: the file's 'conference', else the current edition)",
        )

    def handle(self, *args, **options) -> None:
        email = option_text(self, options["owner"], "--owner")
        conference = option_text(self, options["conference"], "--conference")
        owner = User.objects.filter(email__iexact=email).first()
        if owner is None:
            fail(self, "--owner", f"no user with the e-mail address {email!r}")
        data = read_json(self, options["file"])
        try:
            proposal = import_proposal(data, owner=owner, conference=conference)
        except JSONInputError as exc:
            fail_on(self, exc)
        self.stdout.write(
            f"Imported proposal {proposal.pk}: {proposal.title} "
            f"({proposal.members.count()} members, {proposal.edition.slug})"
        )
