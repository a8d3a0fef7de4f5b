"""The audit trail: one row for each privileged action, with who, where, before and after;
append-only for everyone; searchable by organizers; its CSV safe to open."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from coalitions import workflow
from coalitions.enums import ProposalStatus
from coalitions.models import Assignment, Organization
from coalitions.review import merging
from impact import audit, roles
from impact.models import AuditEntry, AuditTrailIsAppendOnly
from summaries.models import Session
from tests.coalitions.review.review_helpers import (  # noqa: F401
    fast_hashing,
    join,
    network,
    orgs,
    submitted,
)
from tests.factories import TEST_PASSWORD, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def acting_as(user, ip="203.0.113.7"):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = user
    return audit.acting(request)


def rows(action: str):
    return list(AuditEntry.objects.filter(action=action))


# --- each privileged action writes one row ----------------------------------------------


def test_a_decision_writes_one_row_with_the_status_before_and_after(reviewer):
    proposal = submitted(status=ProposalStatus.IN_REVIEW)
    with acting_as(reviewer):
        workflow.shortlist(proposal, actor=reviewer, reason="Strong coalition.")
    [row] = rows("proposal.shortlist")
    assert row.actor == reviewer
    assert row.actor_label == "Rita Reviewer <reviewer@example.org>"
    assert row.ip == "203.0.113.7"
    assert row.target_type == "coalitions.Proposal" and row.target_id == str(proposal.pk)
    assert row.before == {"status": ProposalStatus.IN_REVIEW}
    assert row.after == {"status": ProposalStatus.SHORTLISTED, "reason": "Strong coalition."}


def test_a_decline_writes_one_row(reviewer):
    proposal = submitted()
    workflow.decline(proposal, actor=reviewer, reason="Too narrow.")
    [row] = rows("proposal.decline")
    assert row.before == {"status": ProposalStatus.SUBMITTED}
    assert row.after["status"] == ProposalStatus.DECLINED


def test_a_filers_own_submission_is_not_a_privileged_action(owner):
    from tests.factories import ProposalFactory

    proposal = ProposalFactory(owner=owner)
    workflow.withdraw(proposal, actor=owner)
    assert list(AuditEntry.objects.values_list("action", "before", "after")) == []


def test_a_merge_writes_one_row_for_the_result_and_one_for_each_source(edition, organizer):
    a_lead, b_lead = orgs(2)
    a = submitted(edition=edition, lead=a_lead, title="Water justice")
    b = submitted(edition=edition, lead=b_lead, title="Clean water")
    result = merging.merge([a, b], actor=organizer, reason="Same asks.", title="Water")
    [made] = rows("proposal.merged_from")
    assert made.target_id == str(result.pk) and made.actor == organizer
    merged = rows("proposal.merge")
    assert sorted(int(r.target_id) for r in merged) == sorted([a.pk, b.pk])
    assert all(r.after["status"] == ProposalStatus.MERGED for r in merged)


def test_an_assignment_writes_one_row(organizer, reviewer):
    join(reviewer)
    proposal = submitted()
    with acting_as(organizer):
        assignment = Assignment.objects.create(
            proposal=proposal, network=network(), reviewer=reviewer, assigned_by=organizer
        )
    [row] = rows("assignment.created")
    assert row.target_id == str(assignment.pk)
    assert row.before == {}
    assert row.after["proposal"] == proposal.pk and row.after["reviewer"] == reviewer.pk


def test_a_reviewer_change_writes_one_row_with_only_what_changed(organizer, reviewer):
    membership = join(reviewer)
    with acting_as(organizer):
        membership.active = False
        membership.save()
    [row] = rows("reviewer.changed")
    assert row.before == {"active": True} and row.after == {"active": False}


def test_an_organization_correction_writes_one_row(organizer):
    org = OrganizationFactory(name="Old name")
    with acting_as(organizer):
        org.name = "New name"
        org.save()
    [row] = rows("organization.changed")
    assert row.before == {"name": "Old name"} and row.after == {"name": "New name"}
    assert Organization.objects.get(pk=org.pk).name == "New name"


def test_a_session_edit_writes_one_row(organizer, edition):
    import datetime

    session = Session.objects.create(
        edition=edition,
        title="Opening plenary",
        date=datetime.date(2024, 5, 9),
        starts_at=datetime.time(9),
        ends_at=datetime.time(10),
    )
    assert rows("session.created") == []  # made outside a request
    with acting_as(organizer):
        session.room = "Plenary hall"
        session.save()
    [row] = rows("session.changed")
    assert row.before == {"room": ""} and row.after == {"room": "Plenary hall"}


def test_a_settings_change_writes_one_row(organizer, edition):
    with acting_as(organizer):
        edition.min_regions = 4
        edition.save()
    [row] = rows("edition.changed")
    assert row.before == {"min_regions": 5} and row.after == {"min_regions": 4}


def test_an_edit_by_a_filer_is_not_recorded(owner):
    org = OrganizationFactory(name="Old name")
    with acting_as(owner):
        org.name = "New name"
        org.save()
    assert not AuditEntry.objects.exists()


def test_role_changes_are_recorded_from_either_side(owner):
    organizers = Group.objects.get(name=roles.ORGANIZERS)
    owner.groups.add(organizers)
    organizers.user_set.remove(owner)
    owner.is_staff = True
    owner.save()
    added, removed = AuditEntry.objects.filter(action="user.groups.changed").order_by("pk")
    filer, both = [roles.FILERS], sorted([roles.FILERS, roles.ORGANIZERS])
    assert added.before == {"groups": filer} and added.after == {"groups": both}
    assert removed.before == {"groups": both} and removed.after == {"groups": filer}
    [staff] = rows("user.roles.changed")
    assert staff.before == {"is_staff": False} and staff.after == {"is_staff": True}


def test_a_privileged_sign_in_is_recorded_and_a_filers_is_not(client, organizer, owner):
    for user in (owner, organizer):
        client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
        client.post(reverse("account_logout"))
    [row] = rows("user.signed_in")
    assert row.actor == organizer and row.ip == "127.0.0.1"


def test_an_export_is_recorded(client, organizer, edition):
    client.force_login(organizer)
    response = client.get(reverse("coalitions:hub-overview-csv", args=["months"]))
    assert response.status_code == 200
    [row] = rows("progress.exported")
    assert row.actor == organizer and row.after["table"] == "months"


# --- append-only -------------------------------------------------------------------------


@pytest.fixture
def entry(organizer):
    return audit.record("user.signed_in", actor=organizer, target=organizer, ip="192.0.2.1")


def test_a_row_cannot_be_changed_or_deleted_through_the_model(entry):
    entry.action = "nothing"
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="nothing")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "user.signed_in"


@pytest.mark.postgres
def test_postgresql_refuses_changes_and_deletions(entry):
    for sql in (
        "UPDATE impact_auditentry SET action = 'nothing'",
        "UPDATE impact_auditentry SET after = '{}'::jsonb",
        "DELETE FROM impact_auditentry",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)
    assert AuditEntry.objects.get(pk=entry.pk).action == "user.signed_in"


def test_erasing_the_actor_keeps_the_row(entry, organizer):
    organizer.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor is None
    assert entry.actor_label == "Orla Organizer <organizer@example.org>"
    AuditEntry.objects.filter(pk=entry.pk).update(actor_label="", ip=None)
    assert AuditEntry.objects.get(pk=entry.pk).actor_label == ""


@pytest.mark.parametrize("who", ["organizer", "reviewer", "owner", "superuser"])
def test_no_role_changes_or_deletes_a_row_in_the_admin(client, entry, who, request):
    if who == "superuser":
        user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    change = reverse("admin:impact_auditentry_change", args=[entry.pk])
    delete = reverse("admin:impact_auditentry_delete", args=[entry.pk])
    response = client.post(change, {"action": "nothing"})
    assert response.status_code in (302, 403)
    response = client.post(delete, {"post": "yes"})
    assert response.status_code in (302, 403)
    changelist = reverse("admin:impact_auditentry_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302, 403)
    entry.refresh_from_db()
    assert entry.action == "user.signed_in"
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_organizers_read_the_trail_in_the_admin_without_change_or_delete(client, entry, organizer):
    client.force_login(organizer)
    response = client.get(reverse("admin:impact_auditentry_change", args=[entry.pk]))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert b"deletelink" not in response.content


# --- the organizers' page and CSV ---------------------------------------------------------


def test_only_organizers_see_the_trail(client, entry, reviewer, owner):
    url = reverse("audit")
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.get(reverse("audit-csv")).status_code == 302
    for user in (reviewer, owner):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("audit-csv")).status_code == 403


def test_organizers_search_the_trail(client, organizer, reviewer, edition):
    proposal = submitted(status=ProposalStatus.IN_REVIEW)
    workflow.shortlist(proposal, actor=reviewer)
    with acting_as(organizer):
        edition.min_regions = 4
        edition.save()
    client.force_login(organizer)
    response = client.get(reverse("audit"), {"q": "Rita"})
    assert response.status_code == 200
    assert "Proposal: shortlisted" in response.content.decode()
    assert "Conference edition changed" not in response.content.decode()
    response = client.get(reverse("audit"), {"action": "edition"})
    page = response.content.decode()
    assert "Conference edition changed" in page
    assert "C2: minimum distinct regions" in page or "minimum distinct regions" in page
    assert "Proposal: shortlisted" not in page
    # In French, labels and values are French.
    response = client.get(reverse("audit"), {"q": "Rita"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Proposition : " in response.content.decode()
    response = client.get(reverse("audit"), {"since": "not a date"})
    assert response.status_code == 200
    assert b"Enter a valid date." in response.content
    assert b'value="not a date"' in response.content


def test_the_csv_neutralizes_formulas_and_is_itself_recorded(client, organizer):
    org = OrganizationFactory(name='=HYPERLINK("http://evil.example/","x")')
    with acting_as(organizer):
        org.acronym = "@SUM(A1)"
        org.save()
    client.force_login(organizer)
    response = client.get(reverse("audit-csv"), {"action": "organization"})
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0][:4] == ["when", "who", "from", "action"]
    [row] = table[1:]
    assert row[6] == "'" + '=HYPERLINK("http://evil.example/","x") (@SUM(A1))'
    assert row[4] == "coalitions.Organization"
    assert "@SUM(A1)" in row[8]
    [export] = rows("audit.exported")
    assert export.actor == organizer and export.after["rows"] == 1


def test_a_correction_accepted_in_the_portal_writes_its_rows_with_the_request(
    client, organizer, owner
):
    """Through a real request: the middleware gives the actor and the address."""
    from coalitions.models import OrganizationCorrection

    org = OrganizationFactory(acronym="OLD")
    correction = OrganizationCorrection.objects.create(
        organization=org, proposed_by=owner, values={"acronym": "NEW"}, before={"acronym": "OLD"}
    )
    client.force_login(organizer)
    response = client.post(
        reverse("coalitions:organization-decide-correction", args=[correction.pk, "accept"]),
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 302
    [decided] = rows("organization_correction.changed")
    assert decided.actor == organizer and decided.ip == "198.51.100.4"
    assert decided.before["state"] == "pending" and decided.after["state"] == "accepted"
    [changed] = rows("organization.changed")
    assert changed.before == {"acronym": "OLD"} and changed.after == {"acronym": "NEW"}
    # The filer who suggested it, outside any privileged request, wrote nothing.
    assert not AuditEntry.objects.filter(actor=owner).exists()
