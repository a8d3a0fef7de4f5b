"""The interchange document (docs/interchange.md) as the request body of the criteria check.

Only described here: the view reads the body with `impact.jsoninput` and the criteria parser,
which answer 400 in the API's own format, so django-ninja never validates it. What the schema
says is what the checker reads: keys not listed are ignored (any JSON, see `ANY_JSON`), `null`
counts as an absent key, and no string anywhere, keys included, may hold a NUL character. The
slugs a document may use come from the reference tables; `operations.PortalAPI` writes them
into the served document where a field is marked `x-reference`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, Field(pattern=NO_NUL)]
NotBlank = Annotated[str, Field(pattern=r"^[^\x00]*[^\x00\s][^\x00]*$")]
# Written as a marker, turned into `{"$ref": "#/components/schemas/AnyJSON"}` once pydantic is
# done (it would try to resolve the reference among its own definitions).
ANY = {"x-any-json": True}
# Any JSON value without a NUL character in a string or key (jsoninput refuses those anywhere).
ANY_JSON = {
    "description": "Any JSON value; no string or key may hold a NUL character.",
    "anyOf": [
        {"type": "null"},
        {"type": "boolean"},
        {"type": "number"},
        {"type": "string", "pattern": NO_NUL},
        {"type": "array", "items": ANY},
        {"type": "object", "propertyNames": {"pattern": NO_NUL}, "additionalProperties": ANY},
    ],
}


def _reference(table: str) -> Any:
    return Field(json_schema_extra={"x-reference": table})


class Open(Schema):
    """An object whose other keys are ignored."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"additionalProperties": ANY, "propertyNames": {"pattern": NO_NUL}},
    )


class DocumentMember(Open):
    name: NotBlank
    sector: Annotated[str, _reference("sectors")]
    region: Annotated[str, _reference("regions")]
    country: Annotated[str, _reference("countries")] | None = Field(
        None, description="ISO 3166-1 alpha-2, any case; empty: none"
    )
    global_: bool | None = Field(None, alias="global")
    constituencies: list[Annotated[str, _reference("constituency_types")]] | None = None
    role: Literal["lead", "member", ""] | None = Field(None, description="Empty: member.")
    acronym: Any = Field(None, json_schema_extra=ANY, description="Read on import only.")
    website: Any = Field(None, json_schema_extra=ANY, description="Read on import only.")


class Engagement(Open):
    targets: list[Literal["member_states", "un_country_teams", "un_agencies"]] | None = None
    plan: Text | None = None
    support_needed: Text | None = None


class WorkPlanItem(Open):
    title: Text
    date: dt.date | Literal[""] | None = Field(None, description="Empty or null: undated.")
    description: Text | None = None


class Contact(Open):
    name: Text | None = None
    email: Text | None = None
    organization: Text | None = None


class Document(Open):
    title: NotBlank
    conference: Annotated[str, _reference("conferences")] | None = None
    principles: Text | None = None
    asks: Text | None = None
    youth_focus: bool | None = None
    members: list[DocumentMember]
    engagement: Engagement
    work_plan: list[WorkPlanItem]
    contacts: list[Contact] | None = None
