"""Partner suggestions: which organizations would close a proposal's criteria gaps.

A pure function over plain data, like `coalitions.criteria`: the caller evaluates the
proposal (`criteria.evaluate`), describes the candidate organizations as :class:`Candidate`
(with the text similarity of their coalitions to the proposal, from `coalitions.similarity`)
and calls :func:`suggest`. The gaps come from the criteria report and its thresholds:

- C1: regions not yet covered by a civil-society member (while the region count is short),
  the global-south count, and the civil-society count;
- C2: constituency types not yet covered (while the count of types is short).

Only civil-society organizations count for C1 and C2, so only they are suggested. A
suggestion's value is what it adds (a missing region, a global-south member, each missing
constituency type up to the shortfall, a civil-society member); among equal value, shared
themes and text similarity rank it (`score` = value + relevance, relevance in [0, 0.9], so
closing one more gap always ranks higher than any relevance).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from coalitions import criteria

THEME_WEIGHT = 0.45
TEXT_WEIGHT = 0.45  # together under 1: relevance orders within a value, never above one more gap
DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class Gaps:
    """What a proposal still lacks for C1 and C2 (nothing when both are met)."""

    regions: frozenset[str] = frozenset()  # regions a civil-society member would add
    global_south: int = 0  # more global-south civil-society members needed
    csos: int = 0  # more civil-society members needed
    constituencies: frozenset[str] = frozenset()  # constituency types not yet covered
    constituencies_short: int = 0  # how many more types are needed

    @property
    def open(self) -> bool:
        return bool(self.regions or self.global_south or self.csos or self.constituencies_short)


@dataclass(frozen=True)
class Candidate:
    """An organization that might join: slugs for sector, region and constituency types."""

    id: int
    name: str
    sector: str
    region: str
    constituencies: tuple[str, ...] = ()
    themes: frozenset[str] = frozenset()
    similarity: float = 0.0  # text similarity of its coalitions to the proposal, 0 to 1


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    adds_region: str = ""  # a region not yet covered, or ""
    adds_global_south: bool = False
    adds_constituencies: tuple[str, ...] = ()
    adds_cso: bool = False
    shared_themes: tuple[str, ...] = ()
    score: float = 0.0
    criteria: tuple[str, ...] = ()  # the criteria it helps meet ("C1", "C2")
    reason: str = field(default="", compare=False)

    @property
    def organization_id(self) -> int:
        return self.candidate.id


def gaps(proposal: criteria.ProposalData, report: criteria.Report, ref: criteria.Reference) -> Gaps:
    """The C1 and C2 gaps of a proposal, read from its criteria report."""
    c1, c2 = report.by_id["C1"], report.by_id["C2"]
    regions: frozenset[str] = frozenset()
    south = csos = 0
    if not c1.met:
        m, r = c1.measured, c1.required
        if r["min_regions"] > m["regions"]:
            covered = {
                criteria.primary_region(member, ref)
                for member in proposal.members
                if member.sector in ref.civil_society_sectors
            }
            regions = frozenset(ref.regions) - covered
        south = max(0, r["min_global_south"] - m["global_south"])
        csos = max(0, r["min_csos"] - m["csos"])
    types: frozenset[str] = frozenset()
    short_types = 0
    if not c2.met:
        types = frozenset(ref.constituency_types) - set(c2.measured["constituency_types"])
        short_types = max(0, c2.required["min_constituencies"] - c2.measured["constituencies"])
    return Gaps(regions, south, csos, types, short_types)


def helps(gap: Gaps, candidate: Candidate, ref: criteria.Reference) -> Suggestion | None:
    """What the candidate would add to a proposal with these gaps, or None (nothing)."""
    if candidate.sector not in ref.civil_society_sectors or not gap.open:
        return None
    region = candidate.region if candidate.region in gap.regions else ""
    south = bool(gap.global_south) and candidate.region in ref.global_south_regions
    types = tuple(sorted(c for c in candidate.constituencies if c in gap.constituencies))
    if not gap.constituencies_short:
        types = ()
    cso = gap.csos > 0
    if not (region or south or types or cso):
        return None
    helped = tuple(c for c, yes in (("C1", region or south or cso), ("C2", bool(types))) if yes)
    value = bool(region) + south + min(len(types), gap.constituencies_short) + 0.5 * cso
    return Suggestion(
        candidate=candidate,
        adds_region=region,
        adds_global_south=south,
        adds_constituencies=types,
        adds_cso=cso,
        score=value,
        criteria=helped,
    )


def suggest(
    gap: Gaps,
    candidates: Iterable[Candidate],
    ref: criteria.Reference,
    *,
    themes: Collection[str] = (),
    exclude: Collection[int] = (),
    limit: int = DEFAULT_LIMIT,
) -> list[Suggestion]:
    """The candidates that would close the gaps, best first, each with its reason in words.

    `themes` are the proposal's theme slugs; `exclude` holds organizations never to suggest
    (current members, those that declined this coalition). Ties keep a stable order by name.
    """
    themes = frozenset(themes)
    excluded = frozenset(exclude)
    found = []
    for candidate in candidates:
        if candidate.id in excluded:
            continue
        suggestion = helps(gap, candidate, ref)
        if suggestion is None:
            continue
        shared = tuple(sorted(themes & candidate.themes))
        theme_share = len(shared) / len(themes) if themes else 0.0
        relevance = THEME_WEIGHT * theme_share + TEXT_WEIGHT * min(1.0, candidate.similarity)
        found.append((suggestion.score + relevance, shared, suggestion))
    found.sort(key=lambda f: (-f[0], f[2].candidate.name.casefold(), f[2].candidate.id))
    return [_finish(suggestion, score, shared, ref) for score, shared, suggestion in found[:limit]]


def _finish(s: Suggestion, score: float, shared: tuple[str, ...], ref) -> Suggestion:
    return Suggestion(
        candidate=s.candidate,
        adds_region=s.adds_region,
        adds_global_south=s.adds_global_south,
        adds_constituencies=s.adds_constituencies,
        adds_cso=s.adds_cso,
        shared_themes=shared,
        score=round(score, 4),
        criteria=s.criteria,
        reason=reason(s, ref),
    )


def reason(s: Suggestion, ref: criteria.Reference) -> str:
    """In words, in the active language: "adds Latin America and the Caribbean (global
    south) and Indigenous peoples"."""
    parts = []
    region_name = str(ref.regions[s.candidate.region].name) if s.candidate.region else ""
    if s.adds_region and s.adds_global_south:
        parts.append(_("%(region)s (global south)") % {"region": region_name})
    elif s.adds_region:
        parts.append(region_name)
    elif s.adds_global_south:
        parts.append(_("a global-south member (%(region)s)") % {"region": region_name})
    parts += [str(ref.constituency_types[c]) for c in s.adds_constituencies]
    if not parts and s.adds_cso:
        parts.append(_("a civil-society member"))
    return _("adds %(what)s") % {"what": join_words(parts)}


def join_words(parts: list[str]) -> str:
    """ "A", "A and B", "A, B and C" (translated)."""
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}
