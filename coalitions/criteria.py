"""The ImPACT Coalition criteria (shared CRITERIA.md): a pure function from proposal data to a
report of the four criteria C1-C4 and the advisories.

Nothing here touches the database: callers build a :class:`ProposalData` (from a form, a model
instance or the interchange JSON via :func:`parse_proposal`), :class:`Thresholds` from the
conference edition and a :class:`Reference` from the reference tables, then call
:func:`evaluate`. The criteria never block a submission; the report says what is met, what was
measured, what was required and what to do next.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coalitions.geography import is_known_country, region_for_country

MET = "met"
NOT_MET = "not_met"
ROLES = ("lead", "member")
# C3 path (a) counts only these targets, in this order in hints.
STATE_UN_TARGETS = ("member_states", "un_country_teams", "un_agencies")
YOUTH_CONSTITUENCY = "children_youth"
# date.fromisoformat also takes "20240510" and week dates; the interchange format is YYYY-MM-DD.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# --- inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    """A conference edition's thresholds; the defaults are the 2024 edition's.

    ``horizon_label`` (e.g. "Summit of the Future") only makes the C4 hint friendlier.
    """

    min_csos: int = 5
    min_regions: int = 5
    min_global_south: int = 3
    min_constituencies: int = 3
    min_plan_words: int = 25
    min_milestones: int = 2
    conference_end: dt.date
    horizon: dt.date
    horizon_label: str = ""


class RegionInfo(NamedTuple):
    name: str
    is_global_south: bool


@dataclass(frozen=True)
class Reference:
    """Reference data keyed by slug, in display order.

    ``regions`` maps to ``(name, is_global_south)``, ``sectors`` to ``counts_as_civil_society``,
    ``constituency_types`` and ``engagement_targets`` to display names.
    """

    regions: Mapping[str, RegionInfo]
    sectors: Mapping[str, bool]
    constituency_types: Mapping[str, str]
    engagement_targets: Mapping[str, str] = field(
        default_factory=lambda: dict(_DEFAULT_ENGAGEMENT_TARGETS)
    )
    civil_society_sectors: frozenset[str] = field(init=False, repr=False, compare=False)
    global_south_regions: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Copy so a caller mutating its dicts cannot change a Reference, and accept plain tuples.
        regions = {slug: RegionInfo(*info) for slug, info in self.regions.items()}
        sectors = dict(self.sectors)
        setattr_ = object.__setattr__
        setattr_(self, "regions", regions)
        setattr_(self, "sectors", sectors)
        setattr_(self, "constituency_types", dict(self.constituency_types))
        setattr_(self, "engagement_targets", dict(self.engagement_targets))
        setattr_(self, "civil_society_sectors", frozenset(s for s, c in sectors.items() if c))
        setattr_(
            self,
            "global_south_regions",
            frozenset(s for s, info in regions.items() if info.is_global_south),
        )

    @classmethod
    def default(cls) -> Reference:
        """The values the migrations seed (names are lazy, so the result may be cached).

        Keep in step with ``coalitions/migrations/0003_reference_data.py``.
        """
        return cls(
            regions=dict(_DEFAULT_REGIONS),
            sectors=dict(_DEFAULT_SECTORS),
            constituency_types=dict(_DEFAULT_CONSTITUENCY_TYPES),
            engagement_targets=dict(_DEFAULT_ENGAGEMENT_TARGETS),
        )


_DEFAULT_REGIONS = {
    "africa": RegionInfo(gettext_lazy("Africa"), True),
    "asia_pacific": RegionInfo(gettext_lazy("Asia and the Pacific"), True),
    "latin_america_caribbean": RegionInfo(gettext_lazy("Latin America and the Caribbean"), True),
    "western_asia": RegionInfo(gettext_lazy("Western Asia and the Arab States"), True),
    "europe": RegionInfo(gettext_lazy("Europe"), False),
    "north_america": RegionInfo(gettext_lazy("North America"), False),
}
_DEFAULT_SECTORS = {
    "civil_society": True,
    "academia": True,
    "philanthropy": True,
    "private_sector": False,
    "un_entity": False,
    "member_state": False,
    "local_authority": False,
    "other": False,
}
_DEFAULT_CONSTITUENCY_TYPES = {
    "women": gettext_lazy("Women"),
    "children_youth": gettext_lazy("Children and youth"),
    "indigenous_peoples": gettext_lazy("Indigenous peoples"),
    "ngos": gettext_lazy("Non-governmental organizations"),
    "local_authorities": gettext_lazy("Local authorities"),
    "workers_trade_unions": gettext_lazy("Workers and trade unions"),
    "farmers": gettext_lazy("Farmers"),
    "business_industry": gettext_lazy("Business and industry"),
    "science_technology": gettext_lazy("Scientific and technological community"),
    "older_persons": gettext_lazy("Older persons"),
    "local_communities": gettext_lazy("Local communities"),
    "education_academia": gettext_lazy("Education and academic entities"),
    "persons_with_disabilities": gettext_lazy("Persons with disabilities"),
    "volunteer_groups": gettext_lazy("Volunteer groups"),
    "lgbtqi": gettext_lazy("LGBTQI+ people"),
    "work_descent_discrimination": gettext_lazy("Communities discriminated on work and descent"),
    "parliamentarians": gettext_lazy("Parliamentarians"),
    "philanthropies": gettext_lazy("Philanthropies"),
    "other": gettext_lazy("Other"),
}
_DEFAULT_ENGAGEMENT_TARGETS = {
    "member_states": gettext_lazy("Member States"),
    "un_country_teams": gettext_lazy("UN country teams"),
    "un_agencies": gettext_lazy("UN agencies"),
}


@dataclass(frozen=True)
class Member:
    """A member organization. ``region`` (a slug) wins over the region derived from
    ``country`` (ISO alpha-2); "" means not given."""

    name: str
    sector: str
    country: str = ""
    region: str = ""
    is_global: bool = False
    constituencies: tuple[str, ...] = ()
    role: str = "member"


@dataclass(frozen=True)
class WorkPlanItem:
    date: dt.date | None  # None: undated, does not count for C4
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class Engagement:
    targets: tuple[str, ...] = ()
    plan: str = ""
    support_needed: str = ""


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    organization: str = ""


@dataclass(frozen=True, kw_only=True)
class ProposalData:
    title: str = ""
    conference: str = ""
    principles: str = ""
    asks: str = ""
    youth_focus: bool = False
    members: tuple[Member, ...] = ()
    engagement: Engagement = field(default_factory=Engagement)
    work_plan: tuple[WorkPlanItem, ...] = ()
    contacts: tuple[Contact, ...] = ()


# --- the report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    id: str
    met: bool
    measured: dict[str, Any]
    required: dict[str, Any]
    hints: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return MET if self.met else NOT_MET

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "measured": dict(self.measured),
            "required": dict(self.required),
            "hints": list(self.hints),
        }


@dataclass(frozen=True)
class Advisory:
    id: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "message": self.message}


@dataclass(frozen=True)
class Report:
    criteria: tuple[CriterionResult, ...]
    advisories: tuple[Advisory, ...] = ()

    @property
    def eligible(self) -> bool:
        return all(c.met for c in self.criteria)

    @property
    def failing(self) -> list[str]:
        """Ids of the criteria not met, in order."""
        return [c.id for c in self.criteria if not c.met]

    @property
    def by_id(self) -> dict[str, CriterionResult]:
        return {c.id: c for c in self.criteria}

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of CRITERIA.md."""
        return {
            "eligible": self.eligible,
            "criteria": [c.to_dict() for c in self.criteria],
            "advisories": [a.to_dict() for a in self.advisories],
        }


