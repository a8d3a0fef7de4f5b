"""What the criteria read: the proposal (`ProposalData` and its parts), the edition's
`Thresholds` and the reference data (`Reference`). Plain frozen data, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

ROLES = ("lead", "member")
# C3 path (a) counts only these targets, in this order in hints.
STATE_UN_TARGETS = ("member_states", "un_country_teams", "un_agencies")
YOUTH_CONSTITUENCY = "children_youth"
# A display name: plain, or translated lazily (the defaults, cached across languages).
Label = str | Promise


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
    name: Label
    is_global_south: bool


@dataclass(frozen=True)
class Reference:
    """Reference data keyed by slug, in display order.

    ``regions`` maps to ``(name, is_global_south)``, ``sectors`` to ``counts_as_civil_society``,
    ``constituency_types`` and ``engagement_targets`` to display names.
    """

    regions: Mapping[str, RegionInfo]
    sectors: Mapping[str, bool]
    constituency_types: Mapping[str, Label]
    engagement_targets: Mapping[str, Label] = field(
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


_DEFAULT_REGIONS: dict[str, RegionInfo] = {
    "africa": RegionInfo(gettext_lazy("Africa"), True),
    "asia_pacific": RegionInfo(gettext_lazy("Asia and the Pacific"), True),
    "latin_america_caribbean": RegionInfo(gettext_lazy("Latin America and the Caribbean"), True),
    "western_asia": RegionInfo(gettext_lazy("Western Asia and the Arab States"), True),
    "europe": RegionInfo(gettext_lazy("Europe"), False),
    "north_america": RegionInfo(gettext_lazy("North America"), False),
}
_DEFAULT_SECTORS: dict[str, bool] = {
    "civil_society": True,
    "academia": True,
    "philanthropy": True,
    "private_sector": False,
    "un_entity": False,
    "member_state": False,
    "local_authority": False,
    "other": False,
}
_DEFAULT_CONSTITUENCY_TYPES: dict[str, Label] = {
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
_DEFAULT_ENGAGEMENT_TARGETS: dict[str, Label] = {
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
