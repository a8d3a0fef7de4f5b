"""The public organization directory, its open data, and claiming to act for an organization."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coalitions.hub.api import _open, _page_size
from coalitions.models import Organization, Representative
from coalitions.organizations import (
    corrections,
    directory,
    history,
    invitations,
    panel,
    partner_search,
    representatives,
)
from coalitions.organizations.directory_filters import OrganizationFilter
from coalitions.organizations.forms import LookingForm, PartnerInviteForm
from coalitions.permissions import may_edit_organization, may_hide_name
from impact import roles
from impact.ratelimits import limit

PAGE_SIZE = 20
# The newest corrections shown on "My organizations" (all of them on their own page).
CORRECTIONS_SHOWN = 10


def organization_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganizationFilter(request.GET, queryset=directory.listing())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "cards": [directory.card(org) for org in page],
        "query": query.urlencode(),
    }
    return render(request, "coalitions/directory/list.html", context)


@require_GET
def organizations_json(request: HttpRequest) -> HttpResponse:
    filterset = OrganizationFilter(request.GET, queryset=directory.listing())
    if filterset.is_bound and not filterset.is_valid():
        return _open(JsonResponse({"errors": filterset.errors.get_json_data()}, status=400))
    paginator = Paginator(filterset.qs, _page_size(request))
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        return _open(JsonResponse({"detail": _("There is no such page.")}, status=404))
    query = request.GET.copy()

    def link(number: int) -> str:
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    data = {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [directory.record(org, request.build_absolute_uri) for org in page],
    }
    return _open(JsonResponse(data, json_dumps_params={"indent": 1}))


def _invite_for(request: HttpRequest, org) -> dict:
    """When a filer opens a suggestion (`?proposal=`): that proposal and what the
    organization would add to it, if they may invite for it."""
    pk = request.GET.get("proposal", "")
    if not pk.isdigit() or not request.user.is_authenticated:
        return {}
    proposal = partner_search.loaded(int(pk))
    if proposal is None or not invitations.may_invite(request.user, proposal):
        return {}
    return {
        "invite_proposal": proposal,
        "suggestion": partner_search.describe(proposal, org),
        "invite_form": PartnerInviteForm(),
    }


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(directory.listing(), pk=pk)
    if org.listed_without_name and not (
        roles.is_reviewer(request.user) or may_hide_name(request.user, org)
    ):
        # Its page would name it: only those who may see its name open it.
        raise Http404
    context = {"card": directory.card(org), "organization": org}
    if request.user.is_authenticated:
        context["my_claim"] = org.representatives.filter(user=request.user).first()
        context["may_edit"] = may_edit_organization(request.user, org)
        context.update(_invite_for(request, org))
    return render(request, "coalitions/directory/detail.html", context)


@login_required
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(directory.listed(), pk=pk)
    if org.listed_without_name and not may_hide_name(request.user, org):
        raise Http404  # its name is in the answer
    try:
        rep = representatives.claim(org, user=request.user)
    except representatives.RepresentativeError as error:
        messages.error(request, str(error))
    else:
        if rep.state == "confirmed":
            messages.success(request, _("You now act for %(org)s.") % {"org": org.name})
        else:
            messages.success(
                request,
                _(
                    "Your claim is sent: an organizer or a representative of %(org)s "
                    "will confirm it."
                )
                % {"org": org.name},
            )
    return redirect("coalitions:directory-detail", pk=org.pk)


@login_required
@require_POST
def decide_claim(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    rep = get_object_or_404(Representative.objects.select_related("organization", "user"), pk=pk)
    if not representatives.may_decide(request.user, rep):
        raise PermissionDenied(_("Only an organizer or a representative may decide this claim."))
    action = {"confirm": representatives.confirm, "reject": representatives.reject}.get(decision)
    if action is None:
        raise Http404
    try:
        action(rep, actor=request.user)
    except representatives.RepresentativeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Claim answered."))
    return redirect("coalitions:my-organizations")


@login_required
def my_organizations(request: HttpRequest) -> HttpResponse:
    """The organizations the user acts for, a page at a time, with what waits for them: the
    same queries for one organization or fifty, and no partner search (`panel`)."""
    form = LookingForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your setting is saved."))
        return redirect("coalitions:my-organizations")
    orgs = representatives.represented_by(request.user).only("pk", "name", "acronym")
    page = Paginator(orgs, panel.PAGE_SIZE).get_page(request.GET.get("page"))
    shown = page.object_list
    context = {
        "form": form,
        "page": page,
        "panel": panel.Panel(
            invitations=list(invitations.pending_for(request.user)[: panel.PAGE_SIZE]),
            organizations=list(shown),
        ),
        "claims": list(representatives.claims_to_decide(request.user)[: panel.PAGE_SIZE]),
        "corrections": history.corrections_shown(
            corrections.to_decide(request.user)[:CORRECTIONS_SHOWN]
        ),
        "editable": set(
            representatives.vouched()
            .filter(user=request.user, organization__in=[o.pk for o in shown])
            .values_list("organization_id", flat=True)
        ),
        "my_claims": list(
            request.user.representations.filter(state="pending").select_related("organization")[
                : panel.PAGE_SIZE
            ]
        ),
    }
    return render(request, "coalitions/directory/mine.html", context)


@login_required
@limit("partner_suggestions", key="user")
def coalitions_to_help(request: HttpRequest, pk: int) -> HttpResponse:
    """The published coalitions an organization would help meet the criteria: for its
    representatives and organizers; a fragment (`?fragment=1`) the dashboard fetches after the
    page, or a page of its own without JavaScript."""
    org = get_object_or_404(Organization.objects.only("pk", "name", "updated_at"), pk=pk)
    if not (
        roles.is_organizer(request.user) or representatives.is_representative(request.user, org)
    ):
        raise PermissionDenied
    html = panel.to_help_html(request, org)
    if request.GET.get("fragment"):
        return HttpResponse(html)
    return render(
        request,
        "coalitions/directory/to_help.html",
        {"organization": org, "suggestions_html": html},
    )
