"""Recompute the criteria stored on proposals from the tables they follow, at once."""

from django.core.management.base import BaseCommand, CommandError

from coalitions import derived
from coalitions.criteria_bridge import forget_reference
from impact.models import ConferenceEdition


class Command(BaseCommand):
    help = (
        "Evaluate the criteria of the proposals again (not merged, not deleted) and store the "
        "reports that changed, as the background recompute does after a change to an "
        "organization, the reference data or an edition's thresholds. Prints how many changed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--edition", metavar="SLUG", help="this edition's proposals")
        parser.add_argument("--all", action="store_true", help="every edition's proposals")

    def handle(self, *args, **options) -> None:
        slug, everything = options["edition"], options["all"]
        if bool(slug) == everything:
            raise CommandError("Name one edition with --edition SLUG, or give --all.")
        if everything:
            proposals = derived.affected(every_edition=True)
        else:
            edition = ConferenceEdition.objects.filter(slug=slug).first()
            if edition is None:
                raise CommandError(f"No edition has the slug {slug!r}.")
            proposals = derived.affected(edition_ids=[edition.pk])
        # The tables as they are now, not as the cache last saw them.
        forget_reference()
        evaluated, changed = derived.recompute(proposals)
        self.stdout.write(f"{changed} of {evaluated} proposals changed.")
