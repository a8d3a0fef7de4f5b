"""The bridge between the database and the pure criteria module.

`reference()` and `thresholds()` read the reference tables and the edition; `proposal_data()`
turns a saved proposal into `criteria.ProposalData`; `refresh_criteria()` stores the report on
the proposal for lists and filters.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext, gettext_lazy

from impact import caches
from impact.models import ConferenceEdition

from . import criteria
from .models import ConstituencyType, Proposal, ProposalMember, Region, Sector, Theme

REFERENCE_CACHE_KEY = caches.key("criteria-reference")
REFERENCE_SECONDS = 3600


def _plain_reference() -> dict:
    plain = cache.get(REFERENCE_CACHE_KEY)
    if plain is None or "themes" not in plain:  # (or cached before themes were in it)
        plain = {
            "regions": {r.slug: (r.name, r.is_global_south) for r in Region.objects.all()},
            "sectors": {s.slug: s.counts_as_civil_society for s in Sector.objects.all()},
            "constituency_types": {c.slug: c.name for c in ConstituencyType.objects.all()},
            "themes": {t.slug: t.name for t in Theme.objects.all()},
            # When it was read: what else is built from the reference tables (the EOI form's
            # region, sector, constituency and theme choices) is keyed by it.
            "stamp": time.time_ns(),
        }
        cache.set(REFERENCE_CACHE_KEY, plain, REFERENCE_SECONDS)
    return plain


def reference_stamp() -> int:
    """A number that changes whenever a region, sector, constituency type or theme does."""
    return _plain_reference()["stamp"]


def reference() -> criteria.Reference:
    """Reference data from the tables; cached, and dropped whenever a region, sector,
    constituency type or theme is saved or deleted (`forget_reference`).

    The cache holds plain names; they are wrapped lazily here, so the reference serves every
    language (unpickling cached lazy strings would build a class for each one, every time).
    """
    plain = _plain_reference()
    return criteria.Reference(
        regions={
            slug: (gettext_lazy(name), south) for slug, (name, south) in plain["regions"].items()
        },
        sectors=plain["sectors"],
        constituency_types={
            slug: gettext_lazy(name) for slug, name in plain["constituency_types"].items()
        },
    )


def reference_names() -> dict[str, list[tuple[str, str]]]:
    """Regions, constituency types and themes as (slug, name in the reader's language), in
    their reference order, from the same cache as `reference()`."""
    plain = _plain_reference()
    return {
        "regions": [(slug, gettext(name)) for slug, (name, _s) in plain["regions"].items()],
        "constituency_types": [
            (slug, gettext(name)) for slug, name in plain["constituency_types"].items()
        ],
        "themes": [(slug, gettext(name)) for slug, name in plain["themes"].items()],
    }


@caches.flushes("criteria-reference")
def forget_reference(**kwargs) -> None:
    """Drop the cached reference: now, and again when the current transaction commits (a
    request in between would cache the tables as they were). The receiver of every save and
    delete of the reference tables, and of `migrate` (`coalitions.reference_signals`)."""
    cache.delete(REFERENCE_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(REFERENCE_CACHE_KEY))


def thresholds(edition: ConferenceEdition) -> criteria.Thresholds:
    return criteria.Thresholds(
        min_csos=edition.min_csos,
        min_regions=edition.min_regions,
        min_global_south=edition.min_global_south,
        min_constituencies=edition.min_constituencies,
        min_plan_words=edition.min_plan_words,
        min_milestones=edition.min_milestones,
        conference_end=edition.ends_on,
        horizon=edition.horizon_date,
        horizon_label=edition.horizon_label_display,
    )


def member_prefetch() -> Prefetch:
    """What `proposal_data()` reads of the members, in a fixed number of queries."""
    return Prefetch(
        "members",
        queryset=ProposalMember.objects.select_related(
            "organization__sector", "organization__region"
        ).prefetch_related("organization__constituencies"),
    )


def proposal_data(proposal: Proposal) -> criteria.ProposalData:
    """The criteria input for a saved proposal (prefetch `member_prefetch()` for lists)."""
    members = tuple(
        criteria.Member(
            name=m.organization.name,
            sector=m.organization.sector.slug,
            country=str(m.organization.country or ""),
            region=m.organization.region.slug,
            is_global=m.organization.is_global,
            constituencies=tuple(c.slug for c in m.organization.constituencies.all()),
            role=m.role,
        )
        for m in proposal.members.all()
    )
    return criteria.ProposalData(
        title=proposal.title,
        conference=proposal.edition.slug,
        principles=proposal.principles,
        asks=proposal.asks,
        youth_focus=proposal.youth_focus,
        members=members,
        engagement=criteria.Engagement(
            targets=tuple(proposal.engagement_targets or ()),
            plan=proposal.engagement_plan,
            support_needed=proposal.support_needed,
        ),
        work_plan=tuple(
            criteria.WorkPlanItem(date=i.date, title=i.title, description=i.description)
            for i in proposal.work_plan.all()
        ),
        contacts=tuple(
            criteria.Contact(name=c.name, email=c.email, organization=c.organization)
            for c in proposal.contacts.all()
        ),
    )


def evaluate_proposal(proposal: Proposal) -> criteria.Report:
    return criteria.evaluate(proposal_data(proposal), thresholds(proposal.edition), reference())


def refresh_criteria(proposal: Proposal) -> criteria.Report:
    """Evaluate and store the report, `eligible` and `failing_criteria` on the proposal."""
    report = evaluate_proposal(proposal)
    proposal.criteria_report = report.to_dict()
    proposal.eligible = report.eligible
    proposal.failing_criteria = " ".join(report.failing)
    Proposal.objects.filter(pk=proposal.pk).update(
        criteria_report=proposal.criteria_report,
        eligible=proposal.eligible,
        failing_criteria=proposal.failing_criteria,
    )
    return report


# The edition `check_criteria` and `POST /api/criteria/check` use when none is named.
DEFAULT_CONFERENCE = "un-csc-2024"


def edition_for(slug: str) -> ConferenceEdition:
    """The edition with this slug; `criteria.InputError` on the `conference` field if none."""
    edition = ConferenceEdition.objects.filter(slug=slug).first()
    if edition is None:
        raise criteria.InputError("conference", f"unknown conference {slug!r}")
    return edition


def check_data(data: object, *, conference: str = "") -> criteria.Report:
    """Evaluate interchange JSON (decoded) against an edition's thresholds.

    The edition is `conference` if given, else the data's own `conference`, else
    `DEFAULT_CONFERENCE`. Raises `criteria.InputError` naming the first bad field.
    """
    parsed, edition = parse_for_edition(data, conference=conference)
    return criteria.evaluate(parsed, thresholds(edition), reference())


def parse_for_edition(
    data: object, *, conference: str = ""
) -> tuple[criteria.ProposalData, ConferenceEdition]:
    """The interchange JSON parsed, with the edition `check_data` evaluates it against."""
    parsed = criteria.parse_proposal(data, reference())
    return parsed, edition_for(conference or parsed.conference or DEFAULT_CONFERENCE)
