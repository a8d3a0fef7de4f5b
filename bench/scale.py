"""Data at scale for the benchmark: organizations, proposals with realistic membership and text,
20% of them published, sessions with reports. Bulk inserts only, so 50,000 proposals take
minutes, not hours. Deterministic for a given seed.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from collections.abc import Callable, Iterable
from dataclasses import replace

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from coalitions import criteria
from coalitions.criteria_bridge import reference, thresholds
from coalitions.enums import MemberRole, ProposalStatus
from coalitions.geography import countries
from coalitions.hub import cache as hub_cache
from coalitions.hub import search
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
from impact.models import ConferenceEdition, User
from summaries.enums import ReportStatus, SessionFormat, SessionKind
from summaries.models import Session, SessionReport

from .texts import TITLE_HEADS, WORDS, text

STATUS_MIX = [
    (ProposalStatus.PUBLISHED, 20),
    (ProposalStatus.DRAFT, 10),
    (ProposalStatus.SUBMITTED, 30),
    (ProposalStatus.IN_REVIEW, 20),
    (ProposalStatus.SHORTLISTED, 10),
    (ProposalStatus.DECLINED, 10),
]
SCALE_EMAIL_DOMAIN = "scale.impact-hub.test"


def status_sequence(n: int) -> list[str]:
    """`n` statuses in STATUS_MIX's shares, interleaved: every prefix is within one row of the
    mix, so a small data set has its 20% published too, and no status clusters by id."""
    total = sum(weight for _, weight in STATUS_MIX)
    counts = dict.fromkeys((status for status, _ in STATUS_MIX), 0)
    out = []
    for i in range(1, n + 1):
        status = max(STATUS_MIX, key=lambda sw: i * sw[1] / total - counts[sw[0]])[0]
        counts[status] += 1
        out.append(status)
    return out


def _batched(items: list, size: int = 2000) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _copy(model, fields: list[str], rows: list[tuple]) -> None:
    """Insert plain rows: COPY on PostgreSQL (no model instances: 10× faster), else bulk_create.

    Values must not be None (CSV quotes every value, so "" stays an empty string).
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        for batch in _batched(rows, 2000):
            model.objects.bulk_create(
                [model(**dict(zip(fields, row, strict=True))) for row in batch]
            )
        return
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows(rows)
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
            "FROM STDIN WITH (FORMAT csv)",
            buffer,
        )


def _created_pks(model, made: list, **filters) -> list[int]:
    """The primary keys of rows just bulk-created, in creation order, on any backend."""
    if all(obj.pk for obj in made):
        return [obj.pk for obj in made]
    return list(model.objects.filter(**filters).order_by("-pk").values_list("pk", flat=True))[
        : len(made)
    ][::-1]


