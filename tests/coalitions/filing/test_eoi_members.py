"""One member at a time: the member lines of the EOI form, the single-member page (what a
phone without JavaScript uses), the editor fragment, and who may use them."""

import pytest
from django.urls import reverse

from coalitions.enums import MemberRole, ProposalStatus
from coalitions.filing.versions import snapshot
from coalitions.models import Organization, OrganizationCorrection, Proposal, ProposalMember
from tests.coalitions.eoi_helpers import member, post_data
from tests.factories import OrganizationFactory, ProposalFactory, ProposalMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(owner, coeditor, edition):
    p = ProposalFactory(owner=owner, edition=edition, title="Water justice")
    p.editors.add(coeditor)
    org = OrganizationFactory(name="Lake Chad Forum", country="NE", constituencies=["women"])
    ProposalMemberFactory(proposal=p, organization=org, role=MemberRole.LEAD)
    snapshot(p, actor=owner)  # saved once already, as through the form
    return p


def lines_post(p, **fields):
    """The form as a browser sends it back: each saved member as its line (organization,
    name and role only), nothing else changed."""
    rows = [
        {"organization": str(m.organization_id), "name": m.organization.name, "role": m.role}
        for m in p.members.select_related("organization")
    ]
    data = {"title": p.title, "summary": p.summary, "principles": p.principles, "asks": p.asks}
    data.update(fields)
    return post_data(members=rows, initial={"members": len(rows)}, **data)


def edit_url(p):
    return reverse("coalitions:proposal-edit", args=[p.pk])


def test_a_saved_member_is_one_compact_line_with_edit_and_remove(client, proposal, owner):
    client.force_login(owner)
    html = client.get(edit_url(proposal)).content.decode()
    assert 'name="members-0-organization"' in html
    assert 'value="edit-members-0"' in html and 'value="remove-members-0"' in html
    assert "Lake Chad Forum" in html and "Niger" in html and ">Women<" in html
    # No form fields of the organization's own in the line: no country list, no check boxes.
    assert 'name="members-0-country"' not in html
    assert 'name="members-0-constituencies"' not in html
    assert "<select" not in html.split('id="members"')[1].split("</section>")[0]


def test_sending_the_lines_back_unchanged_changes_nothing(client, proposal, owner):
    client.force_login(owner)
    before = proposal.versions.count()
    response = client.post(edit_url(proposal), lines_post(proposal))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.versions.count() == before  # nothing changed, no new version
    member = proposal.members.get()
    assert member.organization.name == "Lake Chad Forum"
    assert member.organization.country == "NE"  # the details were not sent, nor lost
    assert list(member.organization.constituencies.values_list("slug", flat=True)) == ["women"]


def test_a_line_edited_in_the_page_sends_its_details(client, proposal, owner):
    client.force_login(owner)
    data = lines_post(proposal)
    data.update({"members-0-role": "member", "members-0-sector": "academia"})
    data.update({"members-0-country": "NE", "members-0-region": "africa"})
    assert client.post(edit_url(proposal), data).status_code == 302
    member = proposal.members.select_related("organization__sector").get()
    assert member.role == "member"
    # Entered by someone else and not the filer's to change: its details are kept, and the
    # change goes to those who answer for it.
    assert member.organization.sector.slug == "civil_society"
    correction = OrganizationCorrection.objects.get(organization=member.organization)
    assert correction.values["sector"] == "academia" and correction.proposed_by == owner


def test_remove_and_edit_buttons_without_javascript(client, proposal, owner):
    other = OrganizationFactory(name="Sahel Youth")
    ProposalMemberFactory(proposal=proposal, organization=other)
    client.force_login(owner)
    response = client.post(edit_url(proposal), lines_post(proposal, action="edit-members-1"))
    assert response["Location"] == reverse(
        "coalitions:proposal-member", args=[proposal.pk, other.pk]
    )
    response = client.post(edit_url(proposal), lines_post(proposal, action="remove-members-1"))
    assert response["Location"] == edit_url(proposal) + "#members"
    assert list(proposal.members.values_list("organization__name", flat=True)) == [
        "Lake Chad Forum"
    ]


