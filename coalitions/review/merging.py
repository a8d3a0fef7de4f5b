"""Merging two or more proposals into one: a new proposal, or a chosen target.

One transaction. Every proposal involved is locked in id order first (so a concurrent
shortlist or a second merge waits, then sees the new state). The membership is united with
each organization once and its strongest role; each source's principles and asks are kept
with attribution (`MergedText`, and headed sections of the result's text); work plans,
contacts, themes and engagement are combined; the sources become `merged` (read-only,
`merged_into` the result) through `workflow.merge_into`, and a new result is created in review
through `workflow.open_merged_result`; the criteria are re-evaluated through a version
snapshot; and every owner and co-editor of every proposal involved is told once.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impact import roles
from impact.models import User
from impact.notify import notify

from .. import derived, workflow
from ..enums import OPEN_TO_REVIEW, ConsentDecision, MemberRole, MergeRequestStatus
from ..filing.versions import snapshot
from ..models import Contact, MergedText, MergeRequest, Proposal, ProposalMember, WorkPlanItem
from ..tasks import schedule_refresh
from ..workflow import TransitionNotAllowed, recipients

ROLE_STRENGTH: dict[str, int] = {MemberRole.LEAD: 2, MemberRole.MEMBER: 1}


def lock_all(pks: Sequence[int]) -> list[Proposal]:
    """Lock the rows in id order — the one order every multi-proposal transition uses."""
    rows = list(Proposal.objects.select_for_update().filter(pk__in=set(pks)).order_by("pk"))
    by_pk = {p.pk: p for p in rows}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def lead_name(proposal: Proposal) -> str:
    lead = proposal.members.filter(role=MemberRole.LEAD).select_related("organization").first()
    return lead.organization.name if lead else ""


def attributed(sections: list[tuple[str, str, str]]) -> str:
    """Texts headed by where they come from: [(title, lead, text)] → one text."""
    parts = []
    for title, lead, text in sections:
        if not text.strip():
            continue
        source = f"“{title}” ({lead})" if lead else f"“{title}”"
        parts.append(_("From %(source)s:") % {"source": source} + "\n" + text.strip())
    return "\n\n".join(parts)


def check_mergeable(proposals: Sequence[Proposal]) -> None:
    if len({p.pk for p in proposals}) < 2:
        raise TransitionNotAllowed(_("Choose at least two proposals to merge."))
    if len({p.edition_id for p in proposals}) > 1:
        raise TransitionNotAllowed(_("Only proposals of the same conference can be merged."))
    for p in proposals:
        if p.status not in OPEN_TO_REVIEW:
            raise TransitionNotAllowed(
                _("“%(title)s” is %(status)s and cannot be merged.")
                % {"title": p.title, "status": p.get_status_display().lower()}
            )


def merge(
    sources: Sequence[Proposal],
    *,
    actor,
    reason: str = "",
    target: Proposal | None = None,
    title: str = "",
    request: MergeRequest | None = None,
) -> Proposal:
    """Merge `sources` into `target`, or into a new proposal titled `title`.

    Who: organizers, recording `reason`; or anyone completing a `request` every lead accepted.
    Side effects: see the module docstring; plus a `merge` event on each source, a
    `merged_from` event on the result, a new version of the result, the request closed, and
    similarity refreshed for all after commit. Raises `TransitionNotAllowed` and changes
    nothing when it may not happen.
    """
    if request is None:
        if not roles.is_organizer(actor):
            raise TransitionNotAllowed(
                _("Only organizers merge directly; reviewers propose merges to the leads.")
            )
        if not reason.strip():
            raise TransitionNotAllowed(_("Please give a reason."))
    with transaction.atomic():
        pks = [p.pk for p in sources] + ([target.pk] if target else [])
        locked = lock_all(pks)
        check_mergeable(locked)
        if request is not None:
            _check_request(request, locked)
        by_pk = {p.pk: p for p in locked}
        result = by_pk[target.pk] if target else None
        merged = [p for p in locked if result is None or p.pk != result.pk]
        created = result is None
        if result is None:
            result = _new_result(merged, title=title)
        _unite(result, merged)
        workflow.merge_into(
            result,
            merged,
            actor=actor,
            reason=reason,
            created=created,
            request_id=request.pk if request else None,
        )
        snapshot(result, actor=actor, note="merged")
        if request is not None:
            request.status = MergeRequestStatus.DONE
            request.result = result
            request.closed_at = timezone.now()
            request.save(update_fields=["status", "result", "closed_at"])
        _tell_everyone(result, merged)
        for p in [result, *merged]:
            schedule_refresh(p)
    return result


def _check_request(request: MergeRequest, locked: list[Proposal]) -> None:
    request = MergeRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MergeRequestStatus.PENDING:
        raise TransitionNotAllowed(_("This merge request is closed."))
    answers = dict(request.consents.values_list("proposal_id", "decision"))
    if set(answers) != {p.pk for p in locked} or set(answers.values()) != {
        ConsentDecision.ACCEPTED
    }:
        raise TransitionNotAllowed(_("Every lead must accept the merge first."))


def _new_result(merged: list[Proposal], *, title: str) -> Proposal:
    first = merged[0]
    return workflow.open_merged_result(
        edition_id=first.edition_id,
        title=title or first.title,
        # Each distinct summary once, in the sources' order.
        summary="\n\n".join(dict.fromkeys(p.summary.strip() for p in merged if p.summary.strip())),
        owner_id=first.owner_id,
    )


def _unite(result: Proposal, merged: list[Proposal]) -> None:
    """Copy members (strongest role), texts with attribution, work plans, contacts, themes."""
    _unite_members(result, [result, *merged])
    _unite_texts(result, merged)
    _unite_plans_and_contacts(result, merged)
    result.themes.add(*{t for p in merged for t in p.themes.all()})
    editors = {u for p in merged for u in recipients(p)} - {result.owner}
    result.editors.add(*editors)


def _unite_members(result: Proposal, involved: list[Proposal]) -> None:
    """Each organization once, with its strongest role across all proposals."""
    roles_by_org: dict[int, str] = {}
    for m in ProposalMember.objects.filter(proposal__in=involved):
        best = roles_by_org.get(m.organization_id)
        if best is None or ROLE_STRENGTH[m.role] > ROLE_STRENGTH[best]:
            roles_by_org[m.organization_id] = m.role
    existing = dict(result.members.values_list("organization_id", "pk"))
    for org_id, role in roles_by_org.items():
        if org_id in existing:
            ProposalMember.objects.filter(pk=existing[org_id]).update(role=role)
            derived.queue(proposals=[result.pk])  # update() sends no signal
        else:
            ProposalMember.objects.create(proposal=result, organization_id=org_id, role=role)


def _unite_texts(result: Proposal, merged: list[Proposal]) -> None:
    """The result keeps its own texts (a target's), then each source's under its name."""
    involved = [result, *merged]
    sections_p, sections_a, sections_plan, sections_support = [], [], [], []
    own = result.principles or result.asks  # a new result has no text of its own yet
    for source in merged:
        lead = lead_name(source)
        MergedText.objects.create(
            result=result,
            source=source,
            source_title=source.title,
            lead=lead,
            principles=source.principles,
            asks=source.asks,
        )
        sections_p.append((source.title, lead, source.principles))
        sections_a.append((source.title, lead, source.asks))
        sections_plan.append((source.title, lead, source.engagement_plan))
        sections_support.append((source.title, lead, source.support_needed))
    if own:
        keep = lead_name(result)
        sections_p.insert(0, (result.title, keep, result.principles))
        sections_a.insert(0, (result.title, keep, result.asks))
        sections_plan.insert(0, (result.title, keep, result.engagement_plan))
        sections_support.insert(0, (result.title, keep, result.support_needed))
    result.principles = attributed(sections_p)
    result.asks = attributed(sections_a)
    result.engagement_plan = attributed(sections_plan)
    result.support_needed = attributed(sections_support)
    result.engagement_targets = sorted({t for p in involved for t in p.engagement_targets or []})
    result.support_requested = sorted({s for p in involved for s in p.support_requested or []})
    result.support_details = "\n\n".join(
        p.support_details.strip() for p in involved if p.support_details.strip()
    )
    result.youth_focus = any(p.youth_focus for p in involved)
    result.save()


def _unite_plans_and_contacts(result: Proposal, merged: list[Proposal]) -> None:
    """Every dated work-plan item (the same date and title only once); each e-mail once."""
    seen = set(result.work_plan.values_list("date", "title"))
    for item in WorkPlanItem.objects.filter(proposal__in=merged).order_by("date", "pk"):
        if (item.date, item.title) not in seen:
            seen.add((item.date, item.title))
            WorkPlanItem.objects.create(
                proposal=result, date=item.date, title=item.title, description=item.description
            )
    emails = {e.lower() for e in result.contacts.values_list("email", flat=True)}
    for c in Contact.objects.filter(proposal__in=merged).order_by("pk"):
        if c.email.lower() not in emails:
            emails.add(c.email.lower())
            Contact.objects.create(
                proposal=result, name=c.name, email=c.email, organization=c.organization
            )


def _tell_everyone(result: Proposal, merged: list[Proposal]) -> None:
    people: dict[int, User] = {}
    for p in [result, *merged]:
        for person in recipients(p):
            people.setdefault(person.pk, person)
    for person in people.values():
        notify(
            kind="merged",
            user=person,
            context={"result": result, "sources": merged},
            url=result.get_absolute_url(),
            dedup_key=f"merged:{result.pk}:{person.pk}",
        )
