"""Who may do what with a proposal, as named predicates: the one place for these rules.

`workflow` asks them before every transition, views before showing a button, `review` and
`hub` before acting. Site-wide roles (organizer, reviewer) are `impact.roles`; the organizer
pages of the Co-Chairs' Summary have theirs in `summaries.permissions`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from impact import roles

from .enums import (
    FILER_EDITABLE,
    SUBMITTABLE,
    UNDECIDED,
    ConflictState,
    NetworkKind,
    ProposalStatus,
    RepresentativeState,
)
from .models import Conflict, Organization, Proposal, ProposalMember, Representative, Reviewer
from .organizations import representatives

# --- filers ------------------------------------------------------------------------------------


def is_editor(user, proposal: Proposal) -> bool:
    """The owner or a co-editor of the proposal."""
    if not user or not user.is_authenticated:
        return False
    if proposal.owner_id == user.pk:
        return True
    return proposal.editors.filter(pk=user.pk).exists()


def deadline_open_for(proposal: Proposal, *, late_token: str = "") -> bool:
    """Whether the filer may still submit: before the deadline, or within an exception."""
    now = timezone.now()
    if now <= proposal.edition.eoi_deadline:
        return True
    if proposal.reopened_until and now <= proposal.reopened_until:
        return True
    return bool(
        late_token
        and proposal.late_token
        and late_token == proposal.late_token
        and proposal.late_token_expires
        and now <= proposal.late_token_expires
    )


def may_submit(proposal: Proposal) -> bool:
    """The proposal is in a state its filers may submit from (deadline rules apply on top)."""
    return proposal.status in SUBMITTABLE


def may_withdraw(user, proposal: Proposal) -> bool:
    """Its filers, or organizers, while it is undecided."""
    return proposal.status in UNDECIDED and (is_editor(user, proposal) or roles.is_organizer(user))


def manages_coalition(user, proposal: Proposal) -> bool:
    """A published coalition is managed by its owner and co-editors (join requests, updates,
    work plan). Not to be confused with a member organization's `MemberRole.LEAD`."""
    return proposal.status == ProposalStatus.PUBLISHED and is_editor(user, proposal)


def may_edit_organization(user, org: Organization) -> bool:
    """Who may change an organization's shared details (name, acronym, country, sector,
    region, constituency types, global flag, website), which every proposal using it shows:
    organizers and its vouched representatives; whoever typed it only while no one has vouched
    for it and no proposal they do not edit lists it. Anyone else suggests a correction."""
    if not user or not user.is_authenticated:
        return False
    if roles.is_organizer(user):
        return True
    vouched = representatives.vouched().filter(organization=org)
    if vouched.filter(user=user).exists():
        return True
    if org.created_by_id != user.pk or vouched.exists():
        return False
    theirs = Proposal.objects.editable_by(user).values("pk")
    using = Proposal.objects.filter(members__organization=org).exclude(pk__in=theirs)
    return not using.exists()


def files_for(user, org: Organization) -> bool:
    """The owner or a co-editor of a (not deleted) proposal that lists the organization."""
    if not user or not user.is_authenticated:
        return False
    return Proposal.objects.editable_by(user).filter(members__organization=org).exists()


def may_hide_name(user, org: Organization) -> bool:
    """Who may ask that an organization be listed without its name: its confirmed
    representatives, the filers of a proposal listing it, and organizers. Asking protects:
    it takes effect at once, and anyone who could be at risk may ask."""
    if not user or not user.is_authenticated:
        return False
    if roles.is_organizer(user) or representatives.is_representative(user, org):
        return True
    return files_for(user, org)


def may_show_name(user, org: Organization) -> bool:
    """Who may list it by its name again: organizers and its vouched representatives, or
    when it has none, the filers of a proposal listing it. A filer never names an organization
    whose own representatives chose to hide it."""
    if not user or not user.is_authenticated:
        return False
    if roles.is_organizer(user):
        return True
    vouched = representatives.vouched().filter(organization=org)
    if vouched.filter(user=user).exists():
        return True
    return not vouched.exists() and files_for(user, org)


# --- reviewers and organizers ------------------------------------------------------------------


