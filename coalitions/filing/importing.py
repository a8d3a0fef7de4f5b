"""Interchange JSON (docs/interchange.md) read back into a new draft: the import side of
`filing.interchange`, used by `manage.py import_proposal` and the demo data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction

from impact.models import ConferenceEdition

from ..criteria import InputError, ProposalData, parse_proposal
from ..criteria_bridge import edition_for, reference
from ..enums import CoalitionOrigin, SupportKind
from ..models import Proposal, Theme
from .saving import ContactRow, ItemRow, MemberRow, Rows, save_rows
from .versions import snapshot

# Member and contact fields whose stored column is shorter than the format allows.
STORED_LENGTHS = {
    ("members", "name"): 200,
    ("members", "website"): 200,
    ("contacts", "name"): 150,
    ("contacts", "organization"): 200,
    ("contacts", "email"): 254,
}


def import_proposal(data: Any, *, owner, conference: str = "") -> Proposal:
    """Create a draft from interchange JSON (decoded), owned by `owner`.

    The edition is `conference` if given, else the data's `conference`, else the current
    edition. Organizations are reused by name (any case) and country; new ones are created.
    Besides what `criteria.parse_proposal` checks, the optional keys an export writes
    (`summary`, `themes`, `origin`, `support_requested`, `support_details`, a member's
    `acronym` and `website`) are validated, and contacts need a name and a valid e-mail.
    Raises `criteria.InputError` naming the first bad field; nothing is saved then.
    """
    parsed = parse_proposal(data, reference())
    check_storable(data)
    slug = conference or parsed.conference
    edition = edition_for(slug) if slug else ConferenceEdition.objects.current()
    if edition is None:
        raise InputError("conference", "is required: no current edition")
    themes = _slugs(data, "themes", set(Theme.objects.values_list("slug", flat=True)))
    support = _slugs(data, "support_requested", set(SupportKind.values))
    origin = _text(data, "origin") or CoalitionOrigin.NEW
    if origin not in CoalitionOrigin.values:
        raise InputError("origin", "must be 'new' or 'existing'")
    rows = Rows(
        members=_members(parsed, data),
        work_plan=[
            ItemRow(title=i.title[:200], date=i.date, description=i.description)
            for i in parsed.work_plan
        ],
        contacts=_contacts(parsed),
    )
    with transaction.atomic():
        proposal = Proposal.objects.create(
            edition=edition,
            owner=owner,
            title=parsed.title.strip()[:200],
            summary=_text(data, "summary"),
            origin=origin,
            principles=parsed.principles,
            asks=parsed.asks,
            youth_focus=parsed.youth_focus,
            engagement_targets=list(parsed.engagement.targets),
            engagement_plan=parsed.engagement.plan,
            support_needed=parsed.engagement.support_needed,
            support_requested=support,
            support_details=_text(data, "support_details"),
        )
        proposal.themes.set(Theme.objects.filter(slug__in=themes))
        save_rows(proposal, rows, actor=owner)
        snapshot(proposal, actor=owner, note="imported")
    return proposal


def _text(obj: dict, key: str, path: str = "") -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{path}{key}", "must be a string")
    return value


def _slugs(data: dict, key: str, known: set[str]) -> list[str]:
    values = data.get(key) or []
    if not isinstance(values, list):
        raise InputError(key, "must be a list")
    for i, value in enumerate(values):
        if not isinstance(value, str) or value not in known:
            raise InputError(f"{key}[{i}]", f"unknown value {value!r}")
    return list(dict.fromkeys(values))


def _members(parsed: ProposalData, data: dict) -> list[MemberRow]:
    members, seen = [], set()
    for i, (member, raw) in enumerate(zip(parsed.members, data["members"], strict=True)):
        key = (member.name.strip().casefold(), member.country)
        if key in seen:
            raise InputError(f"members[{i}].name", "appears twice")
        seen.add(key)
        website = _text(raw, "website", f"members[{i}].")
        if website:
            try:
                URLValidator()(website)
            except ValidationError:
                raise InputError(f"members[{i}].website", "must be a URL") from None
        members.append(
            MemberRow(
                name=member.name.strip(),
                sector=member.sector,
                country=member.country,
                region=member.region,
                acronym=_text(raw, "acronym", f"members[{i}].")[:30],
                is_global=member.is_global,
                constituencies=member.constituencies,
                role=member.role,
                website=website,
            )
        )
    return members


def _contacts(parsed: ProposalData) -> list[ContactRow]:
    contacts = []
    for i, contact in enumerate(parsed.contacts):
        if not contact.name.strip():
            raise InputError(f"contacts[{i}].name", "is required")
        try:
            validate_email(contact.email)
        except ValidationError:
            raise InputError(f"contacts[{i}].email", "must be a valid e-mail address") from None
        contacts.append(ContactRow(contact.name.strip(), contact.email, contact.organization))
    return contacts


def check_storable(data: Any) -> None:
    """Member and contact fields longer than their column, which the format itself allows.
    Raises `criteria.InputError` naming the field. Titles are cut to length instead, as the
    form does; everything else is free text. (`parse_proposal` has refused NUL characters
    and lone surrogates, which the database cannot store either.)"""
    for (group, key), limit in STORED_LENGTHS.items():
        for index, row in enumerate(data.get(group) or []):
            value = row.get(key) if isinstance(row, dict) else None
            if isinstance(value, str) and len(value.strip()) > limit:
                raise InputError(f"{group}[{index}].{key}", f"must be at most {limit} characters")
