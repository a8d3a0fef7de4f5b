"""Suggested corrections of an organization: who sees them, one-click accept and decline
(from the outsider's side too), a stale correction, and the pages' query counts."""

import pytest
from django.urls import reverse

from coalitions.enums import CorrectionState, OrganizationChange, RepresentativeState
from coalitions.models import OrganizationCorrection, Representative
from coalitions.organizations import changes, corrections
from impact.models import Notification
from tests.coalitions.organizations.directorydata import org, represent
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("coalitions:organization-corrections")


def decide_url(correction, decision="accept") -> str:
    return reverse("coalitions:organization-decide-correction", args=[correction.pk, decision])


@pytest.fixture
def forum():
    return org("Lake Chad Forum", "africa", constituencies=("women",))


@pytest.fixture
def rep(forum):
    return represent(forum, UserFactory(email="rep@example.org", name="Rhea Representative"))


@pytest.fixture
def filer(db):
    return UserFactory(email="filer@example.org", name="Bea Filer")


def suggest(organization, filer, **values):
    proposal = ProposalFactory(owner=filer)
    return corrections.suggest(organization, values, actor=filer, proposal=proposal)


def test_a_suggestion_keeps_only_what_differs_and_changes_nothing(forum, rep, filer):
    correction = suggest(forum, filer, acronym="LCF", sector="civil_society", region="africa")
    assert correction.values == {"acronym": "LCF"}
    assert correction.before == {"acronym": ""}
    forum.refresh_from_db()
    assert forum.acronym == "" and not forum.versions.exists()
    assert suggest(forum, filer, sector="civil_society") is None  # nothing differs


def test_accepting_applies_the_values_and_the_derived_region_and_keeps_a_version(forum, rep, filer):
    correction = suggest(forum, filer, country="PE", acronym="LCF")
    version = corrections.accept(correction, actor=rep)
    forum.refresh_from_db()
    assert (str(forum.country), forum.region.slug, forum.acronym) == (
        "PE",
        "latin_america_caribbean",
        "LCF",
    )
    assert (version.number, version.reason, version.correction) == (
        1,
        OrganizationChange.CORRECTION,
        correction,
    )
    assert version.before["region"] == "africa" and version.after["region"] == (
        "latin_america_caribbean"
    )
    correction.refresh_from_db()
    assert (correction.state, correction.decided_by) == (CorrectionState.ACCEPTED, rep)
    assert correction.decided_at is not None


def test_a_stale_correction_applies_only_its_own_fields(forum, rep, filer):
    correction = suggest(forum, filer, acronym="LCF")
    # Meanwhile the representative changed the sector and the acronym themselves.
    changes.change_details(
        forum,
        {"sector": "academia", "acronym": "L.C.F."},
        actor=rep,
        reason=OrganizationChange.EDITED,
    )
    version = corrections.accept(correction, actor=rep)
    forum.refresh_from_db()
    assert (forum.sector.slug, forum.acronym) == ("academia", "LCF")
    assert version.number == 2 and version.before["acronym"] == "L.C.F."


def test_a_stale_correction_is_marked_on_the_page(client, forum, rep, filer):
    fresh = suggest(forum, filer, website="https://lcf.example.org")
    stale = suggest(forum, UserFactory(email="other-filer@example.org"), acronym="LCF")
    changes.change_details(forum, {"acronym": "L.C.F."}, actor=rep, reason="edited")
    client.force_login(rep)
    shown = {s.item: s.stale for s in client.get(LIST).context["corrections"]}
    assert shown == {fresh: False, stale: True}


def test_a_decided_correction_cannot_be_decided_again(forum, rep, filer):
    correction = suggest(forum, filer, acronym="LCF")
    corrections.decline(correction, actor=rep)
    with pytest.raises(corrections.CorrectionError):
        corrections.accept(correction, actor=rep)
    forum.refresh_from_db()
    assert forum.acronym == ""


def test_representatives_see_their_organizations_corrections_only(forum, rep, filer):
    other = org("Andes Youth", "latin_america_caribbean")
    other_rep = represent(other)
    correction = suggest(forum, filer, acronym="LCF")
    assert list(corrections.to_decide(rep)) == [correction]
    assert list(corrections.to_decide(other_rep)) == []
    assert list(corrections.to_decide(filer)) == []


