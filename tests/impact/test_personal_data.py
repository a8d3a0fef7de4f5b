"""A person downloads everything the portal holds about them, then deletes their account:
nothing of theirs is left in any table, and their proposals live on with a new owner."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from coalitions.enums import EventAction, MemberRole, ProposalStatus, RepresentativeState
from coalitions.filing.coediting import invite
from coalitions.filing.versions import snapshot
from coalitions.models import (
    CoalitionUpdate,
    EditorInvitation,
    JoinRequest,
    Proposal,
    ProposalEvent,
    Representative,
)
from impact import personal_data
from impact.models import Notification, User
from impact.notify import notify
from tests.factories import (
    TEST_PASSWORD,
    ContactFactory,
    OrganizationFactory,
    ProposalFactory,
    ProposalMemberFactory,
    UserFactory,
)

NAME = "Wanjiru Kamau-Odhiambo"
EMAIL = "wanjiru.filer@example.org"


def _column_texts(obj: models.Model):
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        if isinstance(field, models.JSONField):
            yield field, json.dumps(value, ensure_ascii=False)
        elif isinstance(value, str):
            yield field, value


def leftovers(*needles: str) -> list[str]:
    """Every (model, row, column) of every installed model whose text holds a needle."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label == "sessions" or not model._meta.managed:
            continue
        for obj in model._base_manager.all():
            for field, text in _column_texts(obj):
                for needle in needles:
                    if needle.lower() in text.lower():
                        found.append(f"{model._meta.label}#{obj.pk}.{field.name} has {needle!r}")
    return found


@pytest.fixture
def filer(db):
    return UserFactory(email=EMAIL, name=NAME)


@pytest.fixture
def filed(filer, coeditor, outsider, edition):
    """The filer's footprint: three proposals (one co-edited, one whose lead organization has
    a representative, one with neither), versions, events, contacts, invitations both ways,
    a request to join and an update posted (their messages), notifications to and about them,
    an organization they represent."""
    with_editor = ProposalFactory(owner=filer, edition=edition, title="Shared proposal")
    with_editor.editors.add(coeditor)
    with_rep = ProposalFactory(owner=filer, edition=edition, title="Represented proposal")
    lead = OrganizationFactory(name="Lead Org Trust")
    ProposalMemberFactory(proposal=with_rep, organization=lead, role=MemberRole.LEAD)
    Representative.objects.create(
        organization=lead, user=outsider, state=RepresentativeState.CONFIRMED
    )
    alone = ProposalFactory(owner=filer, edition=edition, title="Lonely proposal")
    ContactFactory(proposal=alone, name=NAME, email=EMAIL)
    version = snapshot(alone, actor=filer, note="")
    # Someone else's published coalition, joined and posted to by the filer.
    published = ProposalFactory(
        owner=coeditor, edition=edition, status=ProposalStatus.PUBLISHED, public_slug="joined"
    )
    own_org = OrganizationFactory(name="Filer Home Org", email="office@filer-home.example")
    Representative.objects.create(
        organization=own_org, user=filer, state=RepresentativeState.CONFIRMED
    )
    join = JoinRequest.objects.create(
        proposal=published,
        organization=own_org,
        requested_by=filer,
        message=f"{NAME} here: we would like to join. Write to {EMAIL}.",
    )
    update = CoalitionUpdate.objects.create(
        proposal=published, author=filer, body="Our network met in Nairobi."
    )
    sent = invite(with_editor, email="friend@example.org", invited_by=filer)
    received = invite(published, email=EMAIL, invited_by=coeditor)
    about = notify(  # to someone else, naming the filer
        kind="coeditor_invited",
        user=outsider,
        context={"proposal": with_editor, "invited_by": filer, "invitation": sent},
        dedup_key="about-filer",
    )
    event = ProposalEvent.objects.filter(proposal=alone).first() or alone.events.create(
        actor=filer, action="submit", reason=f"Submitted by {NAME}"
    )
    return {
        "proposals": [with_editor, with_rep, alone],
        "version": version,
        "event": event,
        "join": join,
        "update": update,
        "invitations": [sent, received],
        "about": about,
    }


def _section(data: dict, label: str) -> list[dict]:
    return next((s["rows"] for s in data["sections"] if s["model"] == label), [])


