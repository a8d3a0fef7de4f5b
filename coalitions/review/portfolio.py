"""The balance of an edition's portfolio (what is shortlisted or published) against its
targets, and how ticking candidates or a merge request would change it ("what if").

Every figure is a count over proposals or their memberships, so portfolios add up: the "after"
of a what-if is the tally of the portfolio with the ticked candidates (less the sources of a
ticked merge request) plus one merged proposal per request, counted once. Each tally is a
fixed handful of grouped queries, whatever the number of proposals; the portfolio's own tally
is cached until something it reads changes (`before`), and a what-if only tallies what was
ticked.

Shares: members by region and global-south members are shares of memberships (an
organization in two coalitions counts twice: it works in both); everything else is a share of
proposals — those with at least one member of a constituency type, with a theme, with a lead
from a region or from the global south, working in a language (their owner's or a co-editor's
language on the site).
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from impact import caches
from impact.models import ConferenceEdition

from ..criteria_bridge import reference_names
from ..enums import MemberRole, PortfolioDimension, ProposalStatus
from ..models import (
    MergeRequest,
    PortfolioTarget,
    Proposal,
    ProposalMember,
)

D = PortfolioDimension
IN_PORTFOLIO = (ProposalStatus.SHORTLISTED, ProposalStatus.PUBLISHED)
GLOBAL_SOUTH_MEMBERS = (D.GLOBAL_SOUTH.value, "members")


def of_members(k: tuple[str, str]) -> bool:
    """Shares of memberships; the other meters are shares of proposals."""
    return k[0] == D.REGION.value or k == GLOBAL_SOUTH_MEMBERS


def default_targets(edition: ConferenceEdition) -> dict[tuple[str, str], int]:
    """Targets for an edition whose organizers set none, from the criteria note: the global
    south's share of members as C1 asks of each coalition (min_global_south of min_csos, 3 of 5
    in 2024), half of the leads from the global south, every region present (5% of members),
    and youth-centred groups in a fifth of the coalitions (the youth advisory)."""
    share = round(100 * edition.min_global_south / edition.min_csos) if edition.min_csos else 0
    targets = {
        (D.GLOBAL_SOUTH.value, "members"): min(share, 100),
        (D.GLOBAL_SOUTH.value, "leads"): 50,
        (D.CONSTITUENCY.value, "children_youth"): 20,
    }
    for slug, _name in reference_names()["regions"]:
        targets[(D.REGION.value, slug)] = 5
    return targets


def targets_for(edition: ConferenceEdition) -> tuple[dict[tuple[str, str], int], bool]:
    """The edition's targets and whether they are its own (False: the defaults)."""
    own = {
        (t.dimension, t.key): t.min_percent for t in PortfolioTarget.objects.filter(edition=edition)
    }
    if own:
        return own, True
    return default_targets(edition), False


@dataclass
class Tally:
    proposals: int = 0
    members: int = 0
    counts: Counter = field(default_factory=Counter)

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.proposals + other.proposals,
            self.members + other.members,
            self.counts + other.counts,
        )

    def __sub__(self, other: Tally) -> Tally:
        return Tally(
            self.proposals - other.proposals,
            self.members - other.members,
            self.counts - other.counts,
        )


def tally(ids: QuerySet | Iterable[int], *, as_one: bool = False) -> Tally:
    """Count the proposals `ids` (a queryset of ids, or ids) on every dimension. `as_one`:
    count them as the single proposal their merge would make (each organization once)."""
    members = ProposalMember.objects.filter(proposal__in=ids)
    per_proposal = Count("proposal", distinct=True)
    result = Tally()
    languages = [code for code, _name in settings.LANGUAGES]
    row = Proposal.objects.filter(pk__in=ids).aggregate(
        total=Count("pk", distinct=True),
        **{
            f"lang_{code}": Count(
                "pk", filter=Q(owner__language=code) | Q(editors__language=code), distinct=True
            )
            for code in languages
        },
    )
    result.proposals = row["total"]
    for code in languages:
        result.counts[(D.LANGUAGE.value, code)] = row[f"lang_{code}"]
    by_region = members.values("organization__region__slug").annotate(
        n=Count("organization", distinct=True) if as_one else Count("pk"),
        south=Count("pk", filter=Q(organization__region__is_global_south=True)),
    )
    for r in by_region:
        result.counts[(D.REGION.value, r["organization__region__slug"])] = r["n"]
        result.members += r["n"]
        if r["south"]:
            result.counts[(D.GLOBAL_SOUTH.value, "members")] += r["n"]
    leads = members.filter(role=MemberRole.LEAD)
    for r in leads.values("organization__region__slug").annotate(n=per_proposal):
        result.counts[(D.LEAD_REGION.value, r["organization__region__slug"])] = r["n"]
    result.counts[(D.GLOBAL_SOUTH.value, "leads")] = leads.filter(
        organization__region__is_global_south=True
    ).aggregate(n=per_proposal)["n"]
    for r in (
        members.exclude(organization__constituencies=None)
        .values("organization__constituencies__slug")
        .annotate(n=per_proposal)
    ):
        result.counts[(D.CONSTITUENCY.value, r["organization__constituencies__slug"])] = r["n"]
    themes = Proposal.themes.through.objects.filter(proposal__in=ids)
    for r in themes.values("theme__slug").annotate(n=per_proposal):
        result.counts[(D.THEME.value, r["theme__slug"])] = r["n"]
    if as_one:
        result.proposals = min(result.proposals, 1)
        for k, n in result.counts.items():
            if not of_members(k):
                result.counts[k] = min(n, 1)
    return result


