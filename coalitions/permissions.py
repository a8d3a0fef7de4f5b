"""Access helpers for filers: whose proposal is it, and may it still be edited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from .enums import ProposalStatus
from .models import Proposal
from .workflow import deadline_open_for


def filer_proposals(request: HttpRequest) -> QuerySet[Proposal]:
    """The proposals the signed-in user owns or co-edits."""
    return Proposal.objects.editable_by(request.user).select_related("edition", "owner")


def get_filer_proposal(request: HttpRequest, pk: int, queryset=None) -> Proposal:
    """The user's own or co-edited proposal; 404 for anyone else's, so that others' proposals
    cannot even be confirmed to exist."""
    proposal = (queryset if queryset is not None else filer_proposals(request)).filter(pk=pk)
    found = proposal.first()
    if found is None:
        raise Http404
    return found


def late_token(request: HttpRequest) -> str:
    """The late-submission token of the link an organizer issued (`?late=…`), if any."""
    return (request.GET.get("late") or request.POST.get("late") or "")[:64]


@dataclass(frozen=True)
class EditState:
    editable: bool
    reason: str = ""


def edit_state(proposal: Proposal, *, late: str = "") -> EditState:
    """Whether filers may change the proposal now, and if not, why (shown on the page)."""
    if proposal.status not in ProposalStatus.filer_editable():
        return EditState(
            False,
            _("This proposal is %(status)s: it can no longer be edited.")
            % {"status": proposal.get_status_display().lower()},
        )
    if not deadline_open_for(proposal, late_token=late):
        return EditState(
            False,
            _(
                "The deadline for expressions of interest has passed: this proposal is "
                "read-only. Ask the organizers to reopen it if you need to change it."
            ),
        )
    return EditState(True)


def may_submit(proposal: Proposal) -> bool:
    return proposal.status in {ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED}
