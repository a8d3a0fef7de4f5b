"""Data at scale for the benchmark: organizations, proposals with realistic membership and text,
20% of them published, sessions with reports. Bulk inserts only, so 50,000 proposals take
minutes, not hours. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from coalitions import criteria
from coalitions.enums import MemberRole, ProposalStatus
from coalitions.geography import countries
from coalitions.models import (
    ConstituencyType,
    Contact,
    Organization,
    Proposal,
    ProposalMember,
    Region,
    Sector,
    Theme,
    WorkPlanItem,
)
from coalitions.reports import reference, thresholds
from impact.models import ConferenceEdition, User

WORDS = (
    "accountability inclusion transparency participation reform governance multilateral "
    "summit future climate justice finance debt digital rights youth women indigenous "
    "peace security development sustainable equity partnership dialogue civic space "
    "community health education water food land ocean migration refugees disability "
    "democracy courts accountability institutions council assembly charter financing "
    "platform coalition network local global south solidarity trust data innovation "
    "ethics oversight transition resilience generations commons access protection"
).split()
TITLE_HEADS = [
    "Coalition for",
    "Alliance on",
    "Network for",
    "Partnership for",
    "Civil society platform on",
    "Global compact on",
]
STATUS_MIX = [
    (ProposalStatus.PUBLISHED, 20),
    (ProposalStatus.DRAFT, 10),
    (ProposalStatus.SUBMITTED, 30),
    (ProposalStatus.IN_REVIEW, 20),
    (ProposalStatus.SHORTLISTED, 10),
    (ProposalStatus.DECLINED, 10),
]
SCALE_EMAIL_DOMAIN = "scale.impact-hub.test"


def _text(rng: random.Random, words: int) -> str:
    sentences, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 18))
        sentence = " ".join(rng.choice(WORDS) for _ in range(n))
        sentences.append(sentence.capitalize() + ".")
        left -= n
    return " ".join(sentences)


def _batched(items: list, size: int = 2000) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def reset() -> None:
    """Delete what a previous run generated (the bench database is the generator's own)."""
    with transaction.atomic():
        Proposal.objects.all().delete()
        Organization.objects.all().delete()
        User.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN).delete()


