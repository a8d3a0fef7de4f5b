"""Withdraw the assignments whose reviewer has a conflict of interest with the proposal, at
once: those left from before conflicts withdrew them as they appeared, or written in bulk."""

from django.core.management.base import BaseCommand
from django.db import transaction

from coalitions.review.conflicts import withdraw_conflicted


class Command(BaseCommand):
    help = (
        "Withdraw every live assignment whose reviewer has a conflict of interest with a member "
        "of the proposal, and ask the solver to replace those of proposals still open to "
        "review, as a decline does. Prints how many were withdrawn."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            withdrawn = withdraw_conflicted()
        self.stdout.write(f"{len(withdrawn)} assignment(s) withdrawn.")
