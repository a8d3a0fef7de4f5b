"""The JSON Schema of the hub's open data (`GET /api/coalitions/`), served at
`/api/coalitions/schema.json` so reusers can validate what they fetch.

Kept beside `coalitions.hub.opendata`, which builds the records it describes; a test validates
real responses against the served schema, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from ..enums import Activity, MemberRole, MilestoneStatus

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_NULLABLE_DATETIME = {"type": ["string", "null"], "format": "date-time"}
_SLUG = {"type": "string", "pattern": "^[-a-z0-9_]+$"}

MEMBER = {
    "type": "object",
    "required": ["name", "acronym", "role", "country", "region", "sector", "website"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "acronym": {"type": "string"},
        "role": {"enum": list(MemberRole.values)},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2, or empty"},
        "region": _SLUG,
        "sector": _SLUG,
        "website": {"type": "string"},
        "listed_without_name": {
            "type": "boolean",
            "description": "Listed without its name: name is 'An organization from <region>', "
            "acronym, country and website are empty",
        },
    },
}

MILESTONE = {
    "type": "object",
    "required": ["title", "date", "status", "updated_at"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string"},
        "date": {"type": ["string", "null"], "format": "date"},
        "status": {"enum": list(MilestoneStatus.values)},
        "updated_at": {
            **_NULLABLE_DATETIME,
            "description": "When the leads last reported progress on it (null: never).",
        },
    },
}

COALITION = {
    "type": "object",
    "required": [
        "slug",
        "title",
        "url",
        "edition",
        "published_at",
        "summary",
        "principles",
        "asks",
        "themes",
        "regions",
        "member_count",
        "global_south_share",
        "members",
        "activity",
        "last_report_at",
        "milestones",
    ],
    "additionalProperties": False,
    "properties": {
        "slug": _SLUG,
        "title": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "edition": {
            "type": "object",
            "required": ["slug", "name"],
            "additionalProperties": False,
            "properties": {"slug": _SLUG, "name": {"type": "string"}},
        },
        "published_at": _NULLABLE_DATETIME,
        "summary": {"type": "string"},
        "principles": {"type": "string"},
        "asks": {"type": "string"},
        "themes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "name"],
                "additionalProperties": False,
                "properties": {"slug": _SLUG, "name": {"type": "string"}},
            },
        },
        "regions": {"type": "array", "items": _SLUG},
        "member_count": {"type": "integer", "minimum": 0},
        "global_south_share": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
        "members": {"type": "array", "items": {"$ref": "#/$defs/member"}},
        "activity": {
            "enum": list(Activity.values),
            "description": (
                "active: progress reported within the edition's reporting interval; "
                "report_due: not for longer than that; inactive: not for twice as long."
            ),
        },
        "last_report_at": {
            **_NULLABLE_DATETIME,
            "description": "The latest progress report (a milestone or an update); null: none.",
        },
        "milestones": {"type": "array", "items": {"$ref": "#/$defs/milestone"}},
    },
}

_PAGE_LINK = {"type": ["string", "null"], "format": "uri"}


def schema(schema_id: str) -> dict:
    """The schema of one page of `/api/coalitions/`, with `schema_id` as its `$id`."""
    return {
        "$schema": DRAFT,
        "$id": schema_id,
        "title": "ImPACT Hub: published coalitions",
        "description": (
            "A page of GET /api/coalitions/. Only published coalitions appear, and never an "
            "e-mail address."
        ),
        "type": "object",
        "required": ["count", "page", "pages", "next", "previous", "results"],
        "additionalProperties": False,
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "next": _PAGE_LINK,
            "previous": _PAGE_LINK,
            "results": {"type": "array", "items": {"$ref": "#/$defs/coalition"}},
        },
        "$defs": {"coalition": COALITION, "member": MEMBER, "milestone": MILESTONE},
    }
