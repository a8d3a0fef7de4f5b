"""Pages of the matched assignment and the networks' discussion: the run's preview and its
confirmation (organizers), declining an assignment and declaring one's themes, languages,
capacity and conflicts (reviewers), and a proposal's discussion thread."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from impact import roles

from ..models import (
    Assignment,
    AssignmentRun,
    Conflict,
    DiscussionClosure,
    Network,
    Proposal,
    Reviewer,
)
from ..permissions import hidden_proposals, may_discuss
from ..workflow import TransitionNotAllowed
from . import assigning, conflicts, discussion
from .forms import (
    CloseDiscussionForm,
    ConflictForm,
    DeclineForm,
    DiscussionForm,
    ReviewerProfileForm,
)

PREVIEW_ROWS = 200


@login_required
def assignment_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview of a matched assignment: who gets what, each reviewer's load, what could not
    be covered and why; organizers confirm it here."""
    if not roles.is_organizer(request.user):
        raise PermissionDenied
    run = get_object_or_404(AssignmentRun, pk=pk)
    if request.method == "POST":
        try:
            made = assigning.confirm_run(run, actor=request.user)
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext("%(count)d assignment made.", "%(count)d assignments made.", made)
                % {"count": made},
            )
        return redirect("coalitions:assignment-run", pk=run.pk)
    plan = run.plan or {}
    rows = plan.get("assignments", [])[:PREVIEW_ROWS]
    uncovered = plan.get("uncovered", [])[:PREVIEW_ROWS]
    loads = plan.get("loads", {})
    proposal_ids = {r[0] for r in rows} | {u["proposal_id"] for u in uncovered}
    user_ids = {r[2] for r in rows} | {int(k) for k in loads}
    titles = dict(Proposal.objects.filter(pk__in=proposal_ids).values_list("pk", "title"))
    people = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "email"))
    networks = {n.pk: str(n) for n in Network.objects.all()}
    return render(
        request,
        "coalitions/review/assignment_run.html",
        {
            "run": run,
            "rows": [
                {
                    "proposal": titles.get(p, p),
                    "network": networks.get(n, n),
                    "reviewer": people.get(u, u),
                    "score": s,
                }
                for p, n, u, s in rows
            ],
            "total": len(plan.get("assignments", [])),
            "loads": sorted(
                ((people.get(int(k), k), v) for k, v in loads.items()), key=lambda kv: -kv[1]
            ),
            "uncovered": [
                {
                    "proposal": titles.get(u["proposal_id"], u["proposal_id"]),
                    "network": networks.get(u["network_id"], u["network_id"]),
                    "missing": u["missing"],
                    "reason": assigning.reason_text(u["reason"]),
                }
                for u in uncovered
            ],
            "uncovered_total": len(plan.get("uncovered", [])),
        },
    )


@login_required
@require_POST
def decline_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    """The assigned reviewer declines; the solver finds a replacement in the background."""
    assignment = get_object_or_404(Assignment, pk=pk)
    if assignment.reviewer_id != request.user.pk:
        raise PermissionDenied
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            assigning.decline(assignment, user=request.user, reason=form.cleaned_data["reason"])
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Declined: another reviewer will be assigned."))
    return redirect("coalitions:reviewer-profile")


def _profile_page(request, profile, *, form=None, conflict_form=None, status=200):
    return render(
        request,
        "coalitions/review/reviewer_profile.html",
        {
            "form": form or ReviewerProfileForm(instance=profile, prefix="profile"),
            "conflict_form": conflict_form or ConflictForm(prefix="conflict"),
            "conflicts": Conflict.objects.filter(user=request.user).select_related("organization"),
            "assignments": without_conflicts_of(
                Assignment.objects.filter(reviewer=request.user, declined_at=None), request.user
            )
            .select_related("proposal", "network")
            .order_by("-created_at")[:50],
        },
        status=status,
    )


def without_conflicts_of(assignments, user):
    """Never an assignment of a proposal the reviewer has a conflict with (withdrawn as it
    appears: `review.conflicts`), whatever was left from before."""
    return assignments.exclude(proposal__in=hidden_proposals(user))


def _own_profile(request: HttpRequest) -> Reviewer:
    profile = Reviewer.objects.filter(user=request.user).first()
    if profile is None:
        raise PermissionDenied
    return profile


@login_required
def reviewer_profile(request: HttpRequest) -> HttpResponse:
    """A reviewer declares their themes, working languages and capacity; the page also lists
    their conflicts of interest and assignments."""
    profile = _own_profile(request)
    if request.method != "POST":
        return _profile_page(request, profile)
    form = ReviewerProfileForm(request.POST, instance=profile, prefix="profile")
    if not form.is_valid():
        return _profile_page(request, profile, form=form, status=400)
    form.save()
    messages.success(request, _("Saved."))
    return redirect("coalitions:reviewer-profile")


@login_required
@require_POST
def declare_conflict(request: HttpRequest) -> HttpResponse:
    """Declare a conflict of interest with an organization, with a reason; or remove one the
    reviewer declared (pinned ones stay: organizers set them)."""
    profile = _own_profile(request)
    if "remove" in request.POST:
        conflicts.remove(request.user, request.POST.get("remove"))
        return redirect("coalitions:reviewer-profile")
    conflict_form = ConflictForm(request.POST, prefix="conflict")
    if not conflict_form.is_valid():
        return _profile_page(request, profile, conflict_form=conflict_form, status=400)
    data = conflict_form.cleaned_data
    with transaction.atomic():
        conflict = conflicts.declare(request.user, data["organization"], data["reason"])
    messages.success(request, _("Conflict of interest declared."))
    if conflict.withdrawn:
        messages.info(
            request,
            ngettext(
                "%(count)d assignment withdrawn: another reviewer will be assigned.",
                "%(count)d assignments withdrawn: other reviewers will be assigned.",
                len(conflict.withdrawn),
            )
            % {"count": len(conflict.withdrawn)},
        )
    return redirect("coalitions:reviewer-profile")


@login_required
def discussion_thread(request: HttpRequest, pk: int) -> HttpResponse:
    """The networks' discussion of one proposal; organizers close it with the reasons."""
    proposal = get_object_or_404(Proposal, pk=pk)
    if not may_discuss(request.user, proposal):
        raise PermissionDenied
    closure = DiscussionClosure.objects.filter(proposal=proposal).first()
    form = DiscussionForm(None if "reasons" in request.POST else request.POST or None)
    close_form = CloseDiscussionForm(request.POST if "reasons" in request.POST else None)
    if request.method == "POST" and closure is None:
        try:
            if close_form.is_bound and close_form.is_valid():
                reasons = close_form.cleaned_data["reasons"]
                discussion.close(proposal, actor=request.user, reasons=reasons)
                return redirect("coalitions:discussion", pk=proposal.pk)
            if form.is_bound and form.is_valid():
                discussion.post(proposal, author=request.user, body=form.cleaned_data["body"])
                return redirect("coalitions:discussion", pk=proposal.pk)
        except TransitionNotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
    return render(
        request,
        "coalitions/review/discussion.html",
        {
            "proposal": proposal,
            "form": form,
            "close_form": close_form if roles.is_organizer(request.user) else None,
            "closure": closure,
            "standing": discussion.standing(proposal),
            "thread": proposal.discussion_messages.select_related("author")[:500],
        },
        status=400 if request.method == "POST" else 200,
    )
