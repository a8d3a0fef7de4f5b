"""Open data: the hub's list as JSON (paginated) and CSV, with the same filters as the page."""

from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from impact import csvsafe

from . import api_schema, opendata
from .filters import CoalitionFilter

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
CSV_LIMIT = 5000


def _open(response: HttpResponse) -> HttpResponse:
    # Public, credential-free data: any site may fetch it from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _page_size(request: HttpRequest) -> int:
    try:
        size = int(request.GET.get("page_size", DEFAULT_PAGE_SIZE))
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def _errors(filterset: CoalitionFilter) -> JsonResponse:
    return _open(JsonResponse({"errors": filterset.errors.get_json_data()}, status=400))


@require_GET
def coalitions_json(request: HttpRequest) -> HttpResponse:
    filterset = CoalitionFilter(request.GET, queryset=opendata.coalitions())
    if filterset.is_bound and not filterset.is_valid():
        return _errors(filterset)

    def build() -> dict:
        paginator = Paginator(filterset.qs, _page_size(request))
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            return {"status": 404, "data": {"detail": _("There is no such page.")}}
        query = request.GET.copy()

        def link(number: int) -> str:
            query["page"] = number
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        return {
            "status": 200,
            "data": {
                "count": paginator.count,
                "page": page.number,
                "pages": paginator.num_pages,
                "next": link(page.next_page_number()) if page.has_next() else None,
                "previous": link(page.previous_page_number()) if page.has_previous() else None,
                "results": [opendata.record(c, request.build_absolute_uri) for c in page],
            },
        }

    parts = build()
    response = JsonResponse(parts["data"], status=parts["status"], json_dumps_params={"indent": 1})
    return _open(response)


@require_GET
def coalitions_csv(request: HttpRequest) -> HttpResponse:
    filterset = CoalitionFilter(request.GET, queryset=opendata.coalitions())
    if filterset.is_bound and not filterset.is_valid():
        return _errors(filterset)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="impact-coalitions.csv"'
    writer = csvsafe.writer(response, bom=csvsafe.excel_requested(request))
    writer.writerow(opendata.CSV_COLUMNS)
    for coalition in filterset.qs[:CSV_LIMIT]:
        writer.writerow(opendata.csv_row(opendata.record(coalition, request.build_absolute_uri)))
    return _open(response)


@require_GET
def coalitions_schema(request: HttpRequest) -> HttpResponse:
    """The JSON Schema that every page of `/api/coalitions/` validates against."""
    data = api_schema.schema(request.build_absolute_uri())
    response = JsonResponse(data, json_dumps_params={"indent": 1})
    response["Content-Type"] = "application/schema+json"
    return _open(response)
