"""The API's operations: each one answers with the portal's own view, so rate limits, caching,
ETags, the 400/413/429 answers and the JSON are those of the unversioned paths; django-ninja
contributes the OpenAPI 3.1 document (`/api/schema/`) and its browsable page
(`/api/schema/docs/`, Swagger UI served from the static files).

Versioning: `/api/v1/…` is this version; the unversioned paths (`/api/coalitions/`…) answer
the same and stay. A change that would break a client (a field removed or renamed, a meaning
changed) goes to `/api/v2/…` while `/api/v1/` keeps answering; fields may be added within a
version (the README's "The API's contract").
"""

from __future__ import annotations

import copy
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger

from impact import views as impact_views
from impact.models import ConferenceEdition

from ..criteria_bridge import reference
from ..filing.views import api as filing_api
from ..geography import country_region_map
from ..hub import api as hub_api
from ..hub import opendata
from ..hub.exports import open_export
from ..hub.filters import CoalitionFilter
from ..organizations import directory
from ..organizations import views as directory_views
from ..organizations.directory_filters import OrganizationFilter
from . import schemas
from .document import ANY_JSON, NO_NUL, Document
from .parameters import filter_parameters, page_parameters

VERSION = "1"
LIMITED = {413: schemas.Refusal, 429: schemas.Refusal}


class PortalAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["info"]["description"] = (
            "The ImPACT Hub's open data and criteria check. This is version 1, at `/api/v1/`; "
            "the unversioned paths (`/api/coalitions/`…) answer the same and stay. Within a "
            "version fields may be added, never removed, renamed or given another meaning: "
            "such a change opens `/api/v2/` while v1 keeps answering."
        )
        _add_parameters(schema)
        _add_document(schema)
        _add_reference_slugs(schema)
        return schema


def _add_parameters(schema: dict) -> None:
    paths = schema["paths"]
    hub_path, directory_path = f"/api/v{VERSION}/coalitions/", f"/api/v{VERSION}/organizations/"
    paths[hub_path]["get"]["parameters"] = (
        filter_parameters(CoalitionFilter, opendata.coalitions()) + page_parameters()
    )
    paths[directory_path]["get"]["parameters"] = (
        filter_parameters(OrganizationFilter, directory.listing()) + page_parameters()
    )


def _add_document(schema: dict) -> None:
    """The criteria check's request body, described but not validated by django-ninja."""
    document = Document.model_json_schema(
        by_alias=True, ref_template="#/components/schemas/{model}"
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(document.pop("$defs", {}))
    components["Document"] = document
    components["AnyJSON"] = copy.deepcopy(ANY_JSON)


def _add_reference_slugs(schema: dict) -> None:
    """Replace each `x-reference` marker of the request body by the slugs the reference
    tables hold now."""
    tables, countries = reference(), sorted(country_region_map())
    slugs = {
        "sectors": sorted(tables.sectors),
        "regions": sorted(tables.regions),
        "constituency_types": sorted(tables.constituency_types),
        "conferences": ["", *ConferenceEdition.objects.values_list("slug", flat=True)],
        "countries": ["", *(f(code) for f in (str.upper, str.lower) for code in countries)],
    }
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.pop("x-any-json", False):
                node["$ref"] = "#/components/schemas/AnyJSON"
            table = node.pop("x-reference", None)
            if table:
                node.update({"type": "string", "enum": slugs[table]})
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


api = PortalAPI(
    title="ImPACT Hub API",
    version=VERSION,
    urls_namespace="api",
    openapi_url="schema/",
    docs_url="schema/docs/",
    docs=Swagger(settings={"tryItOutEnabled": False}),
)


def _to_django(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Exceptions go on to Django as from the unversioned paths: a rate limit answers 429
    through `RatelimitMiddleware`, anything else Django's error pages."""
    raise exc


api.add_exception_handler(Exception, _to_django)
api.add_exception_handler(Http404, _to_django)
v1 = Router(tags=["v1"], by_alias=True)

_coalitions_json = open_export("json")(hub_api.coalitions_json)


@v1.get(
    "coalitions/",
    response={
        200: schemas.CoalitionPage,
        400: schemas.FilterErrors,
        404: schemas.NoSuchPage,
        **LIMITED,
    },
    summary="Published coalitions, a page at a time",
    operation_id="coalitions_list",
)
def coalitions(request: HttpRequest) -> HttpResponse:
    """The hub's list with the filters of its page; cached for visitors, with an ETag."""
    return _coalitions_json(request)


@v1.get(
    "organizations/",
    response={
        200: schemas.OrganizationPage,
        400: schemas.FilterErrors,
        404: schemas.NoSuchPage,
        **LIMITED,
    },
    summary="The organization directory, a page at a time",
    operation_id="organizations_list",
)
def organizations(request: HttpRequest) -> HttpResponse:
    return directory_views.organizations_json(request)


@v1.get(
    "organizations/search/",
    response={200: schemas.Suggestions, 400: schemas.InputError, 403: schemas.SignIn, **LIMITED},
    summary="Up to 10 organizations by name or acronym (signed in)",
    operation_id="organizations_search",
    openapi_extra={
        "parameters": [
            {
                "name": "q",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "pattern": NO_NUL},
            }
        ]
    },
)
def organizations_search(request: HttpRequest) -> HttpResponse:
    return filing_api.organizations_search(request)


@v1.post(
    "criteria/check",
    response={200: schemas.CriteriaReport, 400: schemas.InputError, **LIMITED},
    summary="Check an interchange document against the criteria C1–C4",
    operation_id="criteria_check",
    openapi_extra={
        "parameters": [
            {
                "name": "conference",
                "in": "query",
                "required": False,
                "description": "The slug of a conference edition (empty: the "
                "document's, else the default edition).",
                "schema": {"type": "string", "x-reference": "conferences"},
            }
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}},
        },
    },
)
def criteria_check(request: HttpRequest) -> HttpResponse:
    """The interchange JSON (docs/interchange.md) in, the criteria report out."""
    return filing_api.criteria_check(request)


@v1.get(
    "healthz",
    response={200: schemas.Health, 503: schemas.Health},
    summary="Whether the database (and broker) answer",
    operation_id="healthz",
)
def healthz(request: HttpRequest) -> HttpResponse:
    return impact_views.healthz(request)


api.add_router(f"v{VERSION}/", v1)