def test_download_holds_every_record_of_theirs(client, filer, filed):
    client.force_login(filer)
    response = client.get(reverse("my-data-json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL
    assert data["account"]["name"] == NAME
    assert "impact.User" not in {s["model"] for s in data["sections"]}  # once, as the account
    assert "password" not in data["account"]
    ids = lambda label: {row["id"] for row in _section(data, label)}  # noqa: E731
    assert {p.pk for p in filed["proposals"]} <= ids("coalitions.Proposal")
    assert filed["version"].pk in ids("coalitions.ProposalVersion")
    assert filed["event"].pk in ids("coalitions.ProposalEvent")
    assert filed["join"].pk in ids("coalitions.JoinRequest")
    assert filed["update"].pk in ids("coalitions.CoalitionUpdate")
    assert {i.pk for i in filed["invitations"]} <= ids("coalitions.EditorInvitation")
    mine = Notification.objects.filter(recipient=filer)
    assert mine.exists()
    assert set(mine.values_list("pk", flat=True)) <= ids("impact.Notification")
    assert filed["about"].pk not in ids("impact.Notification")  # someone else's mail
    # Secrets stay out: an invitation's link is its token.
    assert all("token" not in row for row in _section(data, "coalitions.EditorInvitation"))
    assert filed["invitations"][0].token not in response.content.decode()

    page = client.get(reverse("my-data"))
    assert page.status_code == 200
    text = page.content.decode()
    assert EMAIL in text and "Lonely proposal" in text and "Our network met" in text


def test_deleting_the_account_erases_them_and_keeps_their_proposals(
    client, filer, filed, coeditor, outsider
):
    assert leftovers(EMAIL, NAME)  # the walk finds them before
    public = Client().get("/coalitions/joined/")  # cached for visitors, naming the poster
    assert NAME in public.content.decode()
    client.force_login(filer)
    wrong = client.post(reverse("delete-account"), {"confirmation": "not it"})
    assert wrong.status_code == 200
    assert "This is not your password." in wrong.content.decode()
    assert User.objects.filter(pk=filer.pk).exists()

    response = client.post(reverse("delete-account"), {"confirmation": TEST_PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=filer.pk).exists()
    assert leftovers(EMAIL, NAME) == []
    assert leftovers("Wanjiru", "Kamau-Odhiambo") == []

    with_editor, with_rep, alone = (Proposal.all_objects.get(pk=p.pk) for p in filed["proposals"])
    assert with_editor.owner == coeditor
    assert not with_editor.editors.filter(pk=coeditor.pk).exists()
    assert with_rep.owner == outsider
    told = Notification.objects.filter(kind="proposal_handed_over")
    assert set(told.values_list("recipient", flat=True)) == {coeditor.pk, outsider.pk}
    assert "Shared proposal" in told.get(recipient=coeditor).subject
    assert alone.owner.email == personal_data.PLACEHOLDER_EMAIL
    assert not alone.owner.is_active and not alone.owner.has_usable_password()
    assert alone.versions.count() == 1  # nothing else lost
    assert alone.events.filter(action=EventAction.REOWNED).count() == 1
    # What others wrote stays, rid of the name only; their invitation to the filer, too.
    assert EditorInvitation.objects.filter(pk=filed["invitations"][1].pk).exists()
    assert CoalitionUpdate.objects.filter(pk=filed["update"].pk).exists()
    assert Notification.objects.filter(pk=filed["about"].pk).exists()
    assert NAME not in Client().get("/coalitions/joined/").content.decode()
    # The session is over.
    assert client.get(reverse("my-data")).status_code == 302


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for name in ("my-data", "my-data-json", "delete-account"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_staff_cannot_delete_themselves_here(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("delete-account"), {"confirmation": TEST_PASSWORD})
    assert response.status_code == 200
    assert "Ask an administrator" in response.content.decode()
    assert User.objects.filter(pk=reviewer.pk).exists()


def test_a_person_downloads_only_their_own_data(client, filer, filed, outsider):
    client.force_login(outsider)
    data = client.get(reverse("my-data-json")).json()
    assert data["account"]["email"] == "outsider@example.org"
    assert EMAIL not in json.dumps(data)
