"""The small JSON API of the filer's pages: organization suggestions and the criteria check."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from coalitions import criteria
from coalitions.organizations import records as organizations
from impact import jsoninput
from impact.jsoninput import JSONInputError
from impact.ratelimits import limit

from ...criteria_bridge import parse_for_edition, reference, thresholds
from ..checks import filing_warnings


@require_GET
@limit("organization_search")
def organizations_search(request: HttpRequest) -> JsonResponse:
    """`GET /api/organizations/search/?q=` — up to 10 organizations by name or acronym
    (signed in)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "sign in to search organizations"}, status=403)
    query = request.GET.get("q", "")
    try:
        jsoninput.check_text(query, "q")
    except JSONInputError as exc:
        return JsonResponse(exc.as_dict(), status=400)
    found = organizations.search(query)
    return JsonResponse({"results": [organizations.as_json(o) for o in found]})


# It changes nothing and needs no account, so there is no session for CSRF to protect.
@csrf_exempt
@require_POST
@limit("criteria_api")
def criteria_check(request: HttpRequest) -> JsonResponse:
    """`POST /api/criteria/check` — the interchange JSON in, the criteria report out;
    400 with `{"field": …, "error": …, "code": …}` on bad input (`impact.jsoninput`)."""
    try:
        conference = request.GET.get("conference", "")
        jsoninput.check_text(conference, "conference")
        data = jsoninput.loads_body(request)
        parsed, edition = parse_for_edition(data, conference=conference)
    except JSONInputError as exc:
        return JsonResponse(exc.as_dict(), status=400)
    report = criteria.evaluate(parsed, thresholds(edition), reference())
    # `warnings` (the form's own checks) come beside the report of docs/interchange.md.
    warnings = filing_warnings(
        parsed.members, parsed.work_plan, starts_on=edition.starts_on, horizon=edition.horizon_date
    )
    return JsonResponse({**report.to_dict(), "warnings": warnings})