def test_organizers_answer_for_organizations_no_one_vouches_for(forum, rep, filer, organizer):
    unanswered = org("Quiet Org", "europe")
    # Whoever typed it represents it automatically, but does not answer for it alone.
    typist = UserFactory(email="typist@example.org")
    unanswered.created_by = typist
    unanswered.save(update_fields=["created_by"])
    Representative.objects.create(
        organization=unanswered, user=typist, state=RepresentativeState.CONFIRMED
    )
    theirs = suggest(forum, filer, acronym="LCF")
    orphan = suggest(unanswered, filer, acronym="QO")
    assert list(corrections.to_decide(organizer)) == [orphan]
    assert list(corrections.to_decide(typist)) == []
    assert corrections.may_decide(organizer, theirs)  # they may still, from the admin's side
    assert not corrections.may_decide(typist, orphan)


def test_the_representative_accepts_in_one_click_and_the_filer_is_told(client, forum, rep, filer):
    correction = suggest(forum, filer, acronym="LCF")
    assert Notification.objects.filter(
        recipient=rep, kind="organization_correction_suggested"
    ).exists()
    client.force_login(rep)
    response = client.post(decide_url(correction), {"next": LIST})
    assert response["Location"] == LIST
    forum.refresh_from_db()
    assert forum.acronym == "LCF"
    note = Notification.objects.get(recipient=filer, kind="organization_correction_accepted")
    assert note.url == correction.proposal.get_absolute_url()  # where they suggested it


def test_an_outside_next_address_is_not_followed(client, forum, rep, filer):
    correction = suggest(forum, filer, acronym="LCF")
    client.force_login(rep)
    response = client.post(decide_url(correction, "decline"), {"next": "https://evil.test/"})
    assert response["Location"] == LIST


def test_deciding_twice_says_so(client, forum, rep, filer):
    correction = suggest(forum, filer, acronym="LCF")
    client.force_login(rep)
    client.post(decide_url(correction, "decline"))
    response = client.post(decide_url(correction), follow=True)
    assert "This correction has already been decided." in response.content.decode()
    forum.refresh_from_db()
    assert forum.acronym == ""


@pytest.mark.parametrize("who", ["anonymous", "filer", "other_rep"])
@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_outsiders_cannot_decide(client, forum, rep, filer, who, decision):
    correction = suggest(forum, filer, acronym="LCF")
    if who == "filer":
        client.force_login(filer)
    elif who == "other_rep":
        client.force_login(represent(org("Andes Youth", "latin_america_caribbean")))
    response = client.post(decide_url(correction, decision))
    if who == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
    else:
        assert response.status_code == 403
    correction.refresh_from_db()
    assert correction.state == CorrectionState.PENDING
    forum.refresh_from_db()
    assert forum.acronym == ""


def test_deciding_needs_a_post(client, forum, rep, filer):
    correction = suggest(forum, filer, acronym="LCF")
    client.force_login(rep)
    assert client.get(decide_url(correction)).status_code == 405
    assert client.post(decide_url(correction, "maybe")).status_code == 404


def test_the_decision_needs_the_csrf_token(forum, rep, filer):
    from django.test import Client

    correction = suggest(forum, filer, acronym="LCF")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(rep)
    assert strict.post(decide_url(correction)).status_code == 403
    correction.refresh_from_db()
    assert correction.state == CorrectionState.PENDING


def test_another_filer_sees_none_of_them(client, forum, rep, filer, outsider):
    suggest(forum, filer, acronym="LCF")
    for user in (outsider, filer):  # not even the one who suggested it decides it
        client.force_login(user)
        response = client.get(LIST)
        assert response.status_code == 200 and response.context["corrections"] == []


def test_anonymous_visitors_are_sent_to_log_in_for_the_list(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_list_runs_the_same_queries_for_one_or_three(
    client, rep, forum, filer, django_assert_num_queries
):
    def count_for(n: int) -> None:
        OrganizationCorrection.objects.all().delete()
        for i in range(n):
            suggest(forum, UserFactory(email=f"f{n}-{i}@example.org"), acronym=f"L{i}")
        client.force_login(rep)
        client.get(LIST)  # the user's roles are then cached, as between a user's requests
        # the user (the session is cached); the page's count and its rows (organization,
        # filer and proposal joined), their organizations' constituency types (to tell a
        # stale correction); sector, region and constituency names once; the unread
        # notifications badge.
        with django_assert_num_queries(8) as captured:
            response = client.get(LIST)
        assert len(response.context["corrections"]) == n, captured

    count_for(1)
    count_for(3)


def test_my_organizations_lists_corrections_to_decide(client, forum, rep, filer):
    suggest(forum, filer, acronym="LCF")
    client.force_login(rep)
    html = client.get(reverse("coalitions:my-organizations")).content.decode()
    assert 'data-testid="correction-row"' in html and "LCF" in html
    client.force_login(filer)
    html = client.get(reverse("coalitions:my-organizations")).content.decode()
    assert 'data-testid="correction-row"' not in html
