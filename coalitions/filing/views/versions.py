"""A proposal's versions for its filers: the list, one version, and restoring it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...models import ProposalVersion
from ...permissions import edit_state, get_filer_proposal, late_token
from .. import restoring


def _version(proposal, number: int) -> ProposalVersion:
    return get_object_or_404(proposal.versions.select_related("created_by"), number=number)


@login_required
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_filer_proposal(request, pk)
    rows = proposal.versions.select_related("created_by").defer("data", "criteria_report")
    return render(
        request,
        "coalitions/versions/list.html",
        {
            "proposal": proposal,
            "versions": rows,
            "editable": edit_state(proposal, late=late_token(request)).editable,
        },
    )


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    proposal = get_filer_proposal(request, pk)
    version = _version(proposal, number)
    return render(
        request,
        "coalitions/versions/detail.html",
        {
            "proposal": proposal,
            "version": version,
            "data": version.data,
            "editable": edit_state(proposal, late=late_token(request)).editable,
            "is_current": version.number == proposal.version,
        },
    )


@login_required
@require_POST
def version_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    proposal = get_filer_proposal(request, pk)
    version = _version(proposal, number)
    state = edit_state(proposal, late=late_token(request))
    if not state.editable:
        raise PermissionDenied(state.reason)
    restored = restoring.restore(proposal, version, actor=request.user)
    messages.success(
        request,
        _("Version %(old)d restored; saved as version %(new)d, every earlier one kept.")
        % {"old": version.number, "new": restored.number},
    )
    return redirect(reverse("coalitions:proposal-edit", args=[proposal.pk]))
