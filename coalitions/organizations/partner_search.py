"""Partner suggestions from the database, both ways round.

`for_proposal()` finds the listed organizations (`coalitions.organizations.directory`) that
would close a proposal's criteria gaps and ranks them with `coalitions.organizations.partners`;
`for_organization()` finds the published coalitions an organization would help meet the
criteria. The candidates are narrowed in the database to civil-society organizations that add
something (a missing region, a global-south member, a missing constituency type), so a lookup
reads a few thousand rows at most, in a fixed number of queries, however large the directory.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from coalitions import criteria
from coalitions import criteria_bridge as reports
from coalitions.enums import InvitationState, ProposalStatus
from coalitions.models import Organization, PartnerInvitation, Proposal, ProposalMember
from coalitions.organizations import directory, partners
from coalitions.review import similarity

# Text similarity reads the proposal's strongest terms against the closest coalitions only:
# it orders suggestions, it does not decide them.
QUERY_TERMS = 24
SIMILAR_COALITIONS = 200
COALITIONS_CHECKED = 200


def loaded(proposal_id: int) -> Proposal | None:
    """A proposal with what a lookup reads (members, themes, edition) prefetched."""
    return (
        Proposal.objects.filter(pk=proposal_id)
        .select_related("edition")
        .prefetch_related(reports.member_prefetch(), "themes", "work_plan", "contacts")
        .first()
    )


def proposal_gaps(proposal: Proposal) -> tuple[partners.Gaps, criteria.Reference]:
    data = reports.proposal_data(proposal)
    ref = reports.reference()
    report = criteria.evaluate(data, reports.thresholds(proposal.edition), ref)
    return partners.gaps(data, report, ref), ref


def never_suggested(proposal: Proposal) -> set[int]:
    """Current members and organizations that declined this coalition before."""
    members = {m.organization_id for m in proposal.members.all()}
    declined = PartnerInvitation.objects.filter(
        proposal=proposal, state=InvitationState.DECLINED
    ).values_list("organization_id", flat=True)
    return members | set(declined)


def for_proposal(proposal: Proposal, *, limit: int = partners.DEFAULT_LIMIT):
    """The best partners for a proposal (loaded with `loaded()`), with their reasons."""
    gap, ref = proposal_gaps(proposal)
    if not gap.open:
        return []
    exclude = never_suggested(proposal)
    themes = {t.slug for t in proposal.themes.all()}
    found = candidates(gap, ref, exclude=exclude, themes=themes, text_of=proposal)
    return partners.suggest(gap, found, ref, themes=themes, exclude=exclude, limit=limit)


def _narrowed(gap: partners.Gaps, ref: criteria.Reference) -> QuerySet[Organization]:
    # An organization listed without its name is never suggested to strangers by name.
    listed = directory.listed().filter(
        sector__slug__in=ref.civil_society_sectors, listed_without_name=False
    )
    if gap.csos:
        return listed  # any civil-society organization adds to the count
    regions = set(gap.regions) | (set(ref.global_south_regions) if gap.global_south else set())
    where = Q(region__slug__in=regions)
    if gap.constituencies_short:
        through = Organization.constituencies.through
        where |= Exists(
            through.objects.filter(
                organization_id=OuterRef("pk"), constituencytype__slug__in=gap.constituencies
            )
        )
    return listed.filter(where)


def candidates(
    gap: partners.Gaps,
    ref: criteria.Reference,
    *,
    exclude: set[int],
    themes: set[str],
    text_of: Proposal | None = None,
) -> list[partners.Candidate]:
    """Listed organizations that might close the gaps, described for `partners.suggest`."""
    rows = list(
        _narrowed(gap, ref)
        .exclude(pk__in=exclude)
        .values_list("pk", "name", "sector__slug", "region__slug")
    )
    ids = [row[0] for row in rows]
    types: dict[int, list[str]] = {}
    if gap.constituencies_short and ids:
        through = Organization.constituencies.through
        pairs = through.objects.filter(
            organization_id__in=ids, constituencytype__slug__in=gap.constituencies
        ).values_list("organization_id", "constituencytype__slug")
        for org, slug in pairs:
            types.setdefault(org, []).append(slug)
    shared = _shared_themes(themes) if themes and ids else {}
    scores = _text_scores(text_of) if text_of is not None and ids else {}
    return [
        partners.Candidate(
            id=pk,
            name=name,
            sector=sector,
            region=region,
            constituencies=tuple(types.get(pk, ())),
            themes=frozenset(shared.get(pk, ())),
            similarity=scores.get(pk, 0.0),
        )
        for pk, name, sector, region in rows
    ]


def _shared_themes(themes: set[str]) -> dict[int, set[str]]:
    """For each organization in a published coalition: which of `themes` its coalitions have."""
    pairs = ProposalMember.objects.filter(
        proposal__status=ProposalStatus.PUBLISHED, proposal__themes__slug__in=themes
    ).values_list("organization_id", "proposal__themes__slug")
    out: dict[int, set[str]] = {}
    for org, slug in pairs:
        out.setdefault(org, set()).add(slug)
    return out


def _text_scores(proposal: Proposal) -> dict[int, float]:
    """For each member of a published coalition close to the proposal's text: the best
    text similarity of its coalitions (the similarity index's cosine, 0 to 1)."""
    query = similarity.Query.build(
        similarity.proposal_text(proposal), edition_id=proposal.edition_id
    )
    strongest = sorted(query.weights.items(), key=lambda tw: -tw[1])[:QUERY_TERMS]
    query = similarity.Query(dict(strongest))
    top = similarity.top_by_text(
        query, edition_id=proposal.edition_id, exclude=proposal.pk, k=SIMILAR_COALITIONS
    )
    public = list(
        Proposal.objects.filter(pk__in=top, status=ProposalStatus.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    if not public:
        return {}
    matches = similarity.score_text(query, public)
    out: dict[int, float] = {}
    members = ProposalMember.objects.filter(proposal_id__in=public).values_list(
        "organization_id", "proposal_id"
    )
    for org, pid in members:
        out[org] = max(out.get(org, 0.0), matches[pid].text_score)
    return out


# --- the other way round -------------------------------------------------------------------


def candidate_of(org: Organization) -> partners.Candidate:
    """One organization (sector, region, constituencies loaded) as a candidate; its themes
    are those of the coalitions it is a member of."""
    themes = (
        Proposal.objects.filter(members__organization=org)
        .exclude(themes__slug=None)
        .values_list("themes__slug", flat=True)
    )
    return partners.Candidate(
        id=org.pk,
        name=org.name,
        sector=org.sector.slug,
        region=org.region.slug,
        constituencies=tuple(c.slug for c in org.constituencies.all()),
        themes=frozenset(themes),
    )


def describe(proposal: Proposal, org: Organization) -> partners.Suggestion | None:
    """What this organization would add to the proposal, or None (nothing, a member, or it
    declined before)."""
    gap, ref = proposal_gaps(proposal)
    themes = {t.slug for t in proposal.themes.all()}
    found = partners.suggest(
        gap, [candidate_of(org)], ref, themes=themes, exclude=never_suggested(proposal), limit=1
    )
    return found[0] if found else None


def for_organization(
    org: Organization, *, limit: int = 5
) -> list[tuple[Proposal, partners.Suggestion]]:
    """Published coalitions the organization would help meet the criteria (not yet a member,
    never declined), those sharing its coalitions' themes first."""
    ref = reports.reference()
    candidate = candidate_of(org)
    if candidate.sector not in ref.civil_society_sectors:
        return []
    declined = PartnerInvitation.objects.filter(
        organization=org, state=InvitationState.DECLINED
    ).values("proposal_id")
    coalitions = (
        Proposal.objects.published()
        .filter(Q(failing_criteria__contains="C1") | Q(failing_criteria__contains="C2"))
        .exclude(members__organization=org)
        .exclude(pk__in=declined)
        .select_related("edition")
        .prefetch_related(reports.member_prefetch(), "themes", "work_plan", "contacts")
        .order_by("-published_at", "-pk")[:COALITIONS_CHECKED]
    )
    found = []
    for coalition in coalitions:
        gap, _ref = proposal_gaps(coalition)
        themes = {t.slug for t in coalition.themes.all()}
        best = partners.suggest(gap, [candidate], ref, themes=themes, limit=1)
        if best:
            found.append((coalition, best[0]))
    found.sort(key=lambda pair: (-len(pair[1].shared_themes), -pair[1].score, pair[0].title))
    return found[:limit]
