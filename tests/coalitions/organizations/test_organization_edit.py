"""Who may change an organization's shared details, the representatives' edit page (with its
edit token), the history page, and the admin: every change kept as a version."""

import pytest
from django.urls import reverse

from coalitions.enums import MemberRole, OrganizationChange, RepresentativeState
from coalitions.models import Organization, OrganizationVersion, Representative
from coalitions.organizations import changes, corrections
from coalitions.permissions import may_edit_organization
from tests.coalitions.organizations.directorydata import org, represent
from tests.factories import ProposalFactory, ProposalMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return org("Lake Chad Forum", "africa", constituencies=("women",))


@pytest.fixture
def rep(forum):
    return represent(forum, UserFactory(email="rep@example.org", name="Rhea Representative"))


def edit_url(organization) -> str:
    return reverse("coalitions:organization-edit", args=[organization.pk])


def history_url(organization) -> str:
    return reverse("coalitions:organization-history", args=[organization.pk])


def posted(organization, token: str, **changed) -> dict:
    data = {
        "name": organization.name,
        "acronym": organization.acronym,
        "country": str(organization.country),
        "sector": organization.sector.slug,
        "region": organization.region.slug,
        "constituencies": [c.slug for c in organization.constituencies.all()],
        "website": organization.website,
        "edit_token": token,
    }
    data.update(changed)
    return data


# --- the predicate ------------------------------------------------------------------------------


def test_representatives_and_organizers_may_edit(forum, rep, organizer, outsider):
    assert may_edit_organization(rep, forum)
    assert may_edit_organization(organizer, forum)
    assert not may_edit_organization(outsider, forum)
    assert not may_edit_organization(None, forum)


def test_whoever_entered_it_may_while_no_one_else_uses_or_vouches_for_it(owner, outsider):
    typed = org("Sahel Youth", "africa")
    typed.created_by = owner
    typed.save(update_fields=["created_by"])
    # As `find_or_create` does: the typist represents it at once, vouched by no one.
    Representative.objects.create(
        organization=typed, user=owner, state=RepresentativeState.CONFIRMED
    )
    mine = ProposalFactory(owner=owner)
    ProposalMemberFactory(proposal=mine, organization=typed)
    assert may_edit_organization(owner, typed)
    theirs = ProposalFactory(owner=outsider)
    ProposalMemberFactory(proposal=theirs, organization=typed, role=MemberRole.MEMBER)
    assert not may_edit_organization(owner, typed)  # another proposal lists it now
    theirs.delete()
    represent(typed)
    assert not may_edit_organization(owner, typed)  # someone answers for it now


def test_a_pending_claim_gives_no_right(forum, outsider):
    Representative.objects.create(organization=forum, user=outsider)
    assert not may_edit_organization(outsider, forum)


# --- the edit page ------------------------------------------------------------------------------


def test_a_representative_edits_and_a_version_is_kept(client, forum, rep):
    client.force_login(rep)
    form = client.get(edit_url(forum)).context["form"]
    token = form.initial["edit_token"]
    assert token == "0"
    response = client.post(
        edit_url(forum), posted(forum, token, acronym="LCF", constituencies=["women", "ngos"])
    )
    assert response["Location"] == reverse("coalitions:directory-detail", args=[forum.pk])
    forum.refresh_from_db()
    assert forum.acronym == "LCF"
    (version,) = forum.versions.all()
    assert (version.number, version.reason, version.changed_by) == (
        1,
        OrganizationChange.EDITED,
        rep,
    )
    assert version.before["constituencies"] == ["women"]
    assert version.after["constituencies"] == ["ngos", "women"]


def test_saving_unchanged_details_keeps_no_version(client, forum, rep):
    client.force_login(rep)
    response = client.post(edit_url(forum), posted(forum, "0"), follow=True)
    assert "Nothing to save" in response.content.decode()
    assert not forum.versions.exists()


def test_a_stale_edit_is_refused_with_what_changed_and_keeps_mine(client, forum, rep, organizer):
    client.force_login(rep)
    opened = client.get(edit_url(forum)).context["form"].initial["edit_token"]
    changes.change_details(
        forum, {"sector": "academia"}, actor=organizer, reason=OrganizationChange.ADMIN
    )
    response = client.post(edit_url(forum), posted(forum, opened, acronym="LCF", sector=""))
    assert response.status_code == 200  # no sector: an error next to the field first
    assert "sector" in response.context["form"].errors
    response = client.post(
        edit_url(forum), posted(forum, opened, acronym="LCF", sector="civil_society")
    )
    assert response.status_code == 409
    assert response.context["conflict"].edited_by == organizer
    assert [c.key for c in response.context["conflict"].changes] == ["sector"]
    form = response.context["form"]
    assert form.initial["acronym"] == "LCF"  # theirs, kept
    assert form.initial["edit_token"] == "1"
    forum.refresh_from_db()
    assert (forum.acronym, forum.sector.slug) == ("", "academia")
    assert forum.versions.count() == 1


