from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from impact.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo data (idempotent): accounts per role, editions, coalitions, sessions."

    def handle(self, *args, **options) -> None:
        accounts = []
        with transaction.atomic():
            for path in settings.DEMO_LOADERS:
                result = import_string(path)(stdout=self.stdout)
                if path == "impact.demo.load":
                    accounts = result
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in at /accounts/login/ as:"))
        for role, email in accounts:
            self.stdout.write(f"  {role:<20} {email:<34} password: {DEMO_PASSWORD}")
