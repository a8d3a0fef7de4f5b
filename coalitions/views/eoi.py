from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Proposal


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    proposals = Proposal.objects.editable_by(request.user).select_related("edition")
    return render(request, "coalitions/dashboard.html", {"proposals": proposals})


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = Proposal.objects.editable_by(request.user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return render(request, "coalitions/proposal_detail.html", {"proposal": proposal})
