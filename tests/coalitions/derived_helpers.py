"""Builders for the tests of the stored criteria and the sources they follow."""

from __future__ import annotations

import datetime
import json

from django.test import TestCase

from coalitions import derived
from coalitions.criteria_bridge import evaluate_proposal, forget_reference, member_prefetch
from coalitions.enums import MemberRole, ProposalStatus
from coalitions.filing.versions import snapshot
from coalitions.models import Proposal
from tests.factories import (
    OrganizationFactory,
    ProposalFactory,
    ProposalMemberFactory,
    WorkPlanItemFactory,
    region,
)

PLAN = " ".join(["We will meet Member States and UN agencies in every region"] * 3)
# Five regions, three of them in the global south; three constituency types between them.
PARTNERS = [
    ("africa", "KE", ["ngos"]),
    ("asia_pacific", "IN", ["women"]),
    ("latin_america_caribbean", "PE", ["children_youth"]),
    ("europe", "FR", []),
    ("north_america", "US", []),
]


def eligible_proposal(edition, title: str, *, status=ProposalStatus.SUBMITTED) -> Proposal:
    """A proposal meeting C1–C4 at the default thresholds, saved as the EOI form saves it (a
    version snapshot evaluates and stores its criteria), and committed: what its creation
    queued has run, so a test sees only what its own changes queue."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        proposal = _built(edition, title, status)
    proposal.refresh_from_db()
    assert proposal.eligible, proposal.failing_criteria
    return proposal


def _built(edition, title: str, status: str) -> Proposal:
    proposal = ProposalFactory(
        edition=edition,
        title=title,
        status=status,
        engagement_targets=["member_states"],
        engagement_plan=PLAN,
    )
    for i, (slug, country, types) in enumerate(PARTNERS):
        org = OrganizationFactory(
            name=f"{title} partner {i}", region=region(slug), country=country, constituencies=types
        )
        role = MemberRole.LEAD if i == 0 else MemberRole.MEMBER
        ProposalMemberFactory(proposal=proposal, organization=org, role=role)
    WorkPlanItemFactory(proposal=proposal, date=edition.ends_on - datetime.timedelta(days=1))
    WorkPlanItemFactory(proposal=proposal, date=edition.horizon_date)
    snapshot(proposal, actor=None)
    return proposal


def live_report(proposal: Proposal) -> tuple[dict, bool, str]:
    """What the change page says now, from the tables (not the reference cache), as stored."""
    report = evaluate_proposal(proposal)
    return json.loads(json.dumps(report.to_dict())), report.eligible, " ".join(report.failing)


def stale_and_live() -> list[tuple[str, tuple, tuple]]:
    """Every proposal whose stored criteria differ from a live evaluation: (title, stored,
    live). Empty when the stored criteria follow their sources."""
    forget_reference()
    found = []
    for p in (
        derived.live()
        .select_related("edition")
        .prefetch_related(member_prefetch(), "work_plan", "contacts")
    ):
        stored = (p.criteria_report, p.eligible, p.failing_criteria)
        live = live_report(p)
        if stored != live:
            found.append((p.title, stored, live))
    return found
