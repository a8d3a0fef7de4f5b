"""The page a reviewer with a conflict of interest gets instead of a proposal: that it exists,
and why it is hidden from them, with nothing of its content or its reviews."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Organization, Reviewer
from ..permissions import hidden_proposals


class HidesConflicts:
    """An admin of rows that show a proposal (a review, an assignment, a suggestion): rows of
    proposals the reviewer's organization is a member of are left out of its lists, searches
    and pages, so their titles and reviews never reach that reviewer."""

    conflict_paths: tuple[str, ...] = ("proposal",)

    def get_queryset(self, request):
        rows = super().get_queryset(request)  # type: ignore[misc]
        for path in self.conflict_paths:
            rows = rows.exclude(**{f"{path}__in": hidden_proposals(request.user)})
        return rows


def hidden_by_conflict(request: HttpRequest, proposal_id: int) -> HttpResponse:
    org_id = Reviewer.objects.filter(user=request.user).values_list("organization_id", flat=True)
    organization = Organization.objects.filter(pk__in=org_id).only("name").first()
    return render(
        request,
        "coalitions/review/hidden.html",
        {"proposal_id": proposal_id, "organization": organization},
        status=403,
    )
