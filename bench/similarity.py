"""Similarity at scale: one new submission against N indexed proposals (default 5,000).

    DATABASE_URL=postgres://… .venv/bin/python bench/similarity.py [N]

Creates a throw-away edition with N generated proposals (see tests/coalitions/
similarity_corpus.py), indexes them, then times, for a new near-duplicate submission:
`similarity.refresh` (index it + rank + store suggestions, what the Celery task does) and
`similarity.similar_to_text` (the filer's hint). Deletes everything it created at the end.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impact.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from coalitions import similarity  # noqa: E402
from coalitions.models import Proposal  # noqa: E402
from impact.models import ConferenceEdition, User  # noqa: E402
from tests.coalitions.similarity_corpus import generate, near_duplicate  # noqa: E402


def main(n: int) -> None:
    today = timezone.localdate()
    edition = ConferenceEdition.objects.create(
        name="Similarity benchmark",
        slug=f"bench-sim-{int(time.time())}",
        starts_on=today,
        ends_on=today,
        eoi_deadline=timezone.now(),
        horizon_date=today,
    )
    owner = User.objects.create_user(f"bench-{edition.slug}@example.org")
    try:
        t0 = time.perf_counter()
        corpus = generate(n, edition=edition, owner=owner)
        for p in corpus:
            similarity.index(p)
        print(f"{connection.vendor}: generated and indexed {n} in {time.perf_counter() - t0:.1f}s")
        if connection.vendor == "postgresql":
            # What autovacuum does after a bulk load: statistics and the visibility map that
            # lets lookups read postings from the covering index alone.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE coalitions_posting")
        rng = random.Random(1)
        refresh_ms, hint_ms = [], []
        for _ in range(7):
            original = corpus[rng.randrange(n)]
            data = near_duplicate(
                rng, {f: getattr(original, f) for f in ("title", "summary", "principles", "asks")}
            )
            new = Proposal.objects.create(edition=edition, owner=owner, status="submitted", **data)
            t = time.perf_counter()
            found = similarity.refresh(new)
            refresh_ms.append((time.perf_counter() - t) * 1000)
            assert found and original.pk in (found[0].proposal_a_id, found[0].proposal_b_id)
            t = time.perf_counter()
            similarity.similar_to_text(data["principles"], edition_id=edition.pk)
            hint_ms.append((time.perf_counter() - t) * 1000)
        for name, xs in (("refresh (task)", refresh_ms), ("similar_to_text (hint)", hint_ms)):
            xs = xs[1:]  # the first run warms caches
            print(f"{name}: median {statistics.median(xs):.0f} ms, max {max(xs):.0f} ms")
    finally:
        Proposal.objects.filter(edition=edition).delete()
        edition.delete()
        owner.delete()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