def report_to_json(report: Report, *, indent: int | None = None) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=indent)


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
    return CriterionResult("C1", False, measured, required, tuple(hints))


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
    """A date in a hint, as the reader's language writes it (full month names: no "Jui")."""
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
        region_names = {r: str(ref.regions[r].name) for _m, r in global_members if r}
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


# --- the interchange format -------------------------------------------------------------------


class InputError(ValueError):
    """Invalid interchange data. ``field`` is a path such as ``members[2].country``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


def parse_proposal(data: Any, ref: Reference) -> ProposalData:
    """Validate the interchange JSON (already decoded) and build a :class:`ProposalData`.

    Required: ``title`` (non-blank string), ``members`` (list), ``engagement`` (object) and
    ``work_plan`` (list; may be empty). Optional: ``conference``, ``principles``, ``asks``
    (strings), ``youth_focus`` (bool, default false), ``contacts`` (list of objects with
    optional ``name``, ``email``, ``organization`` strings). ``null`` counts as absent for an
    optional key; unknown keys are ignored.

    A member needs ``name`` (non-blank) and a known ``sector``; ``country`` (ISO alpha-2, any
    case), ``region``, ``global`` (bool), ``constituencies`` (list of slugs) and ``role``
    (``lead`` or ``member``, default ``member``) are optional, but the member must end up with
    a region: its own, or its country's. In ``engagement`` every key is optional: ``targets``
    (list of slugs), ``plan``, ``support_needed``. A work-plan item needs a ``title`` string and
    may have ``date`` (``YYYY-MM-DD``; absent or null means undated) and ``description``.

    Raises :class:`InputError` naming the first bad field.
    """
    top = _object(data, "")
    title = _string(top, "title", "", required=True)
    if not title.strip():
        raise InputError("title", _("must not be blank"))
    # Keyword arguments are evaluated in order, so errors come in the order of the format.
    return ProposalData(
        title=title,
        conference=_string(top, "conference", ""),
        principles=_string(top, "principles", ""),
        asks=_string(top, "asks", ""),
        youth_focus=_bool(top, "youth_focus", ""),
        members=tuple(
            _member(item, f"members[{i}]", ref)
            for i, item in enumerate(_list(top, "members", "", required=True))
        ),
        engagement=_engagement_data(top, ref),
        work_plan=tuple(
            _work_plan_item(item, f"work_plan[{i}]")
            for i, item in enumerate(_list(top, "work_plan", "", required=True))
        ),
        contacts=tuple(
            _contact(item, f"contacts[{i}]") for i, item in enumerate(_list(top, "contacts", ""))
        ),
    )


def _path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(path, _("must be an object"))
    return value


def _get(obj: Mapping[str, Any], key: str, path: str, required: bool) -> Any:
    value = obj.get(key)
    if value is None and required:
        raise InputError(_path(path, key), _("is required"))
    return value


def _string(obj: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> str:
    value = _get(obj, key, path, required)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(_path(path, key), _("must be a string"))
    return value


def _bool(obj: Mapping[str, Any], key: str, path: str) -> bool:
    value = _get(obj, key, path, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InputError(_path(path, key), _("must be true or false"))
    return value


def _list(obj: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> list[Any]:
    value = _get(obj, key, path, required)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(_path(path, key), _("must be a list"))
    return value


def _slugs(
    obj: Mapping[str, Any], key: str, path: str, known: Mapping[str, Any], unknown: str
) -> tuple[str, ...]:
    """A list of known slugs; ``unknown`` is the message (with ``%(value)r``) for others."""
    slugs = []
    for i, value in enumerate(_list(obj, key, path)):
        where = f"{_path(path, key)}[{i}]"
        if not isinstance(value, str):
            raise InputError(where, _("must be a string"))
        if value not in known:
            raise InputError(where, unknown % {"value": value})
        slugs.append(value)
    return tuple(dict.fromkeys(slugs))  # drop repeats, keep order


def _member(value: Any, path: str, ref: Reference) -> Member:
    obj = _object(value, path)
    name = _string(obj, "name", path, required=True)
    if not name.strip():
        raise InputError(_path(path, "name"), _("must not be blank"))
    sector = _string(obj, "sector", path, required=True)
    if sector not in ref.sectors:
        raise InputError(_path(path, "sector"), _("unknown sector %(value)r") % {"value": sector})
    country = _string(obj, "country", path).upper()
    if country and not is_known_country(country):
        raise InputError(
            _path(path, "country"), _("unknown country code %(value)r") % {"value": country}
        )
    region = _string(obj, "region", path)
    if region and region not in ref.regions:
        raise InputError(_path(path, "region"), _("unknown region %(value)r") % {"value": region})
    if not region and region_for_country(country) not in ref.regions:
        raise InputError(
            _path(path, "region"),
            _("is required: %(country)s has no region of its own") % {"country": country}
            if country
            else _("is required when no country is given"),
        )
    role = _string(obj, "role", path) or "member"
    if role not in ROLES:
        raise InputError(_path(path, "role"), _("must be 'lead' or 'member'"))
    return Member(
        name=name,
        sector=sector,
        country=country,
        region=region,
        is_global=_bool(obj, "global", path),
        constituencies=_slugs(
            obj,
            "constituencies",
            path,
            ref.constituency_types,
            _("unknown constituency type %(value)r"),
        ),
        role=role,
    )


def _engagement_data(top: Mapping[str, Any], ref: Reference) -> Engagement:
    obj = _object(_get(top, "engagement", "", True), "engagement")
    return Engagement(
        targets=_slugs(
            obj,
            "targets",
            "engagement",
            ref.engagement_targets,
            _("unknown engagement target %(value)r"),
        ),
        plan=_string(obj, "plan", "engagement"),
        support_needed=_string(obj, "support_needed", "engagement"),
    )


def _work_plan_item(value: Any, path: str) -> WorkPlanItem:
    obj = _object(value, path)
    raw = _string(obj, "date", path)
    day = None
    if raw:
        try:
            if not _ISO_DATE.fullmatch(raw):
                raise ValueError
            day = dt.date.fromisoformat(raw)
        except ValueError:
            raise InputError(
                _path(path, "date"),
                _("must be a date as YYYY-MM-DD, not %(value)r") % {"value": raw},
            ) from None
    return WorkPlanItem(
        date=day,
        title=_string(obj, "title", path, required=True),
        description=_string(obj, "description", path),
    )


def _contact(value: Any, path: str) -> Contact:
    obj = _object(value, path)
    return Contact(
        name=_string(obj, "name", path),
        email=_string(obj, "email", path),
        organization=_string(obj, "organization", path),
    )
