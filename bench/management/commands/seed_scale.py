import time
from pathlib import PurePath

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import scale
from impact.models import ConferenceEdition

BENCHMARK_MARKS = ("bench", "test")


def benchmark_database(name: str) -> bool:
    """Whether a database's name says it is disposable: `impact_bench`, `test_impact`…"""
    return any(mark in PurePath(name).name.lower() for mark in BENCHMARK_MARKS)


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
        parser.add_argument(
            "--force",
            action="store_true",
            help="allow --reset on a database whose name does not mark it as a benchmark one",
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        if options["reset"]:
            name = str(connection.settings_dict["NAME"])
            if not benchmark_database(name) and not options["force"]:
                raise CommandError(
                    f"--reset empties every proposal, organization and session of {name!r}, "
                    "whose name does not contain 'bench' or 'test'. Use a benchmark database, "
                    "or add --force if this one really is disposable."
                )
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
