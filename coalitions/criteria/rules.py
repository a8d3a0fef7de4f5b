"""The rules of the four criteria C1–C4 and the advisories (docs/criteria.md): `evaluate`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalitions.geography import region_for_country

from .inputs import (
    STATE_UN_TARGETS,
    YOUTH_CONSTITUENCY,
    Engagement,
    Member,
    ProposalData,
    Reference,
    Thresholds,
    WorkPlanItem,
)
from .report import Advisory, CriterionResult, Report

# --- evaluation -------------------------------------------------------------------------------


def evaluate(proposal: ProposalData, thresholds: Thresholds, ref: Reference) -> Report:
    """Evaluate C1-C4 and the advisories. Never raises on incomplete data: a member whose
    sector is unknown does not count as civil society, unknown slugs are ignored."""
    placed = [(m, primary_region(m, ref)) for m in proposal.members]
    csos = [(m, r) for m, r in placed if m.sector in ref.civil_society_sectors]
    criteria = (
        _regional_diversity(csos, thresholds, ref),
        _constituency_diversity(csos, thresholds, ref),
        _engagement(proposal.engagement, thresholds, ref),
        _work_plan(proposal.work_plan, thresholds),
    )
    return Report(criteria, _advisories(proposal, placed, csos, ref))


def primary_region(member: Member, ref: Reference) -> str | None:
    """The member's region slug: its own if known, else its country's, else None."""
    if member.region in ref.regions:
        return member.region
    derived = region_for_country(member.country) if member.country else None
    return derived if derived in ref.regions else None


def _names(slugs: Iterable[str], names: Mapping[str, Any]) -> str:
    # Sorted by the (translated) display name, so hints read the same on every run.
    return ", ".join(sorted((str(names.get(s, s)) for s in slugs), key=str.casefold))


def _regional_diversity(
    csos: list[tuple[Member, str | None]], t: Thresholds, ref: Reference
) -> CriterionResult:
    count = len(csos)
    covered = {r for _m, r in csos if r is not None}
    south = sum(1 for _m, r in csos if r in ref.global_south_regions)
    measured = {"csos": count, "regions": len(covered), "global_south": south}
    required = {
        "min_csos": t.min_csos,
        "min_regions": t.min_regions,
        "min_global_south": t.min_global_south,
    }
    short_csos = t.min_csos - count
    short_regions = t.min_regions - len(covered)
    short_south = t.min_global_south - south
    if short_csos <= 0 and short_regions <= 0 and short_south <= 0:
        return CriterionResult("C1", True, measured, required)
    hints = []
    if short_csos > 0:
        hints.append(
            ngettext(
                "Add %(count)d more civil-society organization (%(have)d of the %(need)d needed).",
                "Add %(count)d more civil-society organizations (%(have)d of the %(need)d needed).",
                short_csos,
            )
            % {"count": short_csos, "have": count, "need": t.min_csos}
        )
    hints += _region_hints(csos, covered, south, short_regions, short_south, t, ref)
    return CriterionResult("C1", False, measured, required, tuple(hints))


def _region_hints(
    csos: list[tuple[Member, str | None]],
    covered: set[str],
    south: int,
    short_regions: int,
    short_south: int,
    t: Thresholds,
    ref: Reference,
) -> list[str]:
    """C1's hints about regions: which to add, the global south, members without a region."""
    hints = []
    if short_regions > 0:
        hints.append(
            ngettext(
                "Cover %(count)d more region (%(have)d of the %(need)d needed).",
                "Cover %(count)d more regions (%(have)d of the %(need)d needed).",
                short_regions,
            )
            % {"count": short_regions, "have": len(covered), "need": t.min_regions}
        )
        missing = [s for s in ref.regions if s not in covered]
        if missing:
            region_names = {s: info.name for s, info in ref.regions.items()}
            hints.append(
                _("Add civil-society members from: %(regions)s")
                % {"regions": _names(missing, region_names)}
            )
    if short_south > 0:
        south_names = {s: ref.regions[s].name for s in ref.global_south_regions}
        hints.append(
            ngettext(
                "Add %(count)d more civil-society member whose primary region is in the global "
                "south (%(have)d of the %(need)d needed): %(regions)s.",
                "Add %(count)d more civil-society members whose primary region is in the global "
                "south (%(have)d of the %(need)d needed): %(regions)s.",
                short_south,
            )
            % {
                "count": short_south,
                "have": south,
                "need": t.min_global_south,
                "regions": _names(south_names, south_names),
            }
        )
    unplaced = [m.name for m, r in csos if r is None]
    if unplaced and (short_regions > 0 or short_south > 0):
        hints.append(
            ngettext(
                "%(names)s has no primary region, so it does not count toward regions or the "
                "global south: give its region or country.",
                "%(names)s have no primary region, so they do not count toward regions or the "
                "global south: give their region or country.",
                len(unplaced),
            )
            % {"names": ", ".join(unplaced)}
        )
    return hints


