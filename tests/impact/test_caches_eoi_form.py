"""The EOI form's rendered parts (`eoi-form` in impact.caches) are kept for minutes, and a
change to anything they show is seen at the next page: the proposal, its members'
organizations (saved, updated in bulk, their constituencies from either side), the edition
and the reference tables."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from coalitions.enums import MemberRole
from coalitions.models import ConstituencyType, Organization, Region, Sector, Theme
from impact.models import ConferenceEdition
from tests.factories import OrganizationFactory, ProposalFactory, ProposalMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(client, owner, edition):
    proposal = ProposalFactory(owner=owner, edition=edition, title="Peace in the Sahel")
    org = OrganizationFactory(name="Sahel Peace Network", constituencies=["women"])
    ProposalMemberFactory(proposal=proposal, organization=org, role=MemberRole.LEAD)
    client.force_login(owner)
    url = reverse("coalitions:proposal-edit", args=[proposal.pk])

    def page() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    assert "Sahel Peace Network" in page()  # now kept in the cache
    return SimpleNamespace(proposal=proposal, org=org, page=page, edition=edition)


def test_the_form_is_kept_rendered(form, django_assert_num_queries):
    # The user, the proposal with its edition and the sources of the key, the unread count.
    with django_assert_num_queries(3):
        form.page()


def test_an_organization_saved_elsewhere_shows_at_once(form):
    form.org.name = "Sahel Peace Alliance"
    form.org.save()
    html = form.page()
    assert "Sahel Peace Alliance" in html
    assert "Sahel Peace Network" not in html


def test_an_organization_updated_in_bulk_shows_at_once(form):
    Organization.objects.filter(pk=form.org.pk).update(acronym="SPAX")
    assert "SPAX" in form.page()


@pytest.mark.parametrize("side", ["organization", "constituency", "constituency.clear"])
def test_constituencies_changed_from_either_side_show_at_once(form, side):
    farmers = ConstituencyType.objects.get(slug="farmers")
    women = ConstituencyType.objects.get(slug="women")
    if side == "organization":
        form.org.constituencies.add(farmers)
        assert "<li>Farmers</li>" in form.page()
    elif side == "constituency":
        farmers.organizations.add(form.org)
        assert "<li>Farmers</li>" in form.page()
    else:
        women.organizations.clear()
        assert "<li>Women</li>" not in form.page()


def test_a_member_added_by_someone_else_shows_at_once(form):
    other = OrganizationFactory(name="Pacific Islands Climate Action Network")
    ProposalMemberFactory(proposal=form.proposal, organization=other)
    assert "Pacific Islands Climate Action Network" in form.page()


def test_a_changed_edition_threshold_shows_in_the_checklist_at_once(form):
    assert "(1 of the 5 needed)" in form.page()
    form.edition.min_csos = 7
    form.edition.save()
    assert "(1 of the 7 needed)" in form.page()
    ConferenceEdition.objects.filter(pk=form.edition.pk).update(min_csos=9)  # a shell, in bulk
    assert "(1 of the 9 needed)" in form.page()


def test_a_moved_horizon_shows_at_once(form):
    form.edition.horizon_date = form.edition.horizon_date.replace(year=2041)
    form.edition.save()
    assert "2041" in form.page()


def test_reference_tables_changed_in_a_shell_show_at_once(form):
    Sector.objects.filter(slug="civil_society").update(name="Civil society at large")
    Sector.objects.get(slug="civil_society").save()  # update() sends no signal; save() does
    assert "Civil society at large" in form.page()
    Theme.objects.create(slug="ocean-governance", name="Ocean governance")
    assert "Ocean governance" in form.page()
    assert "south (1 of the 3 needed)" in form.page()
    region = Region.objects.get(slug="africa")
    region.is_global_south = False
    region.save()
    # Africa no longer counts as the global south: the checklist counts no such member.
    assert "south (0 of the 3 needed)" in form.page()


def test_the_proposal_changed_outside_the_form_shows_at_once(form):
    form.proposal.title = "Peace and water in the Sahel"
    form.proposal.save()
    html = form.page()
    assert 'value="Peace and water in the Sahel"' in html
    assert "Peace in the Sahel" not in html