def conflicted(
    conflict_organization_ids: Collection[int], member_organization_ids: Collection[int]
) -> bool:
    """The conflict-of-interest rule: a reviewer may not judge a proposal one of their conflict
    organizations (`conflict_organizations`) is a member of. Set-based, so assignment and
    digests apply it to many rows at once."""
    return not set(conflict_organization_ids).isdisjoint(member_organization_ids)


def member_organizations(proposal_ids: Iterable[int]) -> dict[int, set[int]]:
    """Proposal id → the ids of its member organizations (one query), for `conflicted`."""
    found: dict[int, set[int]] = defaultdict(set)
    rows = ProposalMember.objects.filter(proposal_id__in=set(proposal_ids))
    for proposal_id, org_id in rows.values_list("proposal_id", "organization_id"):
        found[proposal_id].add(org_id)
    return found


def _conflict_subquery(users: QuerySet) -> QuerySet:
    """The ids of the organizations any of `users` (reviewers) has a conflict with, as a
    subquery: their reviewer profile's organization (never lifted), their confirmed
    representations (less those organizers lifted) and the declared or pinned conflicts.

    A UNION of three index look-ups, which PostgreSQL hashes once; an OR of the same subqueries
    over the organizations was planned as a scan of every one of them (10 s at 50,000
    proposals on the reviewers' change list)."""
    reviewers = users.filter(reviewer_profile__isnull=False).values("pk")
    own = Reviewer.objects.filter(user__in=reviewers, organization__isnull=False)
    conflicts = Conflict.objects.filter(user__in=reviewers)
    lifted = conflicts.filter(state=ConflictState.LIFTED).values("organization_id")
    represented = Representative.objects.filter(
        user__in=reviewers, state=RepresentativeState.CONFIRMED
    ).exclude(organization_id__in=lifted)
    declared = conflicts.exclude(state=ConflictState.LIFTED)
    # Each part unordered: a compound statement takes no ORDER BY in its parts (SQLite).
    return (
        own.order_by()
        .values("organization_id")
        .union(
            represented.order_by().values("organization_id"),
            declared.order_by().values("organization_id"),
        )
    )


def conflict_organizations(user_ids: Iterable[int]) -> dict[int, set[int]]:
    """Reviewer (user) id → the organizations they have a conflict of interest with (three
    queries whatever the number of reviewers): their own organization, those they are a
    confirmed representative of, and those they declared or organizers pinned, less those
    organizers lifted. The one definition `has_conflict`, `hidden_proposals` and the
    assignment share."""
    ids = set(user_ids)
    own = dict(Reviewer.objects.filter(user_id__in=ids).values_list("user_id", "organization_id"))
    found: dict[int, set[int]] = {pk: set() for pk in ids}
    for user_id, org_id in own.items():
        if org_id is not None:
            found[user_id].add(org_id)
    for user_id, org_id in Representative.objects.filter(
        user_id__in=own, state=RepresentativeState.CONFIRMED
    ).values_list("user_id", "organization_id"):
        found[user_id].add(org_id)
    lifted: dict[int, set[int]] = defaultdict(set)
    for user_id, org_id, state in Conflict.objects.filter(user_id__in=own).values_list(
        "user_id", "organization_id", "state"
    ):
        if state == ConflictState.LIFTED:
            lifted[user_id].add(org_id)
        else:
            found[user_id].add(org_id)
    for user_id, orgs in lifted.items():
        found[user_id] -= orgs - {own.get(user_id)}
    return found


def has_conflict(user, proposal: Proposal) -> bool:
    """`conflicted` for one signed-in reviewer and one proposal (one query)."""
    if not user or not user.is_authenticated:
        return False
    return ProposalMember.objects.filter(
        proposal_id=proposal.pk, organization_id__in=_conflict_subquery(_one(user))
    ).exists()


def _one(user) -> QuerySet:
    return get_user_model()._default_manager.filter(pk=user.pk)


def hidden_proposals(user) -> QuerySet:
    """The ids of the proposals hidden from `user` (a subquery, no query of its own): those
    one of their conflict organizations (`conflict_organizations`) is a member of."""
    if not user or not user.is_authenticated:
        return ProposalMember.objects.none().values("proposal_id")
    return ProposalMember.objects.filter(organization_id__in=_conflict_subquery(_one(user))).values(
        "proposal_id"
    )


