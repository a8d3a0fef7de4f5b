"""Rebuild the hub's full-text index after data was written without model signals."""

from django.core.management.base import BaseCommand

from coalitions.hub import cache as hub_cache
from coalitions.hub import search


class Command(BaseCommand):
    help = "Rebuild the search vectors of all published coalitions (PostgreSQL only)."

    def handle(self, *args, **options) -> None:
        count = search.refresh_all()
        hub_cache.invalidate()
        if search.uses_full_text():
            self.stdout.write(f"Indexed {count} published coalitions.")
        else:
            self.stdout.write("This database uses the search fallback; nothing to index.")
