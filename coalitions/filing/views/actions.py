"""A filer's proposal: withdrawn, or exported as JSON."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import workflow
from ...permissions import get_filer_proposal
from ..interchange import export_proposal
from .eoi import full_proposals


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_filer_proposal(request, pk)
    try:
        workflow.withdraw(proposal, actor=request.user, reason=request.POST.get("reason", ""))
    except workflow.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The proposal has been withdrawn."))
    return redirect(proposal)


@login_required
def proposal_export(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_filer_proposal(request, pk, full_proposals(request))
    body = json.dumps(export_proposal(proposal), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = slugify(proposal.title)[:60] or f"proposal-{proposal.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response
