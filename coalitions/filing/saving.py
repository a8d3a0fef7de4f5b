"""Saving what a filer typed: members (reusing organizations), work plan and contacts, and
what an edit implies (criteria refreshed, a new version).

Plain rows in, database out: used by the EOI form and by `importing.import_proposal`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from coalitions.organizations import corrections
from coalitions.organizations import records as organizations
from impact.concurrency import claim

from ..enums import ProposalStatus
from ..models import (
    Contact,
    Organization,
    OrganizationCorrection,
    Proposal,
    ProposalMember,
    WorkPlanItem,
)
from ..permissions import may_edit_organization
from .versions import keep_unversioned, snapshot


@dataclass
class MemberRow:
    name: str
    sector: str = ""
    country: str = ""
    region: str = ""
    acronym: str = ""
    is_global: bool = False
    constituencies: Sequence[str] = ()
    role: str = "member"
    website: str = ""
    # An existing organization the filer picked or that matched by name and country.
    organization: Organization | None = None
    # Set by the save: the correction of that organization's details it sent instead of
    # changing them (see `resolve_organization`).
    suggested: OrganizationCorrection | None = None
    # An existing organization is used as it is, whatever details the row holds (a restored
    # version's rows are what the organization was then, not a change anyone asked for).
    keep_details: bool = False


@dataclass
class ItemRow:
    title: str
    date: dt.date | None = None
    description: str = ""
    id: int | None = None


@dataclass
class ContactRow:
    name: str
    email: str
    organization: str = ""
    id: int | None = None


@dataclass
class Rows:
    members: list[MemberRow] = field(default_factory=list)
    work_plan: list[ItemRow] = field(default_factory=list)
    contacts: list[ContactRow] = field(default_factory=list)


def _proposed(row: MemberRow, org: Organization) -> dict:
    """The shared details a member line sends (the organization's name identifies it)."""
    country = row.country or ""
    return {
        "acronym": row.acronym,
        "sector": row.sector,
        "country": country,
        "region": row.region or organizations.derived_region(country) or org.region.slug,
        "is_global": row.is_global,
        "constituencies": row.constituencies,
    }


def resolve_organization(
    row: MemberRow, *, actor, proposal: Proposal | None = None
) -> Organization:
    """The organization a member row stands for: the one picked or matched, else a new one.

    When the row sends details that differ from the organization's, they change it only for
    those who may (`may_edit_organization`); anyone else's become a suggested correction
    (`row.suggested`) and the row keeps the organization unchanged.
    """
    org = row.organization or organizations.find(row.name, row.country)
    if org is None:
        org, _created = organizations.find_or_create(
            name=row.name,
            country=row.country,
            sector=row.sector,
            region=row.region,
            acronym=row.acronym,
            is_global=row.is_global,
            constituencies=row.constituencies,
            website=row.website,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        return org
    if not row.sector or row.keep_details:  # no details sent: nothing to change
        return org
    proposed = _proposed(row, org)
    if not corrections.differences(org, proposed):
        return org
    if may_edit_organization(actor, org):
        organizations.update_details(
            org,
            actor=actor,
            sector=row.sector,
            region=proposed["region"],
            acronym=row.acronym,
            is_global=row.is_global,
            constituencies=row.constituencies,
            country=proposed["country"],
        )
    else:
        row.suggested = corrections.suggest(org, proposed, actor=actor, proposal=proposal)
    return org


def save_rows(proposal: Proposal, rows: Rows, *, actor) -> list[Organization]:
    """Make the proposal's members, work plan and contacts exactly `rows`; returns the
    members' organizations in the order of `rows.members`.

    Members are kept by organization (their `joined_at` survives an edit); work-plan items and
    contacts by id. Must run inside a transaction.
    """
    current = {m.organization_id: m for m in ProposalMember.objects.filter(proposal=proposal)}
    keep: set[int] = set()
    orgs: list[Organization] = []
    for row in rows.members:
        org = resolve_organization(row, actor=actor, proposal=proposal)
        orgs.append(org)
        keep.add(org.pk)
        member = current.get(org.pk)
        if member is None:
            ProposalMember.objects.create(proposal=proposal, organization=org, role=row.role)
        elif member.role != row.role:
            member.role = row.role
            member.save(update_fields=["role"])
    ProposalMember.objects.filter(proposal=proposal).exclude(organization_id__in=keep).delete()

    _sync(proposal, WorkPlanItem, rows.work_plan, ("date", "title", "description"))
    _sync(proposal, Contact, rows.contacts, ("name", "email", "organization"))
    return orgs


def _sync(proposal: Proposal, model, rows: Sequence, fields: tuple[str, ...]) -> None:
    existing = {obj.pk: obj for obj in model.objects.filter(proposal=proposal)}
    keep = []
    for row in rows:
        values = {name: getattr(row, name) for name in fields}
        obj = existing.get(row.id) if row.id else None
        if obj is None:
            obj = model.objects.create(proposal=proposal, **values)
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save(update_fields=list(fields))
        keep.append(obj.pk)
    model.objects.filter(proposal=proposal).exclude(pk__in=keep).delete()


def record_edit(proposal: Proposal, *, actor) -> None:
    """After a save: keep the new state as the next version (with its criteria report), so
    every earlier state, draft or not, can be viewed and restored (`versions.restore`)."""
    note = "saved" if proposal.status == ProposalStatus.DRAFT else "edited"
    snapshot(proposal, actor=actor, note=note)


def change_member(
    proposal: Proposal, *, row: MemberRow | None, replacing: int | None, actor
) -> Organization | None:
    """Add (`replacing` None), change or remove (`row` None) one member, as the single-member
    page does: one saved version, and the edit version moved so a form opened before sees it.
    Returns the member's organization (None when removed)."""
    with transaction.atomic():
        claim(proposal, None, actor=actor)
        keep_unversioned(proposal, actor=actor)
        members = ProposalMember.objects.filter(proposal=proposal)
        org = resolve_organization(row, actor=actor, proposal=proposal) if row else None
        if replacing is not None and (org is None or org.pk != replacing):
            members.filter(organization_id=replacing).delete()
        if org is not None and row is not None:
            member, created = members.get_or_create(
                organization=org, defaults={"role": row.role, "proposal": proposal}
            )
            if not created and member.role != row.role:
                member.role = row.role
                member.save(update_fields=["role"])
        Proposal.objects.filter(pk=proposal.pk).update(updated_at=timezone.now())
        record_edit(proposal, actor=actor)
    return org
