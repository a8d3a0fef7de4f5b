"""The public hub: list, coalition page, asking to join, and the leads' page.

Anonymous visitors get the pages from the cache (`coalitions.hub.cache.anonymous_page`: whole
pages with the visitor's CSRF token filled in, or the cached body in a layout rendered for a
visitor with a session or messages).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impact.concurrency import TOKEN_FIELD, EditToken, StaleEdit
from impact.ratelimits import limit

from ..enums import JoinRequestState
from ..models import JoinRequest, Proposal, WorkPlanItem
from ..permissions import manages_coalition
from . import cache as hub_cache
from . import coalitions as hub
from . import progress
from .filters import CoalitionFilter
from .forms import (
    DecisionForm,
    JoinForm,
    ProgressForm,
    UpdateForm,
    WorkPlanFormSet,
    rebased_plan,
    work_plan_conflict,
    work_plan_token,
)

PAGE_SIZE = 20


def coalition_list(request: HttpRequest) -> HttpResponse:
    def build() -> dict:
        filterset = CoalitionFilter(request.GET, queryset=hub.listing())
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        cards = [(coalition, hub.membership(coalition.members.all())) for coalition in page]
        query = request.GET.copy()
        query.pop("page", None)
        body = render_to_string(
            "coalitions/hub/_list.html",
            {"filter": filterset, "page": page, "cards": cards, "query": query.urlencode()},
            request=request,
        )
        return {"body": body, "count": page.paginator.count}

    return hub_cache.anonymous_page(request, "list", build, "coalitions/hub/list.html")


def _published(slug: str) -> Proposal:
    return get_object_or_404(Proposal.objects.published(), public_slug=slug)


def coalition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    signed_in = request.user.is_authenticated

    def build() -> dict:
        coalition = hub.detail_queryset().filter(public_slug=slug).first()
        if coalition is None:
            raise Http404
        context = {
            "coalition": coalition,
            "timeline": progress.timeline(coalition, list(coalition.work_plan.all())),
            "history": progress.history(coalition),
            "membership": hub.membership(coalition.members.all()),
            "sessions": hub.sessions_for(coalition),
            "updates": hub.recent_updates(coalition),
            "show_emails": signed_in,
            # A contact's organization is not shown when it names a member listed without
            # its name.
            "unnamed_organizations": {
                text.lower()
                for m in coalition.members.all()
                if m.organization.listed_without_name
                for text in (m.organization.name, m.organization.acronym)
                if text
            },
        }
        if signed_in:
            context["manages"] = manages_coalition(request.user, coalition)
            context["my_requests"] = list(
                coalition.join_requests.filter(requested_by=request.user)
                .select_related("organization")
                .order_by("-created_at")[:5]
            )
        return {
            "body": render_to_string("coalitions/hub/_detail.html", context, request=request),
            "title": coalition.title,
            "description": Truncator(coalition.summary or coalition.principles).chars(200),
            "path": request.path,
        }

    return hub_cache.anonymous_page(request, f"detail:{slug}", build, "coalitions/hub/detail.html")


@login_required
@limit("join_request", method="POST")
def join(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = _published(slug)
    form = JoinForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            hub.request_to_join(
                coalition,
                user=request.user,
                organization=form.organization_to_use(),
                message=form.cleaned_data["message"],
            )
        except hub.HubError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your request has been sent to the coalition's leads."))
            return redirect("coalitions:hub-detail", slug=slug)
    return render(request, "coalitions/hub/join.html", {"coalition": coalition, "form": form})


def _lead_coalition(request: HttpRequest, slug: str) -> Proposal:
    coalition = _published(slug)
    if not manages_coalition(request.user, coalition):
        raise PermissionDenied(_("Only the coalition's leads may manage it."))
    return coalition


def _manage_page(
    request,
    coalition,
    *,
    update_form=None,
    work_plan=None,
    progress_form=None,
    conflict=None,
    status=200,
):
    requests = coalition.join_requests.select_related("organization__region", "requested_by")
    bound = progress_form.milestone.pk if progress_form else None
    context = {
        # One form per milestone; the one just posted keeps what was typed and its errors.
        "progress_forms": [
            progress_form if m.pk == bound else ProgressForm(milestone=m)
            for m in coalition.work_plan.all()
        ],
        "history": progress.history(coalition, limit=10),
        "coalition": coalition,
        "pending": [r for r in requests if r.state == JoinRequestState.PENDING],
        "decided": [r for r in requests if r.state != JoinRequestState.PENDING][:10],
        "decision_form": DecisionForm(),
        "update_form": update_form or UpdateForm(),
        "work_plan": work_plan or WorkPlanFormSet(instance=coalition, prefix="plan"),
        "plan_token": (
            work_plan.data.get(TOKEN_FIELD, "")
            if work_plan
            else work_plan_token(coalition).encode()
        ),
        "plan_conflict": conflict,
    }
    return render(request, "coalitions/hub/manage.html", context, status=status)


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    return _manage_page(request, _lead_coalition(request, slug))


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    coalition = _lead_coalition(request, slug)
    join_request = get_object_or_404(JoinRequest, pk=pk, proposal=coalition)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    action = {"accept": hub.accept, "decline": hub.decline}.get(decision)
    if action is None:
        raise Http404
    try:
        action(join_request, actor=request.user, note=note)
    except hub.HubError as error:
        messages.error(request, str(error))
    else:
        name = join_request.organization.name
        if decision == "accept":
            messages.success(request, _("%(org)s is now a member.") % {"org": name})
        else:
            messages.info(request, _("The request of %(org)s was declined.") % {"org": name})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = hub.manage_url(coalition)
    return redirect(back)


@login_required
@require_POST
def post_update(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = _lead_coalition(request, slug)
    form = UpdateForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, coalition, update_form=form, status=400)
    hub.post_update(coalition, actor=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Your update is on the coalition's page."))
    return redirect(hub.manage_url(coalition))


@login_required
@require_POST
def edit_work_plan(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = _lead_coalition(request, slug)
    token = EditToken.decode(request.POST.get(TOKEN_FIELD))
    if token is not None and token.version != coalition.edit_version:
        return _stale_work_plan(request, coalition)
    formset = WorkPlanFormSet(request.POST, instance=coalition, prefix="plan")
    if not formset.is_valid():
        return _manage_page(request, coalition, work_plan=formset, status=400)
    try:
        hub.save_work_plan(coalition, formset, actor=request.user, token=token)
    except StaleEdit:
        return _stale_work_plan(request, _published(slug))
    messages.success(request, _("The work plan is saved."))
    return redirect(hub.manage_url(coalition))


def _stale_work_plan(request: HttpRequest, coalition: Proposal) -> HttpResponse:
    """Another lead saved the plan since this one opened it: nothing saved; their rows
    shown as typed over the plan saved now, with what changed (impact.concurrency)."""
    formset = WorkPlanFormSet(
        rebased_plan(request.POST, coalition), instance=coalition, prefix="plan"
    )
    conflict = work_plan_conflict(coalition)
    return _manage_page(request, coalition, work_plan=formset, conflict=conflict, status=409)


@login_required
@require_POST
def report_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    coalition = _lead_coalition(request, slug)
    milestone = get_object_or_404(WorkPlanItem, pk=pk, proposal=coalition)
    form = ProgressForm(request.POST, milestone=milestone)
    if not form.is_valid():
        return _manage_page(request, coalition, progress_form=form, status=400)
    try:
        progress.report(milestone, actor=request.user, **form.cleaned_data)
    except progress.ProgressError as error:
        raise PermissionDenied(str(error)) from error
    messages.success(
        request,
        _("Progress on “%(title)s” is on the coalition's page.") % {"title": milestone.title},
    )
    return redirect(f"{hub.manage_url(coalition)}#progress")