def reset() -> None:
    """Delete what a previous run generated (the bench database is the generator's own).

    On PostgreSQL one TRUNCATE … CASCADE empties the proposals, organizations, sessions and
    every table that refers to them: the ORM's delete would load each row and fire the hub's
    signals per member, which takes longer than seeding 50,000 proposals.
    """
    if connection.vendor == "postgresql":
        tables = [Proposal._meta.db_table, Organization._meta.db_table, Session._meta.db_table]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            User.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN).delete()
        return
    with transaction.atomic():
        Session.objects.all().delete()
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
    """Generate the data set; returns the counts made.

    Proposals are generated whole in memory (members, work plan, contacts) and their criteria
    report evaluated there with the real validator, so each row is written once, with its
    cached report, and the child rows go in with COPY.
    """
    rng = random.Random(seed)
    edition = edition or ConferenceEdition.objects.get(slug="un-csc-2024")
    regions = {r.slug: r for r in Region.objects.all()}
    sectors = list(Sector.objects.all())
    cso_sectors = [s for s in sectors if s.counts_as_civil_society]
    other_sectors = [s for s in sectors if not s.counts_as_civil_society]
    constituencies = dict(ConstituencyType.objects.values_list("pk", "slug"))
    theme_ids = list(Theme.objects.values_list("pk", flat=True))
    places = [c for c in countries() if c.region]
    now = timezone.now()

    log(f"organizations: {organizations}")
    orgs, org_constituencies = [], []
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
        org_constituencies.append(rng.sample(list(constituencies), rng.randint(1, 3)))
    with transaction.atomic():
        made_orgs = []
        for batch in _batched(orgs, 5000):
            made_orgs += Organization.objects.bulk_create(batch)
        org_ids = _created_pks(Organization, made_orgs)
        _copy(
            Organization.constituencies.through,
            ["organization_id", "constituencytype_id"],
            [(pk, c) for pk, cs in zip(org_ids, org_constituencies, strict=True) for c in cs],
        )
    # What the criteria validator reads of each organization, built once.
    as_member = [
        criteria.Member(
            name=o.name,
            sector=o.sector.slug,
            country=str(o.country or ""),
            region=o.region.slug,
            is_global=o.is_global,
            constituencies=tuple(constituencies[c] for c in cs),
        )
        for o, cs in zip(orgs, org_constituencies, strict=True)
    ]

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
    statuses = status_sequence(proposals)
    ref, limits = reference(), thresholds(edition)
    start, end = edition.ends_on, edition.horizon_date
    rows, children = [], []
    for i in range(proposals):
        status = statuses[i]
        title = (
            f"{rng.choice(TITLE_HEADS)} {rng.choice(WORDS)} {rng.choice(WORDS)} "
            f"and {rng.choice(WORDS)} #{i}"
        )
        published = status == ProposalStatus.PUBLISHED
        size = min(len(orgs), rng.choice([5, 6, 8, 10, 10, 12, 15, 20, 30]))
        members = [
            (index, MemberRole.LEAD if j == 0 else MemberRole.MEMBER)
            for j, index in enumerate(rng.sample(range(len(orgs)), size))
        ]
        plan = []
        for k in range(rng.randint(2, 5)):
            day = start + datetime.timedelta(days=rng.randint(-20, (end - start).days + 30))
            plan.append(
                (
                    day,
                    f"Milestone {k + 1}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                    text(rng, rng.randint(10, 40)),
                )
            )
        contacts = [
            (f"Contact {i}-{k}", f"contact{i}-{k}@{SCALE_EMAIL_DOMAIN}", "")
            for k in range(rng.randint(1, 2))
        ]
        themes = rng.sample(theme_ids, rng.randint(1, 3))
        proposal = Proposal(
            edition=edition,
            title=title,
            summary=text(rng, rng.randint(40, 120)),
            principles=text(rng, rng.randint(60, 200)),
            asks=text(rng, rng.randint(60, 200)),
            youth_focus=rng.random() < 0.2,
            engagement_targets=rng.sample(
                ["member_states", "un_country_teams", "un_agencies"], rng.randint(0, 3)
            ),
            engagement_plan=text(rng, rng.randint(10, 80)),
            support_needed=text(rng, rng.randint(0, 40)),
            status=status,
            owner_id=rng.choice(owner_ids),
            submitted_at=None if status == ProposalStatus.DRAFT else now,
            published_at=now - datetime.timedelta(minutes=i) if published else None,
            public_slug=f"{slugify(title)[:60]}-{i}" if published else None,
        )
        report = criteria.evaluate(
            criteria.ProposalData(
                title=proposal.title,
                conference=edition.slug,
                principles=proposal.principles,
                asks=proposal.asks,
                youth_focus=proposal.youth_focus,
                # In the order the database lists members (role, then name), as the page does.
                members=tuple(
                    sorted(
                        (replace(as_member[o], role=role) for o, role in members),
                        key=lambda m: (m.role, m.name),
                    )
                ),
                engagement=criteria.Engagement(
                    targets=tuple(proposal.engagement_targets),
                    plan=proposal.engagement_plan,
                    support_needed=proposal.support_needed,
                ),
                work_plan=tuple(criteria.WorkPlanItem(*item) for item in plan),
                contacts=tuple(criteria.Contact(*c) for c in contacts),
            ),
            limits,
            ref,
        )
        proposal.criteria_report = report.to_dict()
        proposal.eligible = report.eligible
        proposal.failing_criteria = " ".join(report.failing)
        rows.append(proposal)
        children.append((members, plan, contacts, themes))
    with transaction.atomic():
        made = []
        for batch in _batched(rows, 2000):
            made += Proposal.objects.bulk_create(batch)
        pks = _created_pks(Proposal, made, edition=edition)
        member_rows, plan_rows, contact_rows, theme_rows = [], [], [], []
        for pk, (members, plan, contacts, themes) in zip(pks, children, strict=True):
            member_rows += [(pk, org_ids[o], role, now) for o, role in members]
            plan_rows += [(pk, *item) for item in plan]
            contact_rows += [(pk, *c) for c in contacts]
            theme_rows += [(pk, t) for t in themes]
        _copy(ProposalMember, ["proposal_id", "organization_id", "role", "joined_at"], member_rows)
        _copy(WorkPlanItem, ["proposal_id", "date", "title", "description"], plan_rows)
        _copy(Contact, ["proposal_id", "name", "email", "organization"], contact_rows)
        _copy(Proposal.themes.through, ["proposal_id", "theme_id"], theme_rows)

    counts = {"organizations": len(org_ids), "proposals": len(pks), "members": len(member_rows)}
    counts.update(after_seed(pks, sessions=sessions, rng=rng, edition=edition, log=log))
    if connection.vendor == "postgresql":
        log("vacuum analyze")
        # What autovacuum would do some minutes later: planner statistics, and the visibility
        # map that lets index-only scans skip the table (VACUUM cannot run in a transaction).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return counts


