import time

from django.core.management.base import BaseCommand

from bench import scale
from impact.models import ConferenceEdition


class Command(BaseCommand):
    help = "Generate data at scale for the benchmark (bulk inserts; deterministic per --seed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--proposals", type=int, default=5000)
        parser.add_argument("--organizations", type=int, default=20000)
        parser.add_argument("--sessions", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--edition", default="un-csc-2024", help="slug of the conference edition to fill"
        )
        parser.add_argument(
            "--reset", action="store_true", help="delete proposals and organizations first"
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        if options["reset"]:
            scale.reset()
        counts = scale.seed(
            proposals=options["proposals"],
            organizations=options["organizations"],
            sessions=options["sessions"],
            seed=options["seed"],
            edition=ConferenceEdition.objects.get(slug=options["edition"]),
            log=lambda msg: self.stdout.write(f"  {msg}"),
        )
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        self.stdout.write(f"seeded {summary} in {time.monotonic() - started:.1f}s")
