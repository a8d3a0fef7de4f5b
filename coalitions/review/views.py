"""Review pages outside the admin. Thin: check access, validate, call the domain, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coalitions import workflow
from coalitions.organizations import partner_search, partner_views
from impact import roles

from ..enums import OPEN_TO_REVIEW, ProposalStatus, SupportKind
from ..models import MergeConsent, Network, Proposal, Review, SupportFollowUp
from ..permissions import has_conflict, may_weigh_portfolio, without_conflicts
from ..workflow import TransitionNotAllowed
from . import decision_letters, reviewing
from . import merge_requests as merge_flow
from .desk import desk
from .forms import MergeAnswerForm, SupportFollowUpForm
from .hidden import hidden_by_conflict


def require_reviewer(user) -> None:
    if not roles.is_reviewer(user):
        raise PermissionDenied


def consents_for(user):
    """Merge consents the user answers for (proposals they own or co-edit), open ones first."""
    mine = Proposal.objects.editable_by(user).values("pk")
    return (
        MergeConsent.objects.filter(proposal__in=mine)
        .select_related("proposal", "request", "request__target")
        .prefetch_related("request__consents__proposal")
        .order_by("-request__status", "-request__created_at")
    )


@login_required
def review_home(request: HttpRequest) -> HttpResponse:
    """The reviewers' and organizers' start page (where they land after signing in)."""
    require_reviewer(request.user)
    return render(
        request,
        "coalitions/review/home.html",
        {"desk": desk(request.user), "weighs_portfolio": may_weigh_portfolio(request.user)},
    )


@login_required
def merge_requests(request: HttpRequest) -> HttpResponse:
    consents = list(consents_for(request.user))
    forms = {c.pk: MergeAnswerForm(prefix=f"c{c.pk}") for c in consents}
    return _render_requests(request, consents, forms)


def _render_requests(request, consents, forms, status=200):
    for c in consents:
        c.form = forms.get(c.pk)
    return render(
        request, "coalitions/review/merge_requests.html", {"consents": consents}, status=status
    )


@login_required
@require_POST
def answer_merge(request: HttpRequest, pk: int) -> HttpResponse:
    consent = consents_for(request.user).filter(pk=pk).first()
    if consent is None:
        raise Http404
    form = MergeAnswerForm(request.POST, prefix=f"c{consent.pk}")
    if form.is_valid():
        try:
            result = merge_flow.answer(
                consent,
                actor=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except TransitionNotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            if result.status == "done":
                messages.success(request, _("Everyone accepted: the proposals are merged."))
            else:
                messages.success(request, _("Thank you, your answer is recorded."))
            return redirect("coalitions:merge-requests")
    consents = list(consents_for(request.user))
    forms = {c.pk: MergeAnswerForm(prefix=f"c{c.pk}") for c in consents}
    forms[consent.pk] = form
    return _render_requests(request, consents, forms, status=400)


@login_required
def network_view(request: HttpRequest) -> HttpResponse:
    """Per proposal: each network's reviews, mean score and leaning; flags disagreement."""
    require_reviewer(request.user)
    networks = list(Network.objects.all())
    visible = without_conflicts(Proposal.objects.all(), request.user)
    proposals = (
        visible.filter(status__in=OPEN_TO_REVIEW)
        .only("pk", "title", "status", "eligible", "failing_criteria")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=Review.objects.only(
                    "pk",
                    "proposal_id",
                    "network_id",
                    "recommendation",
                    "relevance",
                    "diversity",
                    "feasibility",
                ),
            )
        )
        .order_by("title", "pk")
    )
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    rows = []
    for p in page:
        summaries = reviewing.network_summary(p.reviews.all(), networks)
        rows.append(
            {
                "proposal": p,
                "summaries": summaries,
                "disagree": reviewing.networks_disagree(summaries),
            }
        )
    if request.GET.get("disagree"):
        rows = [r for r in rows if r["disagree"]]
    return render(
        request,
        "coalitions/review/network_view.html",
        {
            "rows": rows,
            "networks": networks,
            "page": page,
            "labels": reviewing.RECOMMENDATION_LABELS,
        },
    )


@login_required
def support_requests(request: HttpRequest) -> HttpResponse:
    require_reviewer(request.user)
    visible = without_conflicts(Proposal.objects.all(), request.user)
    proposals = (
        visible.exclude(status=ProposalStatus.DRAFT)
        .exclude(Q(support_requested=[]) & Q(support_details=""))
        .select_related("support_follow_up__assignee")
        .order_by("title", "pk")
    )
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    return render(request, "coalitions/review/support_requests.html", {"page": page})


@login_required
def support_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    require_reviewer(request.user)
    proposal = get_object_or_404(Proposal.objects.exclude(status=ProposalStatus.DRAFT), pk=pk)
    if has_conflict(request.user, proposal):
        return hidden_by_conflict(request, proposal.pk)
    follow_up = SupportFollowUp.objects.filter(proposal=proposal).first() or SupportFollowUp(
        proposal=proposal
    )
    form = SupportFollowUpForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():  # saved unchanged, it keeps who followed it up last
            saved = form.save(commit=False)
            saved.updated_by = request.user
            saved.save()
        messages.success(request, _("Follow-up saved."))
        return redirect("coalitions:support-requests")
    asks_partners = SupportKind.PARTNER_MATCHING in (proposal.support_requested or [])
    return render(
        request,
        "coalitions/review/support_follow_up.html",
        {
            "proposal": proposal,
            "form": form,
            "partners": partner_views.panel(request, partner_search.loaded(proposal.pk))
            if asks_partners
            else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
def held_decisions(request: HttpRequest) -> HttpResponse:
    """Organizers check the held decision letters of a group (a preview per kind and
    language, as sent) and release them together, after a confirmation stating how many
    letters go to how many people (no script needed)."""
    if not roles.is_organizer(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return _release(request, request.POST.get("hold_key", "").strip())
    return render(
        request, "coalitions/review/held_decisions.html", {"groups": decision_letters.held_groups()}
    )


def _release(request: HttpRequest, key: str) -> HttpResponse:
    letters, people = decision_letters.group_size(key) if key else (0, 0)
    if not letters:
        messages.error(request, _("Nothing is held in this group any more."))
        return redirect("coalitions:held-decisions")
    confirmed = request.POST.get("confirm") == "yes"
    # What the organizer confirmed must still be what goes: a letter added since asks again.
    unchanged = request.POST.get("expected") == str(letters)
    if not (confirmed and unchanged):
        error = ""
        if "expected" in request.POST:
            error = (
                _("The group changed since you looked: check the new number.")
                if not unchanged
                else _("Tick the box to confirm, or go back.")
            )
        context = {"key": key, "letters": letters, "people": people, "error": error}
        return render(
            request,
            "coalitions/review/release_confirm.html",
            context,
            status=400 if error else 200,
        )
    count = workflow.release_decisions(key, actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d message released (%(key)s).",
            "%(count)d messages released (%(key)s).",
            count,
        )
        % {"count": count, "key": key},
    )
    return redirect("coalitions:held-decisions")