def test_the_member_page_adds_a_new_organization(client, proposal, owner):
    client.force_login(owner)
    url = reverse("coalitions:proposal-member-new", args=[proposal.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="country"' in page.content.decode()
    before = proposal.versions.count()
    response = client.post(url, {**member("Andean Water Network", country="PE"), "action": "save"})
    assert response["Location"] == edit_url(proposal) + "#members"
    org = Organization.objects.get(name="Andean Water Network")
    assert org.region.slug == "latin_america_caribbean"  # derived from the country
    assert proposal.members.filter(organization=org, role="member").exists()
    assert proposal.versions.count() == before + 1


def test_the_member_page_keeps_what_was_typed_and_says_what_is_missing(client, proposal, owner):
    client.force_login(owner)
    url = reverse("coalitions:proposal-member-new", args=[proposal.pk])
    response = client.post(url, {**member("Nowhere Org", sector="", country=""), "acronym": "NO"})
    assert response.status_code == 200
    form = response.context["editor"]
    assert set(form.errors) == {"sector", "region"}
    html = response.content.decode()
    assert 'value="Nowhere Org"' in html and 'value="NO"' in html
    assert "Choose the sector of this new organization." in html
    assert not Organization.objects.filter(name="Nowhere Org").exists()


def test_the_member_page_refuses_a_second_copy_of_a_member(client, proposal, owner):
    client.force_login(owner)
    url = reverse("coalitions:proposal-member-new", args=[proposal.pk])
    response = client.post(url, member("Lake Chad Forum", country="NE"))
    assert response.status_code == 200
    assert response.context["editor"].errors["name"] == ["This organization is already a member."]
    assert proposal.members.count() == 1


def test_the_member_page_edits_and_removes(client, proposal, owner):
    org = proposal.members.get().organization
    client.force_login(owner)
    url = reverse("coalitions:proposal-member", args=[proposal.pk, org.pk])
    page = client.get(url)
    assert page.context["editor"].initial["name"] == "Lake Chad Forum"
    data = {"organization": org.pk, "name": org.name, "role": "member", "sector": org.sector.slug}
    data.update(country="NE", region=org.region.slug, action="save")
    assert client.post(url, data).status_code == 302
    assert proposal.members.get().role == "member"
    assert client.post(url, {"action": "remove"})["Location"] == edit_url(proposal) + "#members"
    assert not proposal.members.exists()
    # The member is gone: its page sends the filer back to the form.
    assert client.get(url)["Location"] == edit_url(proposal) + "#members"


def test_a_member_change_moves_the_edit_version_so_an_open_form_sees_it(client, proposal, owner):
    client.force_login(owner)
    opened = client.get(edit_url(proposal)).context["form"].edit_token
    url = reverse("coalitions:proposal-member-new", args=[proposal.pk])
    client.post(url, member("Andean Water Network", country="PE"))
    # The form opened before still holds one member: its save is told someone changed it.
    data = lines_post(Proposal.objects.get(pk=proposal.pk), summary="New summary")
    data.update({"edit_token": opened, "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "1"})
    for key in [k for k in data if k.startswith("members-1-")]:
        del data[key]
    response = client.post(edit_url(proposal), data)
    assert response.status_code == 409
    assert "Andean Water Network" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_cannot_reach_a_member_page(client, proposal, outsider, method):
    org = proposal.members.get().organization
    client.force_login(outsider)
    for url in (
        reverse("coalitions:proposal-member-new", args=[proposal.pk]),
        reverse("coalitions:proposal-member", args=[proposal.pk, org.pk]),
    ):
        response = getattr(client, method)(url, {"action": "remove"})
        assert response.status_code == 404
    assert proposal.members.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, proposal):
    for url in (
        reverse("coalitions:proposal-member-new", args=[proposal.pk]),
        reverse("coalitions:member-editor"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_closed_proposal_cannot_be_changed_from_the_member_page(client, proposal, owner):
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.WITHDRAWN)
    org = proposal.members.get().organization
    client.force_login(owner)
    url = reverse("coalitions:proposal-member", args=[proposal.pk, org.pk])
    response = client.post(url, {"action": "remove"})
    assert response.status_code == 302
    assert ProposalMember.objects.filter(proposal=proposal).count() == 1


def test_the_editor_fragment_is_kept_by_the_browser(client, owner):
    client.force_login(owner)
    response = client.get(reverse("coalitions:member-editor"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    html = response.content.decode()
    assert html.count('name="country"') == 1 and 'id="country-regions"' in html
    assert "<html" not in html


# --- a save sent twice is applied once ------------------------------------------------------


def test_a_new_proposal_saved_twice_with_the_same_key_is_created_once(client, owner, edition):
    client.force_login(owner)
    data = post_data(members=[member("First Org")], save_key="k-123", title="Once only")
    first = client.post(reverse("coalitions:proposal-new"), data)
    again = client.post(reverse("coalitions:proposal-new"), data)
    assert Proposal.objects.filter(title="Once only").count() == 1
    p = Proposal.objects.get(title="Once only")
    assert first["Location"] == again["Location"] == edit_url(p)


def test_an_edit_sent_twice_is_applied_once_without_a_conflict(client, proposal, owner):
    client.force_login(owner)
    token = client.get(edit_url(proposal)).context["form"].edit_token
    data = lines_post(proposal, summary="Retried", save_key="k-456", edit_token=token)
    data.update({"work_plan-TOTAL_FORMS": "1", "work_plan-0-title": "Kick-off"})
    assert client.post(edit_url(proposal), data).status_code == 302
    again = client.post(edit_url(proposal), data)
    assert again.status_code == 302 and again["Location"] == edit_url(proposal)
    assert proposal.work_plan.count() == 1
    assert proposal.versions.count() == 2  # the one it had, and this save once


def test_the_page_script_gets_json(client, proposal, owner):
    client.force_login(owner)
    headers = {"X-EOI-Save": "1"}
    ok = client.post(edit_url(proposal), lines_post(proposal, summary="By script"), headers=headers)
    assert ok.json() == {"redirect": edit_url(proposal)}
    bad = client.post(edit_url(proposal), lines_post(proposal, title="x" * 300), headers=headers)
    assert bad.json() == {"resubmit": True}


def test_the_form_kept_rendered_shows_every_save_at_once(client, proposal, owner, coeditor):
    client.force_login(owner)
    assert "Water justice" in client.get(edit_url(proposal)).content.decode()
    client.post(edit_url(proposal), lines_post(proposal, title="Water justice now"))
    assert "Water justice now" in client.get(edit_url(proposal)).content.decode()
    # A member added on its own page, by a co-editor, shows too.
    client.force_login(coeditor)
    url = reverse("coalitions:proposal-member-new", args=[proposal.pk])
    client.post(url, member("Andean Water Network", country="PE"))
    client.force_login(owner)
    assert "Andean Water Network" in client.get(edit_url(proposal)).content.decode()


def test_the_checklist_with_partners_is_the_filers_only(client, proposal, owner, outsider):
    url = reverse("coalitions:proposal-checklist", args=[proposal.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200 and 'id="checklist"' in response.content.decode()
