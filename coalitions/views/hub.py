from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Proposal


def hub(request: HttpRequest) -> HttpResponse:
    coalitions = Proposal.objects.published().order_by("-published_at")[:50]
    return render(request, "coalitions/hub.html", {"coalitions": coalitions})
