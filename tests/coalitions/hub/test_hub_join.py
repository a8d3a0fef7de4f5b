"""Asking to join a coalition, and its leads accepting, declining, posting updates and
keeping the work plan current."""

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from coalitions import criteria_bridge
from coalitions.enums import JoinRequestState, MemberRole, ProposalStatus
from coalitions.hub import coalitions as hub
from coalitions.models import (
    CoalitionUpdate,
    JoinRequest,
    Organization,
    ProposalEvent,
    ProposalMember,
    WorkPlanItem,
)
from impact.models import Notification
from tests.coalitions.hub.hubdata import published
from tests.factories import OrganizationFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition(owner, coeditor, edition):
    coalition = published("Water commons", members=4, edition=edition, owner=owner)
    coalition.editors.add(coeditor)
    return coalition


@pytest.fixture
def org(outsider):
    return OrganizationFactory(name="Rivers Youth Network", created_by=outsider)


def url(name: str, coalition, *args) -> str:
    return reverse(f"coalitions:{name}", args=[coalition.public_slug, *args])


# --- the domain ------------------------------------------------------------------------------


def test_asking_to_join_notifies_every_lead(
    coalition, org, outsider, owner, coeditor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join = hub.request_to_join(coalition, user=outsider, organization=org, message="We care.")
    assert join.state == JoinRequestState.PENDING
    notes = Notification.objects.filter(kind="join_requested")
    assert sorted(n.email for n in notes) == [coeditor.email, owner.email]
    assert sorted(m.to[0] for m in mail.outbox) == [coeditor.email, owner.email]
    assert "Rivers Youth Network asks to join Water commons" in mail.outbox[0].subject
    assert "We care." in mail.outbox[0].body
    assert ProposalEvent.objects.filter(proposal=coalition, action="join_requested").exists()


def test_one_pending_request_per_organization_and_never_for_a_member(coalition, org, outsider):
    hub.request_to_join(coalition, user=outsider, organization=org, message="Hi")
    with pytest.raises(hub.HubError, match="already asked"):
        hub.request_to_join(coalition, user=outsider, organization=org, message="Again")
    member = coalition.members.first().organization
    with pytest.raises(hub.HubError, match="already a member"):
        hub.request_to_join(coalition, user=outsider, organization=member, message="Hi")
    assert JoinRequest.objects.count() == 1


def test_nobody_asks_to_join_an_unpublished_proposal(owner, outsider, org, edition):
    draft = ProposalFactory(owner=owner, edition=edition, status=ProposalStatus.IN_REVIEW)
    with pytest.raises(hub.HubError):
        hub.request_to_join(draft, user=outsider, organization=org, message="Hi")


def test_accepting_adds_the_member_refreshes_criteria_and_tells_the_requester(
    coalition, org, outsider, coeditor, django_capture_on_commit_callbacks
):
    hub_report_before = criteria_bridge.refresh_criteria(coalition).to_dict()
    csos_before = hub_report_before["criteria"][0]["measured"]["csos"]
    join = hub.request_to_join(coalition, user=outsider, organization=org, message="Hi")
    with django_capture_on_commit_callbacks(execute=True):
        hub.accept(join, actor=coeditor, note="Welcome aboard")
    join.refresh_from_db()
    assert (join.state, join.decided_by) == (JoinRequestState.ACCEPTED, coeditor)
    member = ProposalMember.objects.get(proposal=coalition, organization=org)
    assert member.role == MemberRole.MEMBER
    coalition.refresh_from_db()
    assert coalition.criteria_report["criteria"][0]["measured"]["csos"] == csos_before + 1
    accepted = [m for m in mail.outbox if m.to == [outsider.email]]
    assert len(accepted) == 1 and "Welcome aboard" in accepted[0].body
    with pytest.raises(hub.HubError, match="already been decided"):
        hub.decline(join, actor=coeditor)


def test_declining_keeps_the_membership_and_tells_the_requester(
    coalition, org, outsider, owner, django_capture_on_commit_callbacks
):
    join = hub.request_to_join(coalition, user=outsider, organization=org, message="Hi")
    with django_capture_on_commit_callbacks(execute=True):
        hub.decline(join, actor=owner)
    assert JoinRequest.objects.get().state == JoinRequestState.DECLINED
    assert not coalition.members.filter(organization=org).exists()
    assert [m.to for m in mail.outbox if "did not accept" in m.body] == [[outsider.email]]
    # Declined once, the organization may ask again later.
    hub.request_to_join(coalition, user=outsider, organization=org, message="Again")


def test_only_leads_decide(coalition, org, outsider, reviewer):
    join = hub.request_to_join(coalition, user=outsider, organization=org, message="Hi")
    for person in (outsider, reviewer):
        with pytest.raises(hub.HubError):
            hub.accept(join, actor=person)
    assert JoinRequest.objects.get().state == JoinRequestState.PENDING


def test_my_organizations_are_those_i_entered_or_whose_proposals_i_edit(outsider, owner, org):
    mine = ProposalFactory(owner=outsider)
    partner = OrganizationFactory(name="Partner NGO")
    ProposalMember.objects.create(proposal=mine, organization=partner)
    OrganizationFactory(name="Somebody else's")
    assert [o.name for o in hub.organizations_of(outsider)] == ["Partner NGO", org.name]


# --- the pages -------------------------------------------------------------------------------


def test_join_needs_a_signed_in_user(client, coalition):
    response = client.get(url("hub-join", coalition))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_join_with_a_new_organization(client, coalition, outsider):
    client.force_login(outsider)
    assert "Your organization" in client.get(url("hub-join", coalition)).content.decode()
    response = client.post(
        url("hub-join", coalition),
        {
            "name": "Delta Women Forum",
            "sector": Organization._meta.get_field("sector")
            .related_model.objects.get(slug="civil_society")
            .pk,
            "region": Organization._meta.get_field("region")
            .related_model.objects.get(slug="asia_pacific")
            .pk,
            "country": "BD",
            "message": "We organize women along the delta.",
        },
    )
    assert response.status_code == 302
    join = JoinRequest.objects.get()
    assert join.organization.name == "Delta Women Forum"
    assert join.organization.created_by == outsider
    assert str(join.organization.country) == "BD"
    # The coalition page tells the requester where their request stands.
    html = client.get(url("hub-detail", coalition)).content.decode()
    assert "Your request for Delta Women Forum" in html and "pending" in html


def test_join_form_errors_sit_next_to_the_fields_and_keep_the_text(client, coalition, outsider):
    client.force_login(outsider)
    response = client.post(url("hub-join", coalition), {"message": "Kept text", "name": ""})
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("name", "sector", "region"):
        assert f'data-testid="error-{field}"' in html
    assert "Kept text" in html
    assert not JoinRequest.objects.exists()


def test_join_refuses_someone_elses_organization(client, coalition, outsider):
    other = OrganizationFactory(name="Not yours")
    client.force_login(outsider)
    response = client.post(url("hub-join", coalition), {"organization": other.pk, "message": "x"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_a_second_request_is_explained(client, coalition, outsider, org):
    client.force_login(outsider)
    data = {"organization": org.pk, "message": "Hello"}
    assert client.post(url("hub-join", coalition), data).status_code == 302
    response = client.post(url("hub-join", coalition), data)
    assert "already asked to join" in response.content.decode()


def test_the_manage_page_is_for_leads_only(client, coalition, outsider, reviewer, coeditor):
    assert client.get(url("hub-manage", coalition)).status_code == 302  # to log-in
    for person in (outsider, reviewer):
        client.force_login(person)
        assert client.get(url("hub-manage", coalition)).status_code == 403
        assert client.post(url("hub-post-update", coalition), {"body": "x"}).status_code == 403
        assert client.post(url("hub-work-plan", coalition), {}).status_code == 403
    assert not CoalitionUpdate.objects.exists()
    client.force_login(coeditor)
    assert client.get(url("hub-manage", coalition)).status_code == 200


def test_a_lead_accepts_from_the_manage_page(client, coalition, outsider, owner, org):
    join = hub.request_to_join(coalition, user=outsider, organization=org, message="Hi")
    client.force_login(outsider)
    response = client.post(url("hub-decide", coalition, join.pk, "accept"))
    assert response.status_code == 403
    client.force_login(owner)
    html = client.get(url("hub-manage", coalition)).content.decode()
    assert "Rivers Youth Network" in html and "outsider@example.org" not in html
    response = client.post(url("hub-decide", coalition, join.pk, "accept"))
    assert response.status_code == 302
    assert coalition.members.filter(organization=org).exists()
    # The public page lists the new member at once (its cached copy was dropped).
    client.logout()
    assert "Rivers Youth Network" in client.get(url("hub-detail", coalition)).content.decode()


def test_a_decision_on_another_coalitions_request_is_404(client, coalition, owner, org, outsider):
    other = published("Other coalition")
    join = hub.request_to_join(other, user=outsider, organization=org, message="Hi")
    client.force_login(owner)
    assert client.post(url("hub-decide", coalition, join.pk, "accept")).status_code == 404
    assert client.post(url("hub-decide", coalition, join.pk, "sideways")).status_code == 404


def test_leads_post_updates_shown_on_the_public_page(client, coalition, owner):
    client.force_login(owner)
    response = client.post(url("hub-post-update", coalition), {"body": ""})
    assert response.status_code == 400
    assert 'data-testid="error-body"' in response.content.decode()
    response = client.post(url("hub-post-update", coalition), {"body": "We met the envoy."})
    assert response.status_code == 302
    client.logout()
    assert "We met the envoy." in client.get(url("hub-detail", coalition)).content.decode()


def test_leads_keep_the_work_plan_current(client, coalition, owner):
    client.force_login(owner)
    items = list(coalition.work_plan.all())
    data = {
        "plan-TOTAL_FORMS": 3,
        "plan-INITIAL_FORMS": 2,
        "plan-MIN_NUM_FORMS": 0,
        "plan-MAX_NUM_FORMS": 1000,
        "plan-0-id": items[0].pk,
        "plan-0-date": items[0].date.isoformat(),
        "plan-0-title": "Kick-off, renamed",
        "plan-1-id": items[1].pk,
        "plan-1-date": items[1].date.isoformat(),
        "plan-1-title": items[1].title,
        "plan-1-DELETE": "on",
        "plan-2-date": "2031-01-15",
        "plan-2-title": "Follow-up review",
    }
    bad = {**data, "plan-2-date": "not a date"}
    response = client.post(url("hub-work-plan", coalition), bad)
    assert response.status_code == 400 and "Follow-up review" in response.content.decode()
    assert client.post(url("hub-work-plan", coalition), data).status_code == 302
    titles = list(WorkPlanItem.objects.filter(proposal=coalition).values_list("title", flat=True))
    assert titles == ["Kick-off, renamed", "Follow-up review"]
    coalition.refresh_from_db()
    assert coalition.criteria_report["criteria"][3]["id"] == "C4"
    assert ProposalEvent.objects.filter(action="work_plan_updated").count() == 1


def test_the_dashboard_section_lists_requests_for_the_leads_coalitions(
    coalition, outsider, owner, org, django_assert_max_num_queries
):
    hub.request_to_join(coalition, user=outsider, organization=org, message="Please")
    template = Template('{% include "coalitions/hub/_dashboard_join_requests.html" %}')

    def render(user) -> str:
        request = RequestFactory().get("/dashboard/")
        request.user = user
        return template.render(Context({"request": request}))

    with django_assert_max_num_queries(1):  # the pending requests, with what they show
        html = render(owner)
    assert "Rivers Youth Network" in html and "Please" in html and "Accept" in html
    assert render(outsider).strip() == ""
    assert render(UserFactory(email="nobody@example.org")).strip() == ""


def test_the_dashboard_shows_the_requests_to_its_lead_only(client, coalition, outsider, owner, org):
    hub.request_to_join(coalition, user=outsider, organization=org, message="Please")
    client.force_login(owner)
    page = client.get(reverse("coalitions:dashboard")).content.decode()
    assert 'data-testid="dashboard-join-requests"' in page and "Please" in page
    client.force_login(outsider)
    page = client.get(reverse("coalitions:dashboard")).content.decode()
    assert 'data-testid="dashboard-join-requests"' not in page and "Please" not in page
