"""The matched assignment's job at scale (`coalitions.review.assigning`): 5,000 proposals and
200 reviewers across the networks, k = 1 per network, against the issue's 10 s. Measured in
process like `bench.jobs`, on the seeded database, rolled back afterwards."""

from __future__ import annotations

from .jobs import BENCH_DOMAIN, available, best_of, rolled_back, row

ASSIGNMENT_TARGET = "< 10 s"


def _bench_reviewers(n: int, rng) -> None:
    """`n` reviewers spread over the networks, with 2–4 themes, 1–2 languages, a capacity that
    covers the load with room to spare, their own organization and one declared conflict."""
    from coalitions.models import Conflict, Network, Organization, Reviewer, Theme
    from impact.models import User

    networks = list(Network.objects.order_by("pk"))
    themes = list(Theme.objects.values_list("pk", flat=True))
    org_ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True)[:5000])
    users = User.objects.bulk_create(
        [User(email=f"reviewer-{i}@{BENCH_DOMAIN}", name=f"Reviewer {i}") for i in range(n)]
    )
    profiles = Reviewer.objects.bulk_create(
        [
            Reviewer(
                user=u,
                network=networks[i % len(networks)],
                organization_id=rng.choice(org_ids),
                languages=rng.sample(["en", "fr", "es"], rng.randint(1, 2)),
                capacity=150,
            )
            for i, u in enumerate(users)
        ]
    )
    through = Reviewer.themes.through
    through.objects.bulk_create(
        [
            through(reviewer_id=p.pk, theme_id=t)
            for p in profiles
            for t in rng.sample(themes, min(len(themes), rng.randint(2, 4)))
        ]
    )
    Conflict.objects.bulk_create(
        [Conflict(user=u, organization_id=rng.choice(org_ids), reason="Adviser") for u in users]
    )


def assignment_rows(*, proposals: int = 5000, reviewers: int = 200, runs: int = 2) -> list[dict]:
    """The matched assignment's job (load the problem, solve it: what the Celery task does
    before the preview) for up to `proposals` proposals of the largest edition and `reviewers`
    reviewers made for it, k = 1 per network; rolled back afterwards."""
    if not available("coalitions.review.assigning"):
        return [row("matched assignment", None, "", ASSIGNMENT_TARGET, "not on this branch")]
    import random

    from django.db.models import Count

    from coalitions.models import Network
    from coalitions.review import assigning
    from impact.models import ConferenceEdition

    edition = ConferenceEdition.objects.annotate(n=Count("proposals")).order_by("-n", "pk").first()
    with rolled_back():
        _bench_reviewers(reviewers, random.Random(22))
        ids = list(edition.proposals.order_by("pk").values_list("pk", flat=True)[:proposals])
        edition.reviewers_per_network = 1
        plans = []

        def solve() -> None:
            plans.append(assigning.plan_for(edition, ids))

        seconds = best_of(solve, runs=runs)
        networks = Network.objects.count()
    plan = plans[-1]
    name = (
        f"matched assignment, {len(ids)} proposals × {reviewers} reviewers, "
        f"k = 1 per network ({networks} networks)"
    )
    note = f"{len(plan.assignments)} places filled, {len(plan.uncovered)} not covered"
    return [row(name, round(seconds, 2), "s", ASSIGNMENT_TARGET, note)]
