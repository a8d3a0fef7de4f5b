"""Merging proposals: membership, attribution, read-only sources, notifications, atomicity."""

import pytest
from django.db import DatabaseError, IntegrityError, connection

from coalitions import workflow
from coalitions.enums import FILER_EDITABLE, MemberRole, ProposalStatus
from coalitions.models import (
    Contact,
    MergedText,
    Proposal,
    ProposalEvent,
    ProposalMember,
    WorkPlanItem,
)
from coalitions.review import merging
from impact.models import Notification
from tests.coalitions.review.review_helpers import fast_hashing, orgs, submitted  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


@pytest.fixture
def three(edition):
    """Three proposals whose memberships overlap; one person owns two of them."""
    a_lead, b_lead, shared, both, only_c = orgs(5)
    lead_person, other_person, editor = UserFactory(), UserFactory(), UserFactory()
    a = submitted(
        edition=edition,
        owner=lead_person,
        lead=a_lead,
        members=[shared, both],
        title="Water justice",
        principles="Water is a right.",
        asks="Fund water utilities.",
    )
    b = submitted(
        edition=edition,
        owner=other_person,
        lead=b_lead,
        members=[both],
        title="Clean water",
        principles="Public water.",
        asks="Ban privatisation.",
    )
    # `shared` leads c while being a plain member of a: the result keeps it as a lead.
    c = submitted(
        edition=edition,
        owner=lead_person,
        lead=shared,
        members=[only_c, both],
        title="Water and youth",
        principles="Youth voices.",
        asks="A youth water forum.",
    )
    b.editors.add(editor)
    return {
        "proposals": [a, b, c],
        "people": [lead_person, other_person, editor],
        "orgs": [a_lead, b_lead, shared, both, only_c],
    }


def test_merge_of_three_keeps_each_member_once_with_its_strongest_role(organizer, three):
    result = merging.merge(
        three["proposals"], actor=organizer, reason="Same cause", title="Water coalition"
    )
    members = dict(result.members.values_list("organization_id", "role"))
    a_lead, b_lead, shared, both, only_c = three["orgs"]
    assert members == {
        a_lead.pk: MemberRole.LEAD,
        b_lead.pk: MemberRole.LEAD,
        shared.pk: MemberRole.LEAD,
        both.pk: MemberRole.MEMBER,
        only_c.pk: MemberRole.MEMBER,
    }
    assert ProposalMember.objects.filter(proposal=result).count() == 5


def test_merge_keeps_each_sources_texts_with_attribution(organizer, three):
    a, b, c = three["proposals"]
    result = merging.merge(three["proposals"], actor=organizer, reason="x", title="Water")
    texts = {
        t.source_id: (t.source_title, t.lead, t.principles, t.asks)
        for t in MergedText.objects.filter(result=result)
    }
    assert texts[b.pk] == (
        "Clean water",
        three["orgs"][1].name,
        "Public water.",
        "Ban privatisation.",
    )
    assert len(texts) == 3
    assert (
        f"From “Water justice” ({three['orgs'][0].name}):\nWater is a right." in result.principles
    )
    assert "From “Water and youth”" in result.asks and "A youth water forum." in result.asks
    # Work plans and contacts combined.
    assert WorkPlanItem.objects.filter(proposal=result).count() == 3
    assert Contact.objects.filter(proposal=result).count() == 3


def test_merge_marks_sources_read_only_pointing_to_the_result(organizer, three, owner):
    result = merging.merge(three["proposals"], actor=organizer, reason="x", title="Water")
    for source in three["proposals"]:
        source.refresh_from_db()
        assert (source.status, source.merged_into) == (ProposalStatus.MERGED, result)
        assert source.is_closed and source.status not in FILER_EDITABLE
        event = source.events.first()
        assert (event.action, event.data["into"]) == ("merge", result.pk)
    assert result.status == ProposalStatus.IN_REVIEW
    assert set(result.merged_from.all()) == set(three["proposals"])
    # Closed sources cannot be transitioned or merged again.
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.shortlist(three["proposals"][0], actor=organizer)
    with pytest.raises(workflow.TransitionNotAllowed):
        merging.merge(three["proposals"][:2], actor=organizer, reason="again", title="t")


def test_merge_notifies_every_lead_once_and_reevaluates_the_criteria(organizer, three):
    result = merging.merge(three["proposals"], actor=organizer, reason="x", title="Water")
    rows = Notification.objects.filter(kind="merged")
    assert sorted(rows.values_list("recipient", flat=True)) == sorted(
        p.pk for p in three["people"]
    )  # the person owning two sources hears once
    result.refresh_from_db()
    assert result.criteria_report["criteria"][0]["measured"]["csos"] == 5
    assert result.version == 1


def test_merge_into_a_chosen_target_keeps_its_text_first(organizer, three):
    a, b, c = three["proposals"]
    result = merging.merge([b, c], actor=organizer, reason="x", target=a)
    assert result.pk == a.pk
    assert result.principles.startswith("From “Water justice”")
    a.refresh_from_db()
    assert a.status == ProposalStatus.SUBMITTED
    assert MergedText.objects.filter(result=a).count() == 2


def test_only_organizers_merge_directly_and_must_say_why(reviewer, organizer, three):
    with pytest.raises(workflow.TransitionNotAllowed):
        merging.merge(three["proposals"], actor=reviewer, reason="x", title="t")
    with pytest.raises(workflow.TransitionNotAllowed, match="reason"):
        merging.merge(three["proposals"], actor=organizer, reason="", title="t")


def test_proposals_of_different_states_or_editions_do_not_merge(organizer, edition):
    draft, ok = submitted(status=ProposalStatus.DRAFT, edition=edition), submitted(edition=edition)
    with pytest.raises(workflow.TransitionNotAllowed, match="draft"):
        merging.merge([draft, ok], actor=organizer, reason="x", title="t")


def _poison_versions():
    """A real failure late in the merge: the database refuses the result's version row."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_version() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'version refused' USING ERRCODE = 'check_violation'; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_version BEFORE INSERT ON coalitions_proposalversion "
                "FOR EACH ROW EXECUTE FUNCTION refuse_version()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_version BEFORE INSERT ON coalitions_proposalversion "
                "BEGIN SELECT RAISE(ABORT, 'version refused'); END"
            )


def _state():
    return {
        "proposals": sorted(Proposal.objects.values_list("pk", "status", "merged_into")),
        "members": ProposalMember.objects.count(),
        "plans": WorkPlanItem.objects.count(),
        "contacts": Contact.objects.count(),
        "texts": MergedText.objects.count(),
        "events": ProposalEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


def test_a_merge_failing_half_way_leaves_the_database_unchanged(organizer, three):
    before = _state()
    _poison_versions()
    # By then the result, its members, texts, plans and contacts are written and the sources
    # marked merged; the failure must undo all of it.
    with pytest.raises((IntegrityError, DatabaseError), match="version refused"):
        merging.merge(three["proposals"], actor=organizer, reason="x", title="Water")
    assert _state() == before
