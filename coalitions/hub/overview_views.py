"""The organizers' overview of coalitions' progress, and its CSV exports."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from impact import audit, csvsafe
from impact.models import ConferenceEdition
from impact.roles import organizer_required

from . import overview


def _edition(request: HttpRequest) -> ConferenceEdition | None:
    slug = request.GET.get("edition", "")
    if not slug:
        return None
    # No slug holds a NUL character, and PostgreSQL refuses one in a query: not found.
    edition = ConferenceEdition.objects.filter(slug=slug).first() if "\x00" not in slug else None
    if edition is None:
        raise Http404
    return edition


@organizer_required
def progress_overview(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    rows = list(overview.coalitions(edition))
    context = {
        "edition": edition,
        "editions": ConferenceEdition.objects.all(),
        "groups": overview.by_activity(rows),
        "total": len(rows),
        "months": overview.milestones_by_month(edition),
        "query": request.GET.urlencode(),
    }
    return render(request, "coalitions/hub/overview.html", context)


@organizer_required
def progress_csv(request: HttpRequest, table: str) -> HttpResponse:
    edition = _edition(request)
    if table == "coalitions":
        header = overview.COALITION_COLUMNS
        rows = [overview.coalition_row(c) for c in overview.coalitions(edition)]
    elif table == "months":
        header = overview.MONTH_COLUMNS
        rows = [overview.month_row(m) for m in overview.milestones_by_month(edition)]
    else:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"impact-{table}-progress{'-' + edition.slug if edition else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csvsafe.writer(response, bom=csvsafe.excel_requested(request))
    writer.writerow(header)
    writer.writerows(rows)
    audit.record(
        "progress.exported",
        target=edition,
        request=request,
        after={"table": table, "rows": len(rows)},
    )
    return response
