"""Inviting co-editors and accepting an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impact.ratelimits import limit

from ...models import EditorInvitation
from ...permissions import get_filer_proposal
from .. import coediting
from ..forms import InviteForm
from .eoi import _detail_page, full_proposals


@login_required
@require_POST
@limit("coeditor_invitation")
def proposal_invite(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_filer_proposal(request, pk, full_proposals(request))
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            coediting.invite(proposal, email=form.cleaned_data["email"], invited_by=request.user)
        except coediting.InvitationError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect(proposal)
    return _detail_page(request, proposal, invite_form=form)


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: anonymous visitors sign in (or up) first."""
    found = EditorInvitation.objects.select_related("proposal__edition", "invited_by").filter(
        token=token
    )
    invite = found.first()
    if invite is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            proposal = coediting.accept(invite, user=request.user)
        except coediting.InvitationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("You are now a co-editor of this proposal."))
            return redirect("coalitions:proposal-edit", pk=proposal.pk)
    elif not coediting.addressed_to(invite, request.user):
        error = _(
            "This invitation was sent to %(email)s: sign in with that address to accept it."
        ) % {"email": invite.email}
    if invite.accepted_at and invite.accepted_by_id == request.user.pk:
        return redirect("coalitions:proposal-edit", pk=invite.proposal_id)
    return render(
        request,
        "coalitions/eoi/invitation.html",
        {"invitation": invite, "error": error},
        status=403 if error else 200,
    )