SESSION_KINDS = [
    (SessionKind.PLENARY, 2),
    (SessionKind.WORKSHOP, 40),
    (SessionKind.SIDE_EVENT, 30),
    (SessionKind.COALITION, 15),
    (SessionKind.DIALOGUE, 10),
    (SessionKind.OTHER, 3),
]


def _points(rng: random.Random, lines: int, words: tuple[int, int]) -> str:
    """A report field as organizers write it: one point a line."""
    return "\n".join(text(rng, rng.randint(*words)) for _ in range(lines))


def seed_sessions(
    count: int, *, rng: random.Random, edition: ConferenceEdition, coalitions: list[int]
) -> int:
    """`count` sessions over the conference's days, each with an accepted report."""
    if count <= 0:
        return 0
    kinds = [kind for kind, weight in SESSION_KINDS for _ in range(weight)]
    days = max(1, (edition.ends_on - edition.starts_on).days + 1)
    now = timezone.now()
    sessions = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        start = datetime.time(rng.randint(8, 17), rng.choice([0, 15, 30, 45]))
        end = datetime.time(start.hour + 1, start.minute)
        sessions.append(
            Session(
                edition=edition,
                title=f"{kind.label}: {text(rng, rng.randint(4, 9)).rstrip('.')} #{i}",
                kind=kind,
                date=edition.starts_on + datetime.timedelta(days=i % days),
                starts_at=start,
                ends_at=end,
                room=f"CR-{rng.randint(1, 12)}",
                format=SessionFormat.IN_PERSON,
                coalition_id=rng.choice(coalitions)
                if kind == SessionKind.COALITION and coalitions
                else None,
            )
        )
    with transaction.atomic():
        made = Session.objects.bulk_create(sessions, batch_size=1000)
        if not all(s.pk for s in made):  # backends that return no ids (not PostgreSQL)
            made = list(Session.objects.filter(edition=edition).order_by("-pk")[:count])
        SessionReport.objects.bulk_create(
            [
                SessionReport(
                    session=session,
                    # Within the form's word limits (300, 200 and 150 words).
                    key_messages=_points(rng, rng.randint(3, 6), (15, 40)),
                    recommendations=_points(rng, rng.randint(2, 4), (15, 35)),
                    next_steps=_points(rng, rng.randint(1, 3), (10, 30)),
                    attendance=rng.randint(15, 400),
                    status=ReportStatus.ACCEPTED,
                    submitted_at=now,
                    reviewed_at=now,
                )
                for session in made
            ],
            batch_size=1000,
        )
    return len(made)


def after_seed(
    proposal_ids: list[int],
    *,
    sessions: int,
    rng: random.Random,
    edition: ConferenceEdition,
    log: Callable[[str], None],
) -> dict:
    """What other parts of the portal derive from the seeded rows (sessions, search, cache)."""
    published = list(
        Proposal.objects.filter(pk__in=proposal_ids, status=ProposalStatus.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    log(f"sessions with accepted reports: {sessions}")
    made = seed_sessions(sessions, rng=rng, edition=edition, coalitions=published)
    log("hub search index")
    # Bulk inserts fire no signals: build the hub's search vectors the way
    # `manage.py rebuild_hub_search` does, and drop any cached hub page.
    indexed = search.refresh_all()
    hub_cache.invalidate()
    return {"sessions": made, "indexed": indexed}