def test_a_name_taken_in_the_same_country_is_an_error_next_to_the_name(client, forum, rep):
    org("Andes Youth", "africa")  # also in Kenya
    client.force_login(rep)
    response = client.post(edit_url(forum), posted(forum, "0", name="andes youth"))
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    forum.refresh_from_db()
    assert forum.name == "Lake Chad Forum" and not forum.versions.exists()


def test_a_bad_website_is_an_error_next_to_the_field(client, forum, rep):
    client.force_login(rep)
    response = client.post(edit_url(forum), posted(forum, "0", website="not a site"))
    assert "website" in response.context["form"].errors


@pytest.mark.parametrize("page", [edit_url, history_url])
@pytest.mark.parametrize(
    "who", ["anonymous", "filer", "filer_listing_it", "other_rep", "pending_claim"]
)
def test_outsiders_cannot_edit_or_read_the_history(client, forum, rep, outsider, page, who):
    if who == "filer":
        client.force_login(outsider)
    elif who == "filer_listing_it":
        ProposalMemberFactory(proposal=ProposalFactory(owner=outsider), organization=forum)
        client.force_login(outsider)
    elif who == "other_rep":
        client.force_login(represent(org("Andes Youth", "latin_america_caribbean")))
    elif who == "pending_claim":
        Representative.objects.create(organization=forum, user=outsider)
        client.force_login(outsider)
    for response in (client.get(page(forum)), client.post(page(forum), posted(forum, "0"))):
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response["Location"]
        else:
            assert response.status_code == 403
    forum.refresh_from_db()
    assert not forum.versions.exists()


def test_the_detail_page_links_to_the_edit_for_representatives_only(client, forum, rep, outsider):
    detail = reverse("coalitions:directory-detail", args=[forum.pk])
    represent(forum)  # listed in the directory
    client.force_login(outsider)
    assert 'data-testid="organization-edit"' not in client.get(detail).content.decode()
    client.force_login(rep)
    assert 'data-testid="organization-edit"' in client.get(detail).content.decode()


# --- the history page and the admin ------------------------------------------------------------


def test_the_history_lists_each_version_newest_first(client, forum, rep, organizer):
    changes.change_details(forum, {"acronym": "LCF"}, actor=rep, reason=OrganizationChange.EDITED)
    changes.change_details(
        forum, {"website": "https://lcf.example.org"}, actor=organizer, reason="admin"
    )
    client.force_login(rep)
    response = client.get(history_url(forum))
    shown = response.context["versions"]
    assert [(s.item.number, [line.key for line in s.lines]) for s in shown] == [
        (2, ["website"]),
        (1, ["acronym"]),
    ]
    assert "Changed in the admin" in response.content.decode()


def test_an_admin_change_is_kept_as_a_version(admin_client, forum):
    url = reverse("admin:coalitions_organization_change", args=[forum.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    data = {
        "name": forum.name,
        "acronym": "LCF",
        "sector": forum.sector.pk,
        "country": "KE",
        "region": forum.region.pk,
        "is_global": "on",
        "constituencies": [c.pk for c in forum.constituencies.all()],
        "website": "",
        "email": forum.email,
        "created_by": "",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    forum.refresh_from_db()
    assert forum.acronym == "LCF" and forum.is_global
    version = OrganizationVersion.objects.get(organization=forum)
    assert version.reason == OrganizationChange.ADMIN
    assert version.before["is_global"] is False and version.after["is_global"] is True
    # The version is shown, read-only, on the organization's page.
    html = admin_client.get(url).content.decode()
    assert "Acronym: — → LCF" in html


def test_the_admin_adds_an_organization(admin_client):
    from tests.factories import region, sector

    url = reverse("admin:coalitions_organization_add")
    data = {
        "name": "New Org",
        "acronym": "",
        "sector": sector("civil_society").pk,
        "country": "KE",
        "region": region("africa").pk,
        "website": "",
        "email": "",
        "created_by": "",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }
    assert admin_client.post(url, data).status_code == 302
    assert Organization.objects.filter(name="New Org").exists()


def test_the_history_runs_the_same_queries_for_one_or_three_changes(
    client, forum, rep, django_assert_num_queries
):
    def count_for(n: int) -> None:
        forum.versions.all().delete()
        forum.corrections.all().delete()
        for i in range(n):
            changes.change_details(
                forum, {"acronym": f"L{n}{i}"}, actor=rep, reason=OrganizationChange.EDITED
            )
            corrections.suggest(
                forum, {"website": f"https://{n}{i}.example.org"}, actor=rep, proposal=None
            )
        client.get(history_url(forum))  # the user's roles are then cached
        # the user; the organization; may they edit it (vouched for them); its constituency
        # types, versions and corrections (who, joined); sector, region and constituency
        # names once; the unread notifications badge.
        with django_assert_num_queries(10):
            response = client.get(history_url(forum))
        assert len(response.context["versions"]) == n

    client.force_login(rep)
    count_for(1)
    count_for(3)