def tally_each(ids: Iterable[int], edition: ConferenceEdition) -> tuple[dict[int, Tally], set]:
    """Each proposal's own tally, as `tally([pk])` counts it, and which of them are in the
    edition's portfolio: three queries, whatever the number of proposals, for the few ticked
    in a what-if (the sum of their tallies is their `tally`: every figure adds up)."""
    ids = sorted(set(ids))
    each: dict[int, Tally] = defaultdict(Tally)
    inside = set()
    languages: dict[int, set] = defaultdict(set)
    for pk, status, edition_id, owner, editor in Proposal.objects.filter(pk__in=ids).values_list(
        "pk", "status", "edition_id", "owner__language", "editors__language"
    ):
        each[pk].proposals = 1
        languages[pk].update((owner, editor))
        if edition_id == edition.pk and status in IN_PORTFOLIO:
            inside.add(pk)
    for pk, spoken in languages.items():
        for code, _name in settings.LANGUAGES:
            each[pk].counts[(D.LANGUAGE.value, code)] = int(code in spoken)
    members: dict[int, tuple] = {}  # membership id → (proposal, region, south, lead)
    constituencies: dict[int, set] = defaultdict(set)
    for pk, member, role, slug, south, constituency in ProposalMember.objects.filter(
        proposal_id__in=ids
    ).values_list(
        "proposal_id",
        "pk",
        "role",
        "organization__region__slug",
        "organization__region__is_global_south",
        "organization__constituencies__slug",
    ):
        members[member] = (pk, slug, south, role == MemberRole.LEAD)
        if constituency is not None:
            constituencies[pk].add(constituency)
    leads: dict[int, set] = defaultdict(set)
    for pk, slug, south, lead in members.values():
        t = each[pk]
        t.members += 1
        t.counts[(D.REGION.value, slug)] += 1
        if south:
            t.counts[GLOBAL_SOUTH_MEMBERS] += 1
        if lead:
            leads[pk].add((slug, south))
    for pk, found in leads.items():
        for slug in {slug for slug, _south in found}:
            each[pk].counts[(D.LEAD_REGION.value, slug)] = 1
        each[pk].counts[(D.GLOBAL_SOUTH.value, "leads")] = int(any(s for _r, s in found))
    for pk, found in constituencies.items():
        for slug in found:
            each[pk].counts[(D.CONSTITUENCY.value, slug)] = 1
    themes = Proposal.themes.through.objects.filter(proposal_id__in=ids)
    for pk, slug in themes.values_list("proposal_id", "theme__slug"):
        each[pk].counts[(D.THEME.value, slug)] = 1
    return dict(each), inside


@dataclass
class Meter:
    key: str
    label: str
    count: int
    total: int
    target: int | None
    after_count: int | None = None
    after_total: int | None = None

    @staticmethod
    def _share(count, total) -> float:
        return round(100 * count / total, 1) if total else 0.0

    @cached_property
    def share(self) -> float:
        return self._share(self.count, self.total)

    @cached_property
    def after(self) -> float | None:
        if self.after_count is None:
            return None
        return self._share(self.after_count, self.after_total)

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.share >= self.target

    @property
    def after_met(self) -> bool | None:
        if self.target is None or self.after is None:
            return None
        return self.after >= self.target

    @property
    def moved(self) -> bool:
        return self.after is not None and self.after != self.share


@dataclass
class Panel:
    """Everything the balance meters show, for the page, the admin and the CSV."""

    edition: ConferenceEdition
    before: Tally
    after: Tally | None
    dimensions: list[tuple[str, str, list[Meter]]]  # (dimension, label, meters)
    own_targets: bool

    @property
    def misses(self) -> list[tuple[str, Meter]]:
        return [
            (label, m) for _d, label, meters in self.dimensions for m in meters if m.met is False
        ]


