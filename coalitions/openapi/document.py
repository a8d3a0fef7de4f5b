"""The interchange document (docs/interchange.md) as the request body of the criteria check.

Only described here: the view reads the body with `impact.jsoninput` and the criteria parser,
which answer 400 in the API's own format, so django-ninja never validates it. Keys not listed
are ignored and `null` counts as an absent key, as the format says. The slugs a document may
use come from the reference tables; `operations.PortalAPI` writes them into the served
document when it is built.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

Text = Annotated[str, Field(pattern=r"\S")]


class Open(Schema):
    """An object whose other keys are ignored."""

    model_config = ConfigDict(extra="allow")


class DocumentMember(Open):
    name: Text
    sector: str = Field(json_schema_extra={"x-reference": "sectors"})
    region: str = Field(json_schema_extra={"x-reference": "regions"})
    country: Annotated[str, Field(json_schema_extra={"x-reference": "countries"})] | None = Field(
        None, description="ISO 3166-1 alpha-2, any case; empty: none"
    )
    global_: bool | None = Field(None, alias="global")
    constituencies: (
        list[Annotated[str, Field(json_schema_extra={"x-reference": "constituency_types"})]] | None
    ) = None
    role: Literal["lead", "member"] | None = None
    acronym: str | None = None
    website: str | None = None


class Engagement(Open):
    targets: list[Literal["member_states", "un_country_teams", "un_agencies"]] | None = None
    plan: str | None = None
    support_needed: str | None = None


class WorkPlanItem(Open):
    title: str
    date: dt.date | Literal[""] | None = Field(None, description="Empty or null: undated.")
    description: str | None = None


class Contact(Open):
    name: str | None = None
    email: str | None = None
    organization: str | None = None


class Document(Open):
    title: Text
    conference: Annotated[str, Field(json_schema_extra={"x-reference": "conferences"})] | None = (
        None
    )
    principles: str | None = None
    asks: str | None = None
    youth_focus: bool | None = None
    members: list[DocumentMember]
    engagement: Engagement
    work_plan: list[WorkPlanItem]
    contacts: list[Contact] | None = None
