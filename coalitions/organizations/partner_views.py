"""Inviting a partner (filers, or reviewers on the coalition's behalf) and answering an
invitation (the organization's representatives)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalitions.enums import InvitationState
from coalitions.models import PartnerInvitation, Proposal
from coalitions.organizations import directory, invitations, partner_search, representatives
from coalitions.organizations.forms import PartnerInviteForm

CHECKLIST_SUGGESTIONS = 5


def panel(request: HttpRequest, proposal: Proposal, *, back: str = "") -> dict | None:
    """Partner suggestions for the checklist, the reviewer's change page and a support
    request: the best organizations to close the proposal's C1 and C2 gaps, by criterion."""
    if not proposal.pk or proposal.filer_sees_closed():
        return None
    if not invitations.may_invite(request.user, proposal):
        return None
    found = partner_search.for_proposal(proposal, limit=CHECKLIST_SUGGESTIONS)
    if not found:
        return None
    by_criterion: dict[str, list] = {}
    for suggestion in found:
        for criterion in suggestion.criteria:
            by_criterion.setdefault(criterion, []).append(suggestion)
    invited = proposal.partner_invitations.filter(state=InvitationState.PENDING)
    return {
        "proposal": proposal,
        "all": found,
        "by_criterion": by_criterion,
        "invited": set(invited.values_list("organization_id", flat=True)),
        "back": back or request.get_full_path(),
    }


def _back(request: HttpRequest, default: str) -> str:
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return back
    return default


@login_required
@require_POST
def invite(request: HttpRequest, pk: int, org: int) -> HttpResponse:
    proposal = partner_search.loaded(pk)
    if proposal is None or not invitations.may_invite(request.user, proposal):
        raise Http404  # others' proposals cannot even be confirmed to exist
    organization = get_object_or_404(directory.listed().filter(listed_without_name=False), pk=org)
    form = PartnerInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("message", [])))
        return redirect(_back(request, proposal.get_absolute_url()))
    try:
        invitations.invite(
            proposal, organization, actor=request.user, message=form.cleaned_data["message"]
        )
    except invitations.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(org)s is invited; its representatives will answer.") % {"org": organization.name},
        )
    return redirect(_back(request, proposal.get_absolute_url()))


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    invitation = get_object_or_404(
        PartnerInvitation.objects.select_related("organization", "proposal"), pk=pk
    )
    if not representatives.is_representative(request.user, invitation.organization):
        raise PermissionDenied(_("Only the organization's representatives may answer."))
    action = {"accept": invitations.accept, "decline": invitations.decline}.get(answer)
    if action is None:
        raise Http404
    try:
        action(invitation, actor=request.user)
    except invitations.InvitationError as error:
        messages.error(request, str(error))
    else:
        names = {"org": invitation.organization.name, "title": invitation.proposal.title}
        if answer == "accept":
            messages.success(request, _("%(org)s is now a member of “%(title)s”.") % names)
        else:
            messages.info(request, _("You declined the invitation of “%(title)s”.") % names)
    return redirect("coalitions:my-organizations")
