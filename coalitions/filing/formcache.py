"""The key of the EOI form's rendered parts (`eoi-form` in `impact.caches`).

The parts show the proposal, its members' organizations (names, sectors, regions, countries,
constituencies), the edition (name, deadline, dates, thresholds through the checklist) and the
reference tables (the choices, the criteria). The key carries a version of each, so a change
to any of them is seen at the next page, not when the parts expire:

- the proposal: its edit version, version, status and `updated_at` (any save);
- the members: their number, the last one added, and the latest `Organization.updated_at`
  (moved by every save; by `touch_organizations` where save() is bypassed);
- the edition: its `updated_at`;
- the reference tables: the criteria reference's stamp (`criteria_bridge.reference_stamp`),
  renewed whenever a region, sector, constituency type or theme changes.

The member sources are read by the query that fetches the proposal (`with_key_sources`), so
the key costs no query of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from impact import caches

from ..criteria_bridge import reference_stamp
from ..models import Organization, Proposal, ProposalMember


def with_key_sources(rows: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """`rows` with what `form_key` reads of each proposal's members, in the same query."""
    members = ProposalMember.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal")
    return rows.annotate(
        key_members=Subquery(members.annotate(n=Count("pk")).values("n")),
        key_last_member=Subquery(members.annotate(last=Max("pk")).values("last")),
        key_organizations=Subquery(
            members.annotate(at=Max("organization__updated_at")).values("at")
        ),
    )


def form_key(proposal: Proposal, *, late: str, add: str) -> str:
    """What the rendered form of a saved proposal depends on (see the module's docstring); ""
    for a new proposal, whose empty form is not kept."""
    if proposal.pk is None:
        return ""
    if not hasattr(proposal, "key_members"):
        proposal = with_key_sources(Proposal.objects.filter(pk=proposal.pk)).get()
    parts = [
        proposal.pk,
        proposal.edit_version,
        proposal.version,
        proposal.status,
        _stamp(proposal.updated_at),
        proposal.key_members or 0,
        proposal.key_last_member or 0,
        _stamp(proposal.key_organizations),
        _stamp(proposal.edition.updated_at),
        reference_stamp(),
        get_language(),
        late,
        add,
    ]
    return ":".join(str(p) for p in parts)


def _stamp(moment) -> str:
    return moment.isoformat() if moment else "-"


@caches.flushes("eoi-form")
def touch_organizations(ids: Iterable[int]) -> None:
    """Mark these organizations changed where their save() was bypassed (`update()`, their
    constituencies), so every form that shows them is rendered again."""
    ids = list(ids)
    if ids:
        Organization.objects.filter(pk__in=ids).update(updated_at=timezone.now())


def organizations_constituencies_changed(
    sender, instance, action: str, reverse: bool, pk_set, **kwargs
) -> None:
    """`Organization.constituencies` changed, from either side: the organizations shown move."""
    if reverse and action == "pre_clear":  # constituency.organizations.clear(): while known
        touch_organizations(instance.organizations.values_list("pk", flat=True))
    elif reverse and action in ("post_add", "post_remove"):
        touch_organizations(pk_set or ())
    elif not reverse and action.startswith("post_"):
        touch_organizations([instance.pk])
