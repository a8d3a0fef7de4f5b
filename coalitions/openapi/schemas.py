"""The shapes of the API's JSON, as pydantic models that django-ninja turns into OpenAPI 3.1.

They describe what the views in `coalitions.hub.api`, `coalitions.organizations.views`,
`coalitions.filing.views.api` and `impact.views` answer; Schemathesis checks every response
against them (tests/api/test_schemathesis.py), so they cannot drift apart unnoticed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from ..enums import Activity, MemberRole, MilestoneStatus

Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$")]
PageLink = Annotated[str | None, Field(description="The full URL of that page; null: none.")]


class Closed(Schema):
    """An object with exactly these keys."""

    model_config = ConfigDict(extra="forbid")


class Named(Closed):
    slug: Slug
    name: str


class Member(Closed):
    name: str
    acronym: str
    role: MemberRole
    country: str = Field(description="ISO 3166-1 alpha-2, or empty")
    region: Slug
    sector: Slug
    website: str
    listed_without_name: bool = Field(
        description="Listed without its name (an organization at risk): the name is "
        "'An organization from <region>', and acronym, country and website are empty."
    )


class Milestone(Closed):
    title: str
    date: dt.date | None
    status: MilestoneStatus
    updated_at: dt.datetime | None = Field(
        description="When the leads last reported progress on it (null: never)."
    )


class Coalition(Closed):
    slug: Slug
    title: str
    url: str
    edition: Named
    published_at: dt.datetime | None
    summary: str
    principles: str
    asks: str
    themes: list[Named]
    regions: list[Slug]
    member_count: int = Field(ge=0)
    global_south_share: float | None = Field(ge=0, le=1)
    members: list[Member]
    activity: Activity = Field(
        description="active: progress reported within the edition's reporting interval; "
        "report_due: not for longer than that; inactive: not for twice as long."
    )
    last_report_at: dt.datetime | None = Field(
        description="The latest progress report (a milestone or an update); null: none."
    )
    milestones: list[Milestone]


class Page(Closed):
    count: int = Field(ge=0)
    page: int = Field(ge=1)
    pages: int = Field(ge=1)
    next: PageLink
    previous: PageLink


class CoalitionPage(Page):
    results: list[Coalition]


class CoalitionRef(Closed):
    slug: Slug
    title: str
    url: str


class Organization(Closed):
    id: int
    name: str
    acronym: str
    url: str | None = Field(description="Its page; null when listed without its name.")
    country: str = Field(description="ISO 3166-1 alpha-2, or empty")
    region: Slug
    sector: Slug
    global_: bool = Field(alias="global")
    website: str
    listed_without_name: bool = Field(
        description="Listed without its name (an organization at risk): the name is "
        "'An organization from <region>', and acronym, country and website are empty."
    )
    constituencies: list[Slug]
    themes: list[Named]
    looking_for_coalitions: bool
    coalitions: list[CoalitionRef]


class OrganizationPage(Page):
    results: list[Organization]


class Suggestion(Closed):
    id: int
    name: str
    acronym: str
    sector: Slug
    country: str
    region: Slug
    global_: bool = Field(alias="global")
    constituencies: list[Slug]


class Suggestions(Closed):
    results: list[Suggestion] = Field(max_length=10)


class FilterErrors(Closed):
    errors: dict[str, list[dict[str, str]]] = Field(
        description="Per parameter, its errors as `{message, code}` (Django's form errors)."
    )


class NoSuchPage(Closed):
    detail: str


class InputError(Closed):
    field: str | None = Field(
        description="Where the problem is (`members[2].name`); null: the whole request."
    )
    error: str = Field(description="The problem, in the language of the request.")
    code: str = Field(
        description="invalid, too_large, too_deep, not_utf8, not_json, nul_character, "
        "lone_surrogate or number (docs/interchange.md)."
    )


class Refusal(Closed):
    """413 (a body over the limit) and 429 (too many requests)."""

    field: None
    error: str


class SignIn(Closed):
    error: str


class Criterion(Closed):
    id: Literal["C1", "C2", "C3", "C4"]
    status: Literal["met", "not_met"]
    measured: dict[str, int | str | list[str] | None]
    required: dict[str, int | str | None]
    hints: list[str]


class Advisory(Closed):
    id: str
    message: str


class CriteriaReport(Closed):
    eligible: bool
    criteria: list[Criterion] = Field(min_length=4, max_length=4)
    advisories: list[Advisory]
    warnings: list[str] = Field(description="The EOI form's own checks; never affect eligibility.")


class Health(Closed):
    status: Literal["ok", "degraded", "unavailable"]
    checks: dict[str, Literal["ok", "failed"]]
    failed: list[str] | None = None
    degraded: list[str] | None = None