def _constituency_diversity(
    csos: list[tuple[Member, str | None]], t: Thresholds, ref: Reference
) -> CriterionResult:
    types = {c for m, _r in csos for c in m.constituencies if c in ref.constituency_types}
    measured = {"constituencies": len(types), "constituency_types": sorted(types)}
    required = {"min_constituencies": t.min_constituencies}
    short = t.min_constituencies - len(types)
    if short <= 0:
        return CriterionResult("C2", True, measured, required)
    if types:
        covered = _("Constituency types covered so far: %(types)s") % {
            "types": _names(types, ref.constituency_types)
        }
    else:
        covered = _("No constituency type is covered yet by the civil-society members.")
    more = ngettext(
        "Add civil-society members representing %(count)d more constituency type "
        "(%(have)d of the %(need)d needed).",
        "Add civil-society members representing %(count)d more constituency types "
        "(%(have)d of the %(need)d needed).",
        short,
    ) % {"count": short, "have": len(types), "need": t.min_constituencies}
    return CriterionResult("C2", False, measured, required, (covered, more))


def _engagement(e: Engagement, t: Thresholds, ref: Reference) -> CriterionResult:
    targets = sorted({s for s in e.targets if s in STATE_UN_TARGETS})
    plan_words = len(e.plan.split())
    support_words = len(e.support_needed.split())
    measured = {"targets": targets, "plan_words": plan_words, "support_words": support_words}
    required = {"min_plan_words": t.min_plan_words}
    need = t.min_plan_words
    if (targets and plan_words >= need) or support_words >= need:
        return CriterionResult("C3", True, measured, required)
    more_words = max(0, need - plan_words)
    words = {"count": more_words, "have": plan_words, "need": need}
    target_names = ", ".join(str(ref.engagement_targets.get(s, s)) for s in STATE_UN_TARGETS)
    if targets:
        path_a = (
            ngettext(
                "Write %(count)d more word in the engagement plan "
                "(%(have)d of the %(need)d needed).",
                "Write %(count)d more words in the engagement plan "
                "(%(have)d of the %(need)d needed).",
                more_words,
            )
            % words
        )
    elif more_words:
        path_a = ngettext(
            "Choose whom you will engage (%(targets)s) and write %(count)d more word in the "
            "engagement plan (%(have)d of the %(need)d needed).",
            "Choose whom you will engage (%(targets)s) and write %(count)d more words in the "
            "engagement plan (%(have)d of the %(need)d needed).",
            more_words,
        ) % {**words, "targets": target_names}
    else:
        path_a = _("Choose whom you will engage: %(targets)s.") % {"targets": target_names}
    path_b = ngettext(
        "Or describe the support you need for such engagement in at least %(need)d word "
        "(%(have)d so far).",
        "Or describe the support you need for such engagement in at least %(need)d words "
        "(%(have)d so far).",
        need,
    ) % {"need": need, "have": support_words}
    return CriterionResult("C3", False, measured, required, (path_a, path_b))


