"""The matched assignment against the database: what the solver (`review.matching`) is given,
the runs organizers preview and confirm, and the replacement of a declined assignment."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from celery import shared_task
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from impact import roles

from ..enums import AssignmentRunState
from ..models import Assignment, AssignmentRun, Network, Proposal, Reviewer
from ..permissions import conflict_organizations, conflicted, member_organizations
from ..workflow import TransitionNotAllowed
from . import matching
from .reviewing import _assign_one

log = logging.getLogger(__name__)


def load_problem(
    edition, proposal_ids: Iterable[int]
) -> tuple[list[matching.ProposalNeed], list[matching.ReviewerSlot], list[int]]:
    """The solver's input for these proposals of `edition` (a fixed number of queries)."""
    # Plain values, not model instances: at 5,000 proposals the instances cost more than the
    # solve.
    languages = dict(
        Proposal.objects.filter(pk__in=set(proposal_ids), edition=edition)
        .order_by("pk")
        .values_list("pk", "owner__language")
    )
    themes_of: dict[int, set[int]] = defaultdict(set)
    for proposal_id, theme_id in Proposal.themes.through.objects.filter(
        proposal_id__in=languages
    ).values_list("proposal_id", "theme_id"):
        themes_of[proposal_id].add(theme_id)
    members = member_organizations(languages)
    assigned: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    declined: dict[int, set[int]] = defaultdict(set)
    for proposal_id, network_id, reviewer_id, declined_at in Assignment.objects.filter(
        proposal_id__in=languages, reviewer__isnull=False
    ).values_list("proposal_id", "network_id", "reviewer_id", "declined_at"):
        if declined_at is None:
            assigned[proposal_id][network_id].add(reviewer_id)
        else:
            declined[proposal_id].add(reviewer_id)
    needs = [
        matching.ProposalNeed(
            proposal_id=pk,
            themes=frozenset(themes_of[pk]),
            language=language,
            members=frozenset(members[pk]),
            assigned={n: frozenset(users) for n, users in assigned[pk].items()},
            declined=frozenset(declined[pk]),
        )
        for pk, language in languages.items()
    ]
    slots = _reviewer_slots(edition)
    networks = list(Network.objects.values_list("pk", flat=True))
    return needs, slots, networks


def _reviewer_slots(edition) -> list[matching.ReviewerSlot]:
    """The active reviewers, with their load in `edition` and their conflicts."""
    profiles = list(
        Reviewer.objects.filter(active=True, user__is_active=True)
        .annotate(
            load=Count(
                "user__review_assignments",
                filter=Q(
                    user__review_assignments__proposal__edition=edition,
                    user__review_assignments__declined_at=None,
                ),
            )
        )
        .prefetch_related("themes")
    )
    conflicts = conflict_organizations(r.user_id for r in profiles)
    return [
        matching.ReviewerSlot(
            user_id=r.user_id,
            network_id=r.network_id,
            themes=frozenset(t.pk for t in r.themes.all()),
            languages=frozenset(r.languages or ()),
            capacity_left=max(r.capacity - r.load, 0),
            load=r.load,
            conflicts=frozenset(conflicts[r.user_id]),
        )
        for r in profiles
    ]


def plan_for(edition, proposal_ids: Iterable[int]) -> matching.Plan:
    needs, slots, networks = load_problem(edition, proposal_ids)
    return matching.solve(
        needs, slots, per_network=edition.reviewers_per_network, networks=networks
    )


def start_run(edition, proposals: Iterable[Proposal], *, actor) -> AssignmentRun:
    """Queue a matched assignment of `proposals` (organizers). Side effects: an
    `AssignmentRun` row, and the solve enqueued after commit (`coalitions.solve_assignment`)."""
    if not roles.is_organizer(actor):
        raise TransitionNotAllowed(_("Only organizers assign proposals."))
    run = AssignmentRun.objects.create(
        edition=edition, proposals=sorted(p.pk for p in proposals), created_by=actor
    )
    transaction.on_commit(lambda: solve_assignment.delay(run_id=run.pk))
    return run


def solve_run(run: AssignmentRun) -> AssignmentRun:
    """Compute the run's plan and keep it for the organizers' preview."""
    plan = plan_for(run.edition, run.proposals)
    run.plan = plan.as_dict()
    run.state = AssignmentRunState.READY
    run.save(update_fields=["plan", "state"])
    return run