def seed(
    *,
    proposals: int,
    organizations: int,
    sessions: int = 0,
    seed: int = 2024,
    edition: ConferenceEdition | None = None,
    log: Callable[[str], None] = lambda _msg: None,
) -> dict:
    """Generate the data set; returns the counts made."""
    rng = random.Random(seed)
    edition = edition or ConferenceEdition.objects.get(slug="un-csc-2024")
    regions = {r.slug: r for r in Region.objects.all()}
    sectors = list(Sector.objects.all())
    cso_sectors = [s for s in sectors if s.counts_as_civil_society]
    other_sectors = [s for s in sectors if not s.counts_as_civil_society]
    constituency_ids = list(ConstituencyType.objects.values_list("pk", flat=True))
    theme_ids = list(Theme.objects.values_list("pk", flat=True))
    places = [c for c in countries() if c.region]

    log(f"organizations: {organizations}")
    orgs = []
    for i in range(organizations):
        place = rng.choice(places)
        sector = rng.choice(cso_sectors) if rng.random() < 0.85 else rng.choice(other_sectors)
        name = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS).capitalize()} {i:06d}"
        orgs.append(
            Organization(
                name=name,
                acronym="".join(w[0] for w in name.split()[:2]).upper(),
                sector=sector,
                country=place.iso2,
                region=regions[place.region],
                is_global=rng.random() < 0.05,
            )
        )
    with transaction.atomic():
        for batch in _batched(orgs):
            Organization.objects.bulk_create(batch)
    orgs = list(Organization.objects.order_by("pk").only("pk", "name", "country", "region_id"))
    links = [
        Organization.constituencies.through(organization_id=o.pk, constituencytype_id=c)
        for o in orgs
        for c in rng.sample(constituency_ids, rng.randint(1, 3))
    ]
    with transaction.atomic():
        for batch in _batched(links, 5000):
            Organization.constituencies.through.objects.bulk_create(batch)

    log(f"proposals: {proposals}")
    owners = [
        User(email=f"owner{i}@{SCALE_EMAIL_DOMAIN}", name=f"Owner {i}")
        for i in range(max(1, proposals // 2))
    ]
    with transaction.atomic():
        User.objects.bulk_create(owners, batch_size=2000, ignore_conflicts=True)
    owner_ids = list(
        User.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN).values_list("pk", flat=True)
    )
    statuses = [s for s, weight in STATUS_MIX for _ in range(weight)]
    now = timezone.now()
    rows = []
    for i in range(proposals):
        status = statuses[i % len(statuses)] if proposals >= 10 else rng.choice(statuses)
        title = (
            f"{rng.choice(TITLE_HEADS)} {rng.choice(WORDS)} {rng.choice(WORDS)} "
            f"and {rng.choice(WORDS)} #{i}"
        )
        published = status == ProposalStatus.PUBLISHED
        rows.append(
            Proposal(
                edition=edition,
                title=title,
                summary=_text(rng, rng.randint(40, 120)),
                principles=_text(rng, rng.randint(60, 200)),
                asks=_text(rng, rng.randint(60, 200)),
                youth_focus=rng.random() < 0.2,
                engagement_targets=rng.sample(
                    ["member_states", "un_country_teams", "un_agencies"], rng.randint(0, 3)
                ),
                engagement_plan=_text(rng, rng.randint(10, 80)),
                support_needed=_text(rng, rng.randint(0, 40)),
                status=status,
                owner_id=rng.choice(owner_ids),
                submitted_at=None if status == ProposalStatus.DRAFT else now,
                published_at=now - datetime.timedelta(minutes=i) if published else None,
                public_slug=f"{slugify(title)[:60]}-{i}" if published else None,
            )
        )
    with transaction.atomic():
        for batch in _batched(rows, 1000):
            Proposal.objects.bulk_create(batch)
    made = list(
        Proposal.objects.filter(edition=edition).order_by("pk").values_list("pk", flat=True)
    )

    members, items, contacts, theme_links = [], [], [], []
    start, end = edition.ends_on, edition.horizon_date
    for pk in made:
        size = rng.choice([5, 6, 8, 10, 10, 12, 15, 20, 30])
        for j, org in enumerate(rng.sample(orgs, size)):
            role = MemberRole.LEAD if j == 0 else MemberRole.MEMBER
            members.append(ProposalMember(proposal_id=pk, organization_id=org.pk, role=role))
        for k in range(rng.randint(2, 5)):
            day = start + datetime.timedelta(days=rng.randint(-20, (end - start).days + 30))
            items.append(
                WorkPlanItem(
                    proposal_id=pk,
                    date=day,
                    title=f"Milestone {k + 1}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                    description=_text(rng, rng.randint(10, 40)),
                )
            )
        for k in range(rng.randint(1, 2)):
            contacts.append(
                Contact(
                    proposal_id=pk,
                    name=f"Contact {pk}-{k}",
                    email=f"contact{pk}-{k}@{SCALE_EMAIL_DOMAIN}",
                )
            )
        for theme in rng.sample(theme_ids, rng.randint(1, 3)):
            theme_links.append(Proposal.themes.through(proposal_id=pk, theme_id=theme))
    with transaction.atomic():
        for batch in _batched(members, 5000):
            ProposalMember.objects.bulk_create(batch)
        for batch in _batched(items, 5000):
            WorkPlanItem.objects.bulk_create(batch)
        for batch in _batched(contacts, 5000):
            Contact.objects.bulk_create(batch)
        for batch in _batched(theme_links, 5000):
            Proposal.themes.through.objects.bulk_create(batch)

    log("criteria reports")
    store_criteria(made, edition)
    counts = {"organizations": len(orgs), "proposals": len(made), "members": len(members)}
    counts.update(after_seed(made, sessions=sessions, rng=rng, edition=edition, log=log))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def store_criteria(proposal_ids: list[int], edition: ConferenceEdition) -> None:
    """Evaluate every proposal in memory from a few bulk reads, then bulk-update the cache."""
    ref, limits = reference(), thresholds(edition)
    org_info = {
        o["pk"]: o
        for o in Organization.objects.values(
            "pk", "name", "country", "is_global", "sector__slug", "region__slug"
        )
    }
    org_constituencies: dict[int, list[str]] = {}
    for org_id, slug in Organization.constituencies.through.objects.values_list(
        "organization_id", "constituencytype__slug"
    ):
        org_constituencies.setdefault(org_id, []).append(slug)
    by_proposal: dict[int, list] = {}
    for proposal_id, org_id, role in ProposalMember.objects.filter(
        proposal_id__in=proposal_ids
    ).values_list("proposal_id", "organization_id", "role"):
        o = org_info[org_id]
        by_proposal.setdefault(proposal_id, []).append(
            criteria.Member(
                name=o["name"],
                sector=o["sector__slug"],
                country=o["country"] or "",
                region=o["region__slug"],
                is_global=o["is_global"],
                constituencies=tuple(org_constituencies.get(org_id, ())),
                role=role,
            )
        )
    plans: dict[int, list] = {}
    for proposal_id, day in WorkPlanItem.objects.filter(proposal_id__in=proposal_ids).values_list(
        "proposal_id", "date"
    ):
        plans.setdefault(proposal_id, []).append(criteria.WorkPlanItem(date=day))
    updated = []
    for p in Proposal.objects.filter(pk__in=proposal_ids).only(
        "pk", "title", "youth_focus", "engagement_targets", "engagement_plan", "support_needed"
    ):
        report = criteria.evaluate(
            criteria.ProposalData(
                title=p.title,
                youth_focus=p.youth_focus,
                members=tuple(by_proposal.get(p.pk, ())),
                engagement=criteria.Engagement(
                    targets=tuple(p.engagement_targets),
                    plan=p.engagement_plan,
                    support_needed=p.support_needed,
                ),
                work_plan=tuple(plans.get(p.pk, ())),
            ),
            limits,
            ref,
        )
        p.criteria_report = report.to_dict()
        p.eligible = report.eligible
        p.failing_criteria = " ".join(report.failing)
        updated.append(p)
    with transaction.atomic():
        for batch in _batched(updated, 1000):
            Proposal.objects.bulk_update(
                batch, ["criteria_report", "eligible", "failing_criteria"], batch_size=1000
            )


def after_seed(
    proposal_ids: list[int],
    *,
    sessions: int,
    rng: random.Random,
    edition: ConferenceEdition,
    log: Callable[[str], None],
) -> dict:
    """What other parts of the portal derive from the seeded rows (search, sessions)."""
    return {}