def _day(day: dt.date) -> str:
    """A date in a hint, as the reader's language writes it (full month names: no \"Jui\")."""
    return date_format(day, "DATE_FORMAT")


def _work_plan(items: tuple[WorkPlanItem, ...], t: Thresholds) -> CriterionResult:
    dates = [i.date for i in items if i.date is not None]
    earliest = min(dates) if dates else None
    latest = max(dates) if dates else None
    measured = {
        "milestones": len(dates),
        "earliest": earliest.isoformat() if earliest else None,
        "latest": latest.isoformat() if latest else None,
    }
    required = {
        "min_milestones": t.min_milestones,
        "start_by": t.conference_end.isoformat(),
        "end_on_or_after": t.horizon.isoformat(),
    }
    short = t.min_milestones - len(dates)
    starts_in_time = earliest is not None and earliest <= t.conference_end
    reaches_horizon = latest is not None and latest >= t.horizon
    if short <= 0 and starts_in_time and reaches_horizon:
        return CriterionResult("C4", True, measured, required)
    hints = []
    if short > 0:
        hints.append(
            ngettext(
                "Add %(count)d more dated work-plan item (%(have)d of the %(need)d needed).",
                "Add %(count)d more dated work-plan items (%(have)d of the %(need)d needed).",
                short,
            )
            % {"count": short, "have": len(dates), "need": t.min_milestones}
        )
        undated = len(items) - len(dates)
        if undated:
            hints.append(
                ngettext(
                    "%(count)d work-plan item has no date, so it does not count: give it one.",
                    "%(count)d work-plan items have no date, so they do not count: give them one.",
                    undated,
                )
                % {"count": undated}
            )
    if not starts_in_time:
        hints.append(
            _("Add a milestone on or before %(date)s, the last day of the conference.")
            % {"date": _day(t.conference_end)}
        )
    if not reaches_horizon:
        end = {"date": _day(t.horizon), "label": t.horizon_label}
        if t.horizon_label:
            hints.append(_("Add a milestone on or after %(date)s (%(label)s).") % end)
        else:
            hints.append(_("Add a milestone on or after %(date)s, the horizon date.") % end)
    return CriterionResult("C4", False, measured, required, tuple(hints))


def _advisories(
    proposal: ProposalData,
    placed: list[tuple[Member, str | None]],
    csos: list[tuple[Member, str | None]],
    ref: Reference,
) -> tuple[Advisory, ...]:
    advisories = []
    if proposal.youth_focus and not any(YOUTH_CONSTITUENCY in m.constituencies for m, _r in csos):
        advisories.append(
            Advisory(
                "youth_engagement",
                _(
                    "This proposal has a youth or intergenerational focus, but no civil-society "
                    "member represents children and youth. Consider engaging youth-centred "
                    "groups, including the conference's Youth and Intergenerational "
                    "Sub-Committee."
                ),
            )
        )
    global_members = [(m, r) for m, r in placed if m.is_global]
    if global_members:
        # Translate each piece once, not once per member: gettext dominates the cost here.
        pattern = _("%(name)s (%(region)s)")
        region_names: dict[str | None, str] = {
            r: str(ref.regions[r].name) for _m, r in global_members if r
        }
        region_names[None] = _("no primary region")
        described = ", ".join(
            pattern % {"name": m.name, "region": region_names[r]} for m, r in global_members
        )
        advisories.append(
            Advisory(
                "global_org_region",
                ngettext(
                    "%(members)s describes itself as global: only its primary region counts "
                    "for regional diversity, so make sure it is the region of its primary "
                    "operation.",
                    "%(members)s describe themselves as global: only their primary regions count "
                    "for regional diversity, so make sure each is the region of its primary "
                    "operation.",
                    len(global_members),
                )
                % {"members": described},
            )
        )
    return tuple(advisories)
