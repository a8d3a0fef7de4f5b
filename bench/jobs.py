"""The jobs measured in process, on the seeded database: criteria, similarity, merge, summary.

`run_all()` returns rows {name, value, unit, target}; `target` is the issue's figure as text
("< 1000 µs") or "" where the issue sets none. Every job leaves the database as seeded, except
for what the portal itself derives and keeps (the similarity index and suggestions, the
summary draft), which a rerun rebuilds.
"""

from __future__ import annotations

import importlib.util
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace

BENCH_DOMAIN = "bench.impact-hub.test"
ORGANIZER_EMAIL = f"organizer@{BENCH_DOMAIN}"


def row(name: str, value: float | None, unit: str, target: str = "", note: str = "") -> dict:
    out = {"name": name, "value": value, "unit": unit, "target": target}
    if note:
        out["note"] = note
    return out


def best_of(fn: Callable[[], object], *, runs: int) -> float:
    """Median seconds of `runs` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_call(fn: Callable[[], object], *, seconds: float = 0.5) -> float:
    """Mean seconds per call over a loop of about `seconds` (after a warm-up)."""
    fn()
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and calls >= 5:
            return elapsed / calls


@contextmanager
def rolled_back():
    """A transaction that is always rolled back: the job's writes never stay."""
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def organizer():
    from django.contrib.auth.models import Group

    from impact import roles
    from impact.models import User

    user, _ = User.objects.get_or_create(
        email=ORGANIZER_EMAIL, defaults={"name": "Bench organizer"}
    )
    group, _ = Group.objects.get_or_create(name=roles.ORGANIZERS)
    user.groups.add(group)
    return user


def available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


# --- criteria ---------------------------------------------------------------------------------


def _with_100_members(data):
    """The same proposal with the first 100 organizations as members."""
    from coalitions import criteria
    from coalitions.models import Organization

    organizations = (
        Organization.objects.select_related("sector", "region")
        .prefetch_related("constituencies")
        .order_by("pk")[:100]
    )
    hundred = replace(
        data,
        members=tuple(
            criteria.Member(
                name=o.name,
                sector=o.sector.slug,
                country=str(o.country or ""),
                region=o.region.slug,
                is_global=o.is_global,
                constituencies=tuple(c.slug for c in o.constituencies.all()),
                role="lead" if i == 0 else "member",
            )
            for i, o in enumerate(organizations)
        ),
    )
    return hundred


def criteria_rows() -> list[dict]:
    """The pure validator on a 10-member proposal and on the same with 100 members; and the
    whole report for a 10-member proposal, database reads included."""
    from django.db.models import Count

    from coalitions import criteria, criteria_bridge
    from coalitions.models import Proposal

    proposal = (
        Proposal.objects.annotate(n=Count("members"))
        .filter(n=10)
        .order_by("pk")
        .select_related("edition")
        .prefetch_related(criteria_bridge.member_prefetch(), "work_plan", "contacts")
        .first()
    )
    if proposal is None:
        return [row("criteria report, 10 members", None, "µs", "", "no 10-member proposal")]
    data = criteria_bridge.proposal_data(proposal)
    limits, ref = criteria_bridge.thresholds(proposal.edition), criteria_bridge.reference()
    hundred = _with_100_members(data)

    def with_reads():
        fresh = (
            Proposal.objects.select_related("edition")
            .prefetch_related(criteria_bridge.member_prefetch(), "work_plan", "contacts")
            .get(pk=proposal.pk)
        )
        criteria_bridge.evaluate_proposal(fresh)

    return [
        row(
            "criteria report, 10 members",
            round(per_call(lambda: criteria.evaluate(data, limits, ref)) * 1e6, 1),
            "µs",
        ),
        row(
            f"criteria report, {len(hundred.members)} members",
            round(per_call(lambda: criteria.evaluate(hundred, limits, ref)) * 1e6, 1),
            "µs",
            "< 1000 µs",
        ),
        row(
            "criteria report with its database reads, 10 members",
            round(per_call(with_reads) * 1e3, 2),
            "ms",
        ),
    ]


# --- similarity and merge (coalitions.review.similarity, coalitions.review.merging) ---------