def without_conflicts(proposals: QuerySet, user) -> QuerySet:
    """`proposals` less those `user` has a conflict of interest with: such a reviewer sees that
    a proposal exists (`review.hidden`), never its content, its reviews or its place in a
    list or an export."""
    if not user or not user.is_authenticated:
        return proposals
    return proposals.exclude(pk__in=hidden_proposals(user))


def may_review(user, proposal: Proposal) -> bool:
    """Reviewers and organizers, unless their organization is a member of the proposal."""
    return roles.is_reviewer(user) and not has_conflict(user, proposal)


def may_weigh_portfolio(user) -> bool:
    """The portfolio's balance meters and shortlisting from them: organizers and the Expert
    sub-committee (the networks' reviewers see their own proposals, not the whole set)."""
    return roles.is_expert(user)


def may_organize(user, proposal: Proposal | None = None) -> bool:
    """Organizers: publish, reconsider, merge directly, deadline exceptions."""
    return roles.is_organizer(user)


# --- the filer pages ---------------------------------------------------------------------------


def filer_proposals(request: HttpRequest) -> QuerySet[Proposal]:
    """The proposals the signed-in user owns or co-edits."""
    return Proposal.objects.editable_by(request.user).select_related("edition", "owner")


def get_filer_proposal(request: HttpRequest, pk: int, queryset=None) -> Proposal:
    """The user's own or co-edited proposal; 404 for anyone else's, so that others' proposals
    cannot even be confirmed to exist."""
    proposal = (queryset if queryset is not None else filer_proposals(request)).filter(pk=pk)
    found = proposal.first()
    if found is None:
        raise Http404
    return found


def get_filer_proposal_by_key(request: HttpRequest, pk: int, *, only=(), annotate=None) -> Proposal:
    """`get_filer_proposal` by its key alone, then `is_editor`: the owner (nearly always the
    one asking) costs no second query, and the look-up no join (the EOI form's hot path).
    `only`: the fields to load (with `owner` and `edition`, which the checks read);
    `annotate(rows)`: what else to read in the same query."""
    rows = Proposal.objects.select_related("edition")
    if only:
        rows = rows.only("owner", "edition", "status", *only)
    if annotate is not None:
        rows = annotate(rows)
    found = rows.filter(pk=pk).first()
    if found is None or not is_editor(request.user, found):
        raise Http404
    return found


def late_token(request: HttpRequest) -> str:
    """The late-submission token of the link an organizer issued (`?late=…`), if any."""
    return (request.GET.get("late") or request.POST.get("late") or "")[:64]


@dataclass(frozen=True)
class EditState:
    editable: bool
    reason: str = ""


def edit_state(proposal: Proposal, *, late: str = "") -> EditState:
    """Whether filers may change the proposal now, and if not, why (shown on the page)."""
    if proposal.status not in FILER_EDITABLE:
        return EditState(
            False,
            _("This proposal is %(status)s: it can no longer be edited.")
            % {"status": proposal.get_filer_status_display().lower()},
        )
    if not deadline_open_for(proposal, late_token=late):
        return EditState(
            False,
            _(
                "The deadline for expressions of interest has passed: this proposal is "
                "read-only. Ask the organizers to reopen it if you need to change it."
            ),
        )
    return EditState(True)


def shown_to_reviewers(proposal: Proposal) -> bool:
    """`Proposal.objects.for_reviewers()` for one row: submitted, never a draft, not deleted."""
    return proposal.status != ProposalStatus.DRAFT and proposal.deleted_at is None


def may_discuss(user, proposal: Proposal) -> bool:
    """The networks' discussion of a proposal: organizers, the Expert sub-committee and the
    reviewers it is assigned to (by name or through their network, not declined), never one
    of its filers and never someone with a conflict of interest; and only of a proposal
    reviewers may see (`shown_to_reviewers`: a filer's draft is nobody's to discuss)."""
    if not shown_to_reviewers(proposal) or not roles.is_reviewer(user):
        return False
    if is_editor(user, proposal) or has_conflict(user, proposal):
        return False
    if roles.is_organizer(user):
        return True
    profile = Reviewer.objects.filter(user=user).select_related("network").first()
    if profile is None:
        return False
    if profile.network.kind == NetworkKind.EXPERT:
        return True
    mine = Q(reviewer=user) | Q(reviewer__isnull=True, network_id=profile.network_id)
    return proposal.assignments.filter(mine, declined_at=None).exists()
