"""Refit the calibrated scores stored on reviewed proposals, at once."""

from django.core.management.base import BaseCommand, CommandError

from coalitions.review import calibration_store
from impact.models import ConferenceEdition


class Command(BaseCommand):
    help = (
        "Fit the calibrated scores again over every review of an edition (--edition SLUG) or "
        "of every edition (--all) and store them, as the background refit does after a review "
        "changes. Prints how many proposals have a stored score."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--edition", metavar="SLUG", help="this edition's proposals")
        parser.add_argument("--all", action="store_true", help="every edition's proposals")

    def handle(self, *args, **options) -> None:
        slug, everything = options["edition"], options["all"]
        if bool(slug) == everything:
            raise CommandError("Name one edition with --edition SLUG, or give --all.")
        if everything:
            editions = list(ConferenceEdition.objects.order_by("pk").values_list("pk", flat=True))
        else:
            edition = ConferenceEdition.objects.filter(slug=slug).first()
            if edition is None:
                raise CommandError(f"No edition has the slug {slug!r}.")
            editions = [edition.pk]
        stored = sum(calibration_store.refresh(pk) for pk in editions)
        self.stdout.write(f"{stored} proposals have a calibrated score.")