def confirm_run(run: AssignmentRun, *, actor) -> int:
    """Write the previewed plan (organizers). Returns the assignments made.

    Rows that are no longer valid are skipped: a conflict declared since the preview, a
    reviewer no longer active. Side effects: `Assignment` rows, a `review_assigned` message to
    each reviewer, the run marked confirmed.
    """
    if not roles.is_organizer(actor):
        raise TransitionNotAllowed(_("Only organizers assign proposals."))
    with transaction.atomic():
        run = AssignmentRun.objects.select_for_update().get(pk=run.pk)
        if run.state != AssignmentRunState.READY:
            raise TransitionNotAllowed(_("This assignment is not waiting for confirmation."))
        made = _write(run.plan.get("assignments", []), actor=actor)
        run.state = AssignmentRunState.CONFIRMED
        run.confirmed_at = timezone.now()
        run.save(update_fields=["state", "confirmed_at"])
    return made


def _write(rows: list, *, actor) -> int:
    if not rows:
        return 0
    users = {r[2] for r in rows}
    profiles = {
        p.user_id: p
        for p in Reviewer.objects.filter(user_id__in=users, active=True).select_related(
            "user", "network"
        )
    }
    proposals = Proposal.objects.in_bulk({r[0] for r in rows})
    conflicts = conflict_organizations(users)
    members = member_organizations(proposals)
    made = 0
    for proposal_id, _network_id, user_id, _score in rows:
        profile, proposal = profiles.get(user_id), proposals.get(proposal_id)
        if profile is None or proposal is None:
            continue
        if conflicted(conflicts[user_id], members[proposal_id]):
            continue
        made += _assign_one(proposal, network=profile.network, reviewer=profile.user, actor=actor)
    return made


def decline(assignment: Assignment, *, user, reason: str = "") -> None:
    """The assigned reviewer declines; the same solver finds their replacement.

    Side effects: the assignment marked declined (it stays, so they are not proposed again),
    and `coalitions.replace_declined` enqueued after commit.
    """
    if assignment.reviewer_id != user.pk:
        raise TransitionNotAllowed(_("Only the assigned reviewer may decline."))
    if assignment.declined_at is not None:
        raise TransitionNotAllowed(_("This assignment was already declined."))
    assignment.declined_at = timezone.now()
    assignment.decline_reason = reason[:300]
    assignment.save(update_fields=["declined_at", "decline_reason"])
    proposal_id = assignment.proposal_id
    transaction.on_commit(lambda: replace_declined.delay(proposal_id=proposal_id))


def replace(proposal: Proposal) -> AssignmentRun:
    """Re-solve one proposal (after a decline) and write the result at once: no preview, the
    organizers having confirmed the assignment it replaces. The run is kept, with what could
    not be covered and why."""
    plan = plan_for(proposal.edition, [proposal.pk])
    with transaction.atomic():
        _write(plan.assignments, actor=None)
        return AssignmentRun.objects.create(
            edition=proposal.edition,
            proposals=[proposal.pk],
            plan=plan.as_dict(),
            state=AssignmentRunState.CONFIRMED,
            confirmed_at=timezone.now(),
        )


def reason_text(code: str) -> str:
    texts = {
        "no_reviewers": _("The network has no active reviewers."),
        "conflicts": _(
            "Too few of the network's reviewers may take it (conflicts of interest, declines "
            "or assignments it already has)."
        ),
        "capacity": _("The reviewers who may take it are at capacity."),
    }
    return texts.get(code, code)


# --- the Celery jobs (registered through `CoalitionsConfig.ready`) -------------------------------


@shared_task(name="coalitions.solve_assignment", acks_late=True)
def solve_assignment(*, run_id: int) -> int:
    """Solve a queued matched assignment. Returns the places filled."""
    run = AssignmentRun.objects.filter(pk=run_id).select_related("edition").first()
    if run is None:
        log.info("assignment run %s is gone; nothing to solve", run_id)
        return 0
    return len(solve_run(run).plan["assignments"])


@shared_task(name="coalitions.replace_declined", acks_late=True)
def replace_declined(*, proposal_id: int) -> int:
    """Find a replacement for a declined assignment. Returns the assignments written."""
    proposal = Proposal.objects.filter(pk=proposal_id).select_related("edition").first()
    if proposal is None:
        log.info("proposal %s is gone; nothing to replace", proposal_id)
        return 0
    return len(replace(proposal).plan["assignments"])
