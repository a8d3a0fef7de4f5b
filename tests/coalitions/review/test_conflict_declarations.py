"""Conflicts of interest in the audit trail (declared and removed by the reviewer, pinned and
lifted by organizers, each with who and what changed, shown on `/audit/`), and the profile's
conflict field finding an organization by its acronym."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitions.models import Conflict
from impact.models import AuditEntry
from tests.coalitions.review.review_helpers import fast_hashing, join, orgs  # noqa: F401
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def rows(action: str):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def declare(client, typed: str, reason: str = "I advise them"):
    return client.post(
        reverse("coalitions:declare-conflict"),
        {"conflict-organization": typed, "conflict-reason": reason},
    )


def test_declare_pin_lift_and_remove_are_in_the_audit_trail(reviewer, organizer, client):
    join(reviewer)
    org = orgs(1)[0]
    client.force_login(reviewer)
    declare(client, org.name)
    conflict = Conflict.objects.get(user=reviewer)
    [declared] = rows("conflict.created")
    assert declared.actor == reviewer and declared.target_id == str(conflict.pk)
    assert declared.after["organization"] == org.pk and declared.after["state"] == "declared"
    assert declared.after["reason"] == "I advise them"

    client.force_login(organizer)
    changelist = reverse("admin:coalitions_conflict_changelist")
    for action in ("pin", "lift"):
        client.post(changelist, {"action": action, "_selected_action": [conflict.pk]})
    pinned, lifted = rows("conflict.changed")
    assert pinned.actor == lifted.actor == organizer
    assert pinned.before["state"] == "declared" and pinned.after["state"] == "pinned"
    assert lifted.before["state"] == "pinned" and lifted.after["state"] == "lifted"
    assert pinned.after["changed_by"] == organizer.pk
    page = client.get(reverse("audit"), {"action": "conflict"})
    assert page.status_code == 200
    assert "Conflict of interest changed" in page.text and "pinned" in page.text.lower()

    # The reviewer removes a declared one: recorded too. A pinned or lifted one stays.
    client.force_login(reviewer)
    client.post(reverse("coalitions:declare-conflict"), {"remove": conflict.pk})
    assert Conflict.objects.filter(pk=conflict.pk).exists() and not rows("conflict.deleted")
    Conflict.objects.filter(pk=conflict.pk).update(state="declared")
    client.post(reverse("coalitions:declare-conflict"), {"remove": conflict.pk})
    [removed] = rows("conflict.deleted")
    assert removed.actor == reviewer and removed.before["organization"] == org.pk
    for junk in ("abc", "", "1e3", "-1"):
        response = client.post(reverse("coalitions:declare-conflict"), {"remove": junk})
        assert response.status_code == 302  # nothing to remove, never a 500


def test_the_audit_page_is_the_organizers_only(reviewer, client):
    join(reviewer)
    client.force_login(reviewer)
    declare(client, orgs(1)[0].name)
    assert client.get(reverse("audit")).status_code == 403


def test_a_conflict_is_declared_by_acronym_even_among_many_like_names(reviewer, client):
    join(reviewer)
    ncil = OrganizationFactory(name="Nairobi Centre for International Law", acronym="NCIL")
    # "ncil" is part of every "Council": more of them than the search's first results.
    for i in range(40):
        OrganizationFactory(name=f"Advisory Council {i:02d}")
    client.force_login(reviewer)
    for typed in ("NCIL", "ncil", " Nairobi Centre for International Law "):
        response = declare(client, typed)
        assert response.status_code == 302, response.text
    assert list(Conflict.objects.filter(user=reviewer).values_list("organization", flat=True)) == [
        ncil.pk
    ]
    several = declare(client, "Advisory Council")
    assert several.status_code == 400 and "Several organizations match" in several.text
    unknown = declare(client, "ZZQX")
    assert unknown.status_code == 400 and "No organization has this name or acronym." in (
        unknown.text
    )
    page = client.get(reverse("coalitions:reviewer-profile"))
    assert "Its name or acronym." in page.text


def test_two_organizations_with_one_acronym_ask_for_the_name(reviewer, client):
    join(reviewer)
    OrganizationFactory(name="National Council for Independent Living", acronym="NCIL")
    OrganizationFactory(name="Nairobi Centre for International Law", acronym="NCIL")
    client.force_login(reviewer)
    both = declare(client, "NCIL")
    assert both.status_code == 400
    assert "National Council for Independent Living (NCIL)" in both.text
    assert not Conflict.objects.exists()
    assert declare(client, "National Council for Independent Living").status_code == 302