def portfolio_ids(edition: ConferenceEdition) -> QuerySet:
    return Proposal.objects.filter(edition=edition, status__in=IN_PORTFOLIO).values("pk")


GENERATION = caches.key("portfolio-generation")
TTL = 600


def _generation() -> str:
    found = cache.get(GENERATION)
    if found is None:
        found = uuid.uuid4().hex
        cache.add(GENERATION, found, None)
        found = cache.get(GENERATION) or found
    return found


@caches.flushes("portfolio-generation", "portfolio-tally")
def forget(*args, **kwargs) -> None:
    """Every edition's tally is recomputed on its next use (after the change commits, and
    now, so a reader inside the transaction does not keep the old one)."""
    cache.set(GENERATION, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(GENERATION, uuid.uuid4().hex, None))


def before(edition: ConferenceEdition) -> Tally:
    """The portfolio's tally as `tally(portfolio_ids(edition))` counts it, cached under a
    fingerprint of its proposals and a generation (`portfolio_cache` lists what renews it):
    one query while nothing it reads changed, the tally's own queries after."""
    # COUNT(*), not of the ids: read from the index `proposal_portfolio_print` alone.
    found = Proposal.objects.filter(edition=edition, status__in=IN_PORTFOLIO).aggregate(
        n=Count("*"), latest=Max("updated_at")
    )
    latest = found["latest"].isoformat() if found["latest"] else "-"
    key = caches.key(
        "portfolio-tally",
        edition_id=edition.pk,
        generation=_generation(),
        count=found["n"],
        latest=latest,
    )
    found = cache.get(key)
    if found is None:
        found = tally(portfolio_ids(edition))
        cache.set(key, found, TTL)
    return found


def _labels() -> dict[str, list[tuple[str, str]]]:
    """Each dimension's values in their reference order, with their names (the cached
    reference tables: no query while they stay unchanged)."""
    names = reference_names()
    return {
        D.REGION.value: names["regions"],
        D.GLOBAL_SOUTH.value: [
            ("members", _("Member organizations from the global south")),
            ("leads", _("Coalitions led from the global south")),
        ],
        D.CONSTITUENCY.value: names["constituency_types"],
        D.THEME.value: names["themes"],
        D.LEAD_REGION.value: names["regions"],
        D.LANGUAGE.value: [(code, str(name)) for code, name in settings.LANGUAGES],
    }


def panel(
    edition: ConferenceEdition,
    *,
    ticked: Iterable[int] = (),
    merges: Iterable[MergeRequest] = (),
) -> Panel:
    """The edition's portfolio now and, when candidates or merge requests are ticked, after
    they are shortlisted (a merge: its sources replaced by the one proposal they would make)."""
    targets, own = targets_for(edition)
    before_ = before(edition)
    ticked = set(ticked)
    merges = list(merges)
    after = None
    if ticked or merges:
        # Tallies add up over disjoint sets of proposals: the "after" is the "before" less the
        # merge sources already in it, plus the ticked candidates not yet in it, plus one
        # proposal per merge. Only what was ticked is counted here.
        sources = {p.pk for m in merges for p in m.sources.all()}
        each, inside = tally_each(ticked | sources, edition)
        after = before_
        for pk in sorted(sources & inside):
            after = after - each[pk]
        for pk in sorted(ticked - sources - inside):
            after = after + each.get(pk, Tally())
        for m in merges:
            after = after + tally([p.pk for p in m.sources.all()], as_one=True)
    dimensions = []
    for dimension, values in _labels().items():
        meters = []
        for key, label in values:
            k = (dimension, key)
            members = of_members(k)
            meters.append(
                Meter(
                    key=key,
                    label=label,
                    count=before_.counts[k],
                    total=before_.members if members else before_.proposals,
                    target=targets.get(k),
                    after_count=after.counts[k] if after else None,
                    after_total=(after.members if members else after.proposals) if after else None,
                )
            )
        dimensions.append((dimension, str(PortfolioDimension(dimension).label), meters))
    return Panel(edition, before_, after, dimensions, own)


def for_selection(proposals: QuerySet) -> Panel | None:
    """The panel of shortlisting `proposals` (the admin's selection), in the edition most of
    them belong to (a selection rarely spans two)."""
    edition_id = (
        proposals.values("edition_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("edition_id", flat=True)
        .first()
    )
    edition = ConferenceEdition.objects.filter(pk=edition_id).first()
    if edition is None:
        return None
    ticked = list(proposals.filter(edition=edition).values_list("pk", flat=True))
    return panel(edition, ticked=ticked)
