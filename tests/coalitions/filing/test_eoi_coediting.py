"""Inviting co-editors by e-mail and accepting the invitation once signed in."""

import pytest
from django.core import mail
from django.urls import reverse

from coalitions.models import EditorInvitation
from impact.models import Notification
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(owner, edition):
    return ProposalFactory(owner=owner, edition=edition, title="Just Institutions")


def invite(client, proposal, email):
    url = reverse("coalitions:proposal-invite", args=[proposal.pk])
    return client.post(url, {"email": email})


def test_an_invitation_is_mailed_once(client, proposal, owner, django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, proposal, "New.Partner@Example.org")
    assert response.status_code == 302
    invitation = EditorInvitation.objects.get()
    assert invitation.email == "new.partner@example.org"
    note = Notification.objects.get(kind="coeditor_invited")
    assert note.email == "new.partner@example.org"
    assert f"/invitations/{invitation.token}/" in note.body_text
    assert "Just Institutions" in note.subject
    assert [m.to for m in mail.outbox] == [["new.partner@example.org"]]
    again = invite(client, proposal, "new.partner@example.org")
    assert "already been invited" in again.content.decode()
    assert Notification.objects.filter(kind="coeditor_invited").count() == 1


def test_a_bad_address_is_refused_next_to_the_field(client, proposal, owner):
    client.force_login(owner)
    response = invite(client, proposal, "not an address")
    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"]
    assert 'value="not an address"' in response.content.decode()


def test_the_invited_person_signs_in_accepts_and_edits(client, proposal, owner):
    invitation = EditorInvitation.objects.create(proposal=proposal, email="partner@example.org")
    url = reverse("coalitions:invitation", args=[invitation.token])
    assert client.get(url)["Location"].startswith("/accounts/login/?next=")
    partner = UserFactory(email="partner@example.org")
    client.force_login(partner)
    assert client.get(reverse("coalitions:proposal-edit", args=[proposal.pk])).status_code == 404
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response["Location"] == reverse("coalitions:proposal-edit", args=[proposal.pk])
    assert list(proposal.editors.all()) == [partner]
    invitation.refresh_from_db()
    assert invitation.accepted_by == partner
    assert client.get(reverse("coalitions:proposal-edit", args=[proposal.pk])).status_code == 200


def test_someone_else_cannot_use_the_link(client, proposal, outsider):
    invitation = EditorInvitation.objects.create(proposal=proposal, email="partner@example.org")
    url = reverse("coalitions:invitation", args=[invitation.token])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    response = client.post(url)
    assert response.status_code == 403
    assert "sent to partner@example.org" in response.content.decode()
    assert not proposal.editors.exists()


def test_an_unknown_token_is_404(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("coalitions:invitation", args=["nope"])).status_code == 404
