"""A filer's change of a shared organization in the member editor (the EOI form and the member
page) never silently rewrites it: it becomes a suggested correction, and another coalition,
the hub and the Co-Chairs' Summary annex change only once a representative accepts it."""

import pytest
from django.urls import reverse

from coalitions.enums import CorrectionState, MemberRole, OrganizationChange
from coalitions.filing.restoring import restore
from coalitions.filing.versions import snapshot
from coalitions.models import OrganizationCorrection
from coalitions.organizations import changes
from impact.models import Notification
from summaries.compiler import build_document, compile_draft
from tests.coalitions.eoi_helpers import post_data
from tests.coalitions.hub.hubdata import published
from tests.coalitions.organizations.directorydata import represent
from tests.factories import (
    OrganizationFactory,
    ProposalFactory,
    ProposalMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(edition, owner):
    """Lake Chad Forum (LCF, women's groups), a member of filer A's published coalition, with a
    confirmed representative."""
    org = OrganizationFactory(
        name="Lake Chad Forum", acronym="LCF", country="NE", constituencies=["women"]
    )
    coalition = published("Water for the Sahel", edition=edition, owner=owner)
    ProposalMemberFactory(proposal=coalition, organization=org, role=MemberRole.LEAD)
    rep = represent(org, UserFactory(email="rep@example.org", name="Rhea Representative"))
    return {"org": org, "coalition": coalition, "rep": rep}


@pytest.fixture
def filer_b(db):
    return UserFactory(email="filer-b@example.org", name="Bea Filer")


@pytest.fixture
def draft_b(edition, filer_b, shared):
    draft = ProposalFactory(owner=filer_b, edition=edition, title="Sahel youth voices")
    ProposalMemberFactory(proposal=draft, organization=shared["org"], role=MemberRole.LEAD)
    snapshot(draft, actor=filer_b)
    return draft


def _edited_line(draft, org) -> dict:
    """The EOI form as posted after the filer edited the member line: its details sent as
    fields, with a new acronym and other constituency types."""
    row = {
        "organization": str(org.pk),
        "name": org.name,
        "role": MemberRole.LEAD,
        "acronym": "LCF-Youth",
        "sector": org.sector.slug,
        "country": "NE",
        "region": org.region.slug,
        "constituencies": ["ngos", "children_youth"],
    }
    fields = {"title": draft.title, "summary": draft.summary, "principles": draft.principles}
    return post_data(members=[row], initial={"members": 1}, asks=draft.asks, **fields)


def _shown_everywhere(client, shared, edition) -> list[str]:
    """What A's coalition page (the hub's), A's own proposal page and the Co-Chairs' Summary
    annex say of the organization."""
    coalition = shared["coalition"]
    client.logout()
    hub = client.get(reverse("coalitions:hub-detail", args=[coalition.public_slug]))
    client.force_login(coalition.owner)
    own = client.get(reverse("coalitions:proposal-detail", args=[coalition.pk]))
    compile_draft(edition)
    (annexed,) = [c for c in build_document(edition).coalitions if c.title == coalition.title]
    return [hub.content.decode(), own.content.decode(), " ".join(annexed.leads)]


def test_a_change_in_the_eoi_form_waits_for_the_representative(
    client, shared, edition, filer_b, draft_b
):
    org = shared["org"]
    client.force_login(filer_b)
    url = reverse("coalitions:proposal-edit", args=[draft_b.pk])
    response = client.post(url, _edited_line(draft_b, org), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("was sent to the organization's representatives" in m for m in messages)

    # Nothing changed: B's proposal still lists the organization as it is, as everyone sees it.
    org.refresh_from_db()
    assert org.acronym == "LCF"
    assert list(org.constituencies.values_list("slug", flat=True)) == ["women"]
    assert draft_b.members.get().organization_id == org.pk
    for page in _shown_everywhere(client, shared, edition):
        assert "Lake Chad Forum (LCF)" in page
        assert "LCF-Youth" not in page
    correction = OrganizationCorrection.objects.get()
    assert (correction.proposed_by, correction.proposal) == (filer_b, draft_b)
    assert correction.values == {
        "acronym": "LCF-Youth",
        "constituencies": ["children_youth", "ngos"],
    }
    assert correction.before == {"acronym": "LCF", "constituencies": ["women"]}

    # The representative sees it, accepts it in one click, and only then does it change.
    client.force_login(shared["rep"])
    mine = client.get(reverse("coalitions:my-organizations")).content.decode()
    assert "LCF-Youth" in mine and 'data-testid="correction-accept"' in mine
    decide = reverse("coalitions:organization-decide-correction", args=[correction.pk, "accept"])
    assert client.post(decide).status_code == 302
    org.refresh_from_db()
    assert org.acronym == "LCF-Youth"
    assert sorted(org.constituencies.values_list("slug", flat=True)) == ["children_youth", "ngos"]
    for page in _shown_everywhere(client, shared, edition):
        assert "LCF-Youth" in page

    # The history lists the suggestion and the change it made; B is told.
    client.force_login(shared["rep"])
    history = client.get(reverse("coalitions:organization-history", args=[org.pk]))
    (version,) = history.context["versions"]
    assert version.item.reason == OrganizationChange.CORRECTION
    assert version.item.correction == correction and version.item.changed_by == shared["rep"]
    assert [shown.item for shown in history.context["corrections"]] == [correction]
    html = history.content.decode()
    assert "LCF-Youth" in html and "Suggested correction accepted" in html
    assert Notification.objects.filter(
        recipient=filer_b, kind="organization_correction_accepted"
    ).exists()


def test_a_change_on_the_member_page_waits_too_and_a_decline_changes_nothing(
    client, shared, edition, filer_b, draft_b
):
    org = shared["org"]
    client.force_login(filer_b)
    url = reverse("coalitions:proposal-member", args=[draft_b.pk, org.pk])
    data = {"organization": org.pk, "name": org.name, "role": MemberRole.LEAD, "action": "save"}
    data.update(sector=org.sector.slug, country="NE", region=org.region.slug)
    data.update(acronym="LCF-Youth", constituencies=["ngos"])
    response = client.post(url, data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("was sent to the organization's representatives" in m for m in messages)
    org.refresh_from_db()
    assert org.acronym == "LCF"
    for page in _shown_everywhere(client, shared, edition):
        assert "LCF-Youth" not in page
    correction = OrganizationCorrection.objects.get()
    # The representative was told there is something to answer.
    assert Notification.objects.filter(
        recipient=shared["rep"], kind="organization_correction_suggested"
    ).exists()

    client.force_login(shared["rep"])
    decide = reverse("coalitions:organization-decide-correction", args=[correction.pk, "decline"])
    assert client.post(decide).status_code == 302
    correction.refresh_from_db()
    assert (correction.state, correction.decided_by) == (CorrectionState.DECLINED, shared["rep"])
    org.refresh_from_db()
    assert org.acronym == "LCF" and not org.versions.exists()
    assert Notification.objects.filter(
        recipient=filer_b, kind="organization_correction_declined"
    ).exists()


def test_the_same_suggestion_saved_twice_is_sent_once(client, shared, filer_b, draft_b):
    client.force_login(filer_b)
    url = reverse("coalitions:proposal-edit", args=[draft_b.pk])
    client.post(url, _edited_line(draft_b, shared["org"]))
    draft_b.refresh_from_db()
    client.post(url, _edited_line(draft_b, shared["org"]))
    assert OrganizationCorrection.objects.count() == 1


def test_whoever_entered_an_organization_used_only_by_them_corrects_it_at_once(
    client, edition, filer_b
):
    org = OrganizationFactory(name="Sahel Youth", acronym="SY", country="NE", created_by=filer_b)
    draft = ProposalFactory(owner=filer_b, edition=edition, title="Sahel youth voices")
    ProposalMemberFactory(proposal=draft, organization=org, role=MemberRole.LEAD)
    snapshot(draft, actor=filer_b)
    client.force_login(filer_b)
    url = reverse("coalitions:proposal-edit", args=[draft.pk])
    assert client.post(url, _edited_line(draft, org)).status_code == 302
    org.refresh_from_db()
    assert org.acronym == "LCF-Youth"
    assert not OrganizationCorrection.objects.exists()
    (version,) = org.versions.all()
    assert (version.reason, version.changed_by) == (OrganizationChange.EDITED, filer_b)
    assert version.before["acronym"] == "SY" and version.after["acronym"] == "LCF-Youth"


def test_whoever_entered_it_suggests_once_another_proposal_lists_it(
    client, edition, owner, filer_b
):
    # The bug this prevents: B typed the organization first, A's published coalition uses it.
    org = OrganizationFactory(name="Sahel Youth", acronym="SY", country="NE", created_by=filer_b)
    coalition = published("Water for the Sahel", edition=edition, owner=owner)
    ProposalMemberFactory(proposal=coalition, organization=org)
    draft = ProposalFactory(owner=filer_b, edition=edition, title="Sahel youth voices")
    ProposalMemberFactory(proposal=draft, organization=org, role=MemberRole.LEAD)
    snapshot(draft, actor=filer_b)
    client.force_login(filer_b)
    url = reverse("coalitions:proposal-edit", args=[draft.pk])
    assert client.post(url, _edited_line(draft, org)).status_code == 302
    org.refresh_from_db()
    assert org.acronym == "SY"
    assert OrganizationCorrection.objects.get().values["acronym"] == "LCF-Youth"


def test_restoring_a_version_leaves_shared_organizations_as_they_are(shared, filer_b, draft_b):
    org = shared["org"]
    saved = draft_b.versions.get()  # the organization was "LCF" then
    changes.change_details(
        org, {"acronym": "L.C.F."}, actor=shared["rep"], reason=OrganizationChange.EDITED
    )
    restore(draft_b, saved, actor=filer_b)
    org.refresh_from_db()
    assert org.acronym == "L.C.F."
    assert draft_b.members.get().organization_id == org.pk
    assert not OrganizationCorrection.objects.exists()


def test_a_correction_no_representative_answers_goes_to_the_organizers(
    client, edition, owner, filer_b, organizer
):
    org = OrganizationFactory(name="Sahel Youth", acronym="SY", country="NE", created_by=owner)
    coalition = published("Water for the Sahel", edition=edition, owner=owner)
    ProposalMemberFactory(proposal=coalition, organization=org)
    draft = ProposalFactory(owner=filer_b, edition=edition, title="Sahel youth voices")
    ProposalMemberFactory(proposal=draft, organization=org, role=MemberRole.LEAD)
    snapshot(draft, actor=filer_b)
    client.force_login(filer_b)
    url = reverse("coalitions:proposal-edit", args=[draft.pk])
    response = client.post(url, _edited_line(draft, org), follow=True)
    assert any("was sent to the organizers" in str(m) for m in response.context["messages"])

    client.force_login(organizer)
    page = client.get(reverse("coalitions:organization-corrections"))
    (shown,) = page.context["corrections"]
    decide = reverse("coalitions:organization-decide-correction", args=[shown.item.pk, "accept"])
    client.post(decide)
    org.refresh_from_db()
    assert org.acronym == "LCF-Youth"