def similarity_rows(*, sample: int = 300, new_runs: int = 5) -> list[dict]:
    """Index every proposal; refresh the suggestions of the mergeable ones (what the Celery
    task does per proposal) — all of them, or an evenly spread `sample` whose mean gives the
    full pass (it takes over ten minutes at 5,000 on two cores); then one new submission
    against all of them."""
    if not available("coalitions.review.similarity"):
        return [
            row("similarity", None, "", "", "coalitions.review.similarity is not on this branch")
        ]
    from django.db import connection

    from coalitions.enums import OPEN_TO_REVIEW
    from coalitions.models import Posting, Proposal
    from coalitions.review import similarity

    proposals = list(Proposal.objects.order_by("pk").prefetch_related("themes"))
    start = time.perf_counter()
    for proposal in proposals:
        similarity.index(proposal)
    indexed = time.perf_counter() - start
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # What autovacuum does after a bulk load (as the seeder does for the other tables).
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Posting._meta.db_table}")
    mergeable = [p for p in proposals if p.status in OPEN_TO_REVIEW]
    step = max(1, len(mergeable) // sample) if sample else 1
    refreshed = mergeable[::step]
    start = time.perf_counter()
    for proposal in refreshed:
        similarity.refresh(proposal)
    per_proposal = (time.perf_counter() - start) / max(1, len(refreshed))
    measured = len(refreshed) == len(mergeable)
    rows = [
        row(f"similarity index, all {len(proposals)} proposals", round(indexed, 1), "s"),
        row(
            f"similarity suggestions, all {len(mergeable)} mergeable proposals",
            round(per_proposal * len(mergeable), 1),
            "s",
            "",
            "" if measured else f"{len(refreshed)} refreshed, times {len(mergeable)}",
        ),
        row("similarity suggestions, per proposal", round(1000 * per_proposal, 1), "ms"),
    ]
    if not mergeable:
        return rows
    return rows + _new_submission_rows(mergeable[len(mergeable) // 2], len(proposals), new_runs)


def _new_submission_rows(original, total: int, new_runs: int) -> list[dict]:
    """A near copy of `original` re-filed and compared with all `total` proposals, rolled back;
    and the hint shown while writing."""
    from coalitions.enums import ProposalStatus
    from coalitions.models import Proposal
    from coalitions.review import similarity

    text = {f: getattr(original, f) for f in ("title", "summary", "principles", "asks")}
    # A re-filed near copy: the case the suggestions exist for.
    text["title"] = f"{text['title']} (resubmitted)"
    timings = []
    with rolled_back():
        for _ in range(new_runs + 1):
            new = Proposal.objects.create(
                edition_id=original.edition_id,
                owner_id=original.owner_id,
                status=ProposalStatus.SUBMITTED,
                **text,
            )
            start = time.perf_counter()
            similarity.refresh(new)
            timings.append(time.perf_counter() - start)
        hint = best_of(
            lambda: similarity.similar_to_text(text["principles"], edition_id=original.edition_id),
            runs=new_runs,
        )
    return [
        row(
            f"similarity, one new submission vs {total}",
            round(1000 * statistics.median(timings[1:]), 1),
            "ms",
            "< 300 ms",
        ),
        row("similar proposals hint while writing", round(1000 * hint, 1), "ms"),
    ]


def merge_rows(*, runs: int = 3) -> list[dict]:
    """An organizer merges 3 proposals into a new one, rolled back after each run."""
    if not available("coalitions.review.merging"):
        return [
            row("merge of 3 proposals", None, "", "", "coalitions.merging is not on this branch")
        ]
    from coalitions.enums import ProposalStatus
    from coalitions.models import Proposal
    from coalitions.review import merging

    actor = organizer()
    sources = list(
        Proposal.objects.filter(status=ProposalStatus.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)[:3]
    )
    if len(sources) < 3:
        return [row("merge of 3 proposals", None, "", "", "fewer than 3 submitted proposals")]

    def merge_once() -> float:
        with rolled_back():
            chosen = list(Proposal.objects.filter(pk__in=sources).order_by("pk"))
            start = time.perf_counter()
            merging.merge(chosen, actor=actor, reason="Benchmark merge", title="Merged coalition")
            return time.perf_counter() - start

    times = [merge_once() for _ in range(runs + 1)][1:]
    return [row("merge of 3 proposals", round(1000 * statistics.median(times), 1), "ms")]


# --- partner suggestions (coalitions.partner_search) ------------------------------------------


def partner_rows(*, runs: int = 5) -> list[dict]:
    """Suggestions for one proposal that misses C1, against every organization in the
    directory: inside a rolled-back transaction every organization gets a representative
    looking for coalitions, so all of them are listed candidates."""
    name = "partner suggestions, one proposal vs {n} organizations"
    if not available("coalitions.organizations.partner_search"):
        return [row(name.format(n=0), None, "ms", "< 200 ms", "not on this branch")]
    from coalitions.enums import ProposalStatus, RepresentativeState
    from coalitions.models import Organization, Proposal, Representative
    from coalitions.organizations import partner_search

    submitted = Proposal.objects.filter(status=ProposalStatus.SUBMITTED).order_by("pk")
    pk = submitted.filter(failing_criteria__contains="C1").values_list("pk", flat=True).first()
    # A tiny seed may have none that misses C1: any proposal still exercises the lookup.
    pk = pk or Proposal.objects.order_by("pk").values_list("pk", flat=True).first()
    if pk is None:
        return [row(name.format(n=0), None, "ms", "< 200 ms", "no proposal")]
    with rolled_back():
        person = organizer()
        person.looking_for_coalitions = True
        person.save(update_fields=["looking_for_coalitions"])
        Representative.objects.bulk_create(
            Representative(organization_id=o, user=person, state=RepresentativeState.CONFIRMED)
            for o in Organization.objects.values_list("pk", flat=True)
        )
        n = Organization.objects.count()
        found: list = []

        def suggest() -> None:
            found[:] = partner_search.for_proposal(partner_search.loaded(pk), limit=10)

        took = best_of(suggest, runs=runs)
    note = f"{len(found)} suggested" if found else "no suggestion"
    return [row(name.format(n=n), round(1000 * took, 1), "ms", "< 200 ms", note)]


# --- the Co-Chairs' Summary -------------------------------------------------------------------


def summary_rows(*, reports: int) -> list[dict]:
    """Compile the accepted reports into the draft, then build and export it in each format."""
    from django.db.models import Count

    from impact.models import ConferenceEdition
    from summaries import compiler, exporters
    from summaries.enums import ReportStatus

    edition = (
        ConferenceEdition.objects.annotate(
            n=Count("sessions__report", filter=_accepted(ReportStatus.ACCEPTED))
        )
        .order_by("-n", "pk")
        .first()
    )
    if edition is None:
        return [row("summary", None, "", "", "no edition")]
    start = time.perf_counter()
    draft = compiler.compile_draft(edition)
    compiled = time.perf_counter() - start
    n = draft.entries.count()
    note = "" if n == reports else f"{n} accepted reports seeded, {reports} asked"
    rows = [row(f"compile {n} reports into the draft", round(compiled, 2), "s", "", note)]
    targets = {"docx": "< 10 s", "pdf": "< 60 s", "md": ""}
    names = {"docx": "DOCX", "pdf": "PDF", "md": "Markdown"}
    for fmt in ("docx", "pdf", "md"):
        start = time.perf_counter()
        document = compiler.build_document(edition, draft)
        data = exporters.render(document, fmt)
        exported = time.perf_counter() - start
        if not data:
            raise RuntimeError(f"the {fmt} export is empty")
        rows.append(
            row(
                f"{n} reports compiled and exported to {names[fmt]}",
                round(compiled + exported, 2),
                "s",
                targets[fmt],
            )
        )
    return rows


def _accepted(status: str):
    from django.db.models import Q

    return Q(sessions__report__status=status)


def run_all(reports: int = 300, similarity_sample: int = 300) -> list[dict]:
    return [
        *criteria_rows(),
        *similarity_rows(sample=similarity_sample),
        *merge_rows(),
        *partner_rows(),
        *summary_rows(reports=reports),
    ]
