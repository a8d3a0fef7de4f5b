"""The EOI form and the filer's pages: who sees what, saving, submitting, the deadline."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coalitions import workflow
from coalitions.enums import MemberRole, ProposalStatus
from coalitions.models import Organization, Proposal
from tests.coalitions.eoi_helpers import eligible_members, member, post_data
from tests.factories import (
    OrganizationFactory,
    ProposalFactory,
    ProposalMemberFactory,
    WorkPlanItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(owner, coeditor, edition):
    p = ProposalFactory(owner=owner, edition=edition, title="Drug policy futures")
    p.editors.add(coeditor)
    ProposalMemberFactory(proposal=p, role=MemberRole.LEAD)
    return p


def urls(p):
    return {
        "detail": reverse("coalitions:proposal-detail", args=[p.pk]),
        "edit": reverse("coalitions:proposal-edit", args=[p.pk]),
        "export": reverse("coalitions:proposal-export", args=[p.pk]),
    }


def saved_post(p, **fields):
    """The form as it comes back for a saved proposal with its one member, unchanged."""
    m = p.members.select_related("organization__sector", "organization__region").get()
    row = member(
        m.organization.name,
        country=str(m.organization.country),
        region=m.organization.region.slug,
        role=m.role,
        organization=str(m.organization.pk),
    )
    data = {"title": p.title, "summary": p.summary, "principles": p.principles, "asks": p.asks}
    data.update(fields)
    return post_data(members=[row], initial={"members": 1}, **data)


# --- who may see and edit -----------------------------------------------------------------


@pytest.mark.parametrize("page", ["detail", "edit", "export"])
def test_owner_and_coeditor_see_the_proposal(client, proposal, owner, coeditor, page):
    for user in (owner, coeditor):
        client.force_login(user)
        assert client.get(urls(proposal)[page]).status_code == 200


@pytest.mark.parametrize("page", ["detail", "edit", "export"])
def test_an_outsider_gets_404(client, proposal, outsider, page):
    client.force_login(outsider)
    assert client.get(urls(proposal)[page]).status_code == 404


@pytest.mark.parametrize("page", ["detail", "edit", "export"])
def test_anonymous_visitors_are_sent_to_log_in(client, proposal, page):
    response = client.get(urls(proposal)[page])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_outsider_cannot_post_submit_withdraw_or_invite(client, proposal, outsider):
    client.force_login(outsider)
    edit = client.post(urls(proposal)["edit"], saved_post(proposal, title="Hijacked"))
    assert edit.status_code == 404
    for name in ("proposal-submit", "proposal-withdraw", "proposal-invite"):
        url = reverse(f"coalitions:{name}", args=[proposal.pk])
        assert client.post(url, {"email": "x@example.org"}).status_code == 404
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == ("Drug policy futures", ProposalStatus.DRAFT)
    assert not proposal.invitations.exists()


def test_the_dashboard_lists_only_my_own_and_co_edited_proposals(
    client, proposal, owner, coeditor, outsider
):
    ProposalFactory(owner=outsider, title="Someone else's")
    for user in (owner, coeditor):
        client.force_login(user)
        content = client.get(reverse("coalitions:dashboard")).content.decode()
        assert "Drug policy futures" in content
        assert "Someone else" not in content
    client.force_login(outsider)
    assert "Drug policy futures" not in client.get(reverse("coalitions:dashboard")).content.decode()


# --- saving --------------------------------------------------------------------------------


def test_a_draft_saves_with_incomplete_data_even_untitled(client, owner, edition):
    client.force_login(owner)
    response = client.post(reverse("coalitions:proposal-new"), post_data(title=""))
    assert response.status_code == 302
    p = Proposal.objects.get(owner=owner)
    assert (p.title, p.status, p.edition) == ("", ProposalStatus.DRAFT, edition)
    assert p.eligible is False and p.failing_criteria == "C1 C2 C3 C4"


def test_a_co_editor_saves_the_same_proposal(client, proposal, coeditor):
    client.force_login(coeditor)
    client.post(urls(proposal)["edit"], saved_post(proposal, asks="Fund harm reduction."))
    proposal.refresh_from_db()
    assert proposal.asks == "Fund harm reduction."
    assert proposal.owner.email == "owner@example.org"


def test_a_malformed_email_is_shown_next_to_the_field_and_nothing_is_lost(client, owner, edition):
    client.force_login(owner)
    data = post_data(
        title="Kept title",
        principles="Kept principles",
        members=eligible_members(),
        contacts=[{"name": "Amani", "email": "not-an-address", "organization": ""}],
    )
    response = client.post(reverse("coalitions:proposal-new"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.contacts.forms[0].errors["email"]
    html = response.content.decode()
    assert 'value="not-an-address"' in html
    assert 'value="Kept title"' in html and "Kept principles" in html
    assert 'value="Andes Org"' in html
    assert not Proposal.objects.exists()


def test_word_limits_are_enforced_on_save_next_to_the_field(client, proposal, owner):
    client.force_login(owner)
    response = client.post(urls(proposal)["edit"], saved_post(proposal, summary="word " * 151))
    assert response.status_code == 200
    assert "150 words or fewer (it has 151)" in response.context["form"].main.errors["summary"][0]
    ok = client.post(urls(proposal)["edit"], saved_post(proposal, summary="word " * 150))
    assert ok.status_code == 302


def test_members_reuse_an_existing_organization_by_name_and_country(client, owner, edition):
    existing = OrganizationFactory(name="Kibera Youth Voices", country="KE")
    client.force_login(owner)
    rows = [member("kibera youth voices", country="KE", role="lead", sector="")]
    client.post(reverse("coalitions:proposal-new"), post_data(members=rows))
    p = Proposal.objects.get(owner=owner)
    assert list(p.organizations.all()) == [existing]
    assert Organization.objects.filter(name__iexact="kibera youth voices").count() == 1


def test_a_new_organization_gets_its_region_from_the_country(client, owner, edition):
    client.force_login(owner)
    rows = [member("Red Andina", country="PE", constituencies=["women", "farmers"])]
    client.post(reverse("coalitions:proposal-new"), post_data(members=rows))
    org = Organization.objects.get(name="Red Andina")
    assert org.region.slug == "latin_america_caribbean"
    assert sorted(org.constituencies.values_list("slug", flat=True)) == ["farmers", "women"]
    assert org.created_by == owner


def test_a_new_organization_without_sector_or_region_is_refused_next_to_the_fields(
    client, owner, edition
):
    client.force_login(owner)
    rows = [member("Somewhere Org", sector="", country="AQ")]
    response = client.post(reverse("coalitions:proposal-new"), post_data(members=rows))
    errors = response.context["form"].members.forms[0].errors
    assert set(errors) == {"sector", "region"}
    assert not Organization.objects.filter(name="Somewhere Org").exists()


def test_add_a_member_without_javascript_saves_and_opens_the_member_page(client, owner, edition):
    client.force_login(owner)
    data = post_data(members=[member("First Org")], action="add-members")
    response = client.post(reverse("coalitions:proposal-new"), data)
    p = Proposal.objects.get(owner=owner)
    assert response["Location"] == reverse("coalitions:proposal-member-new", args=[p.pk])
    assert p.members.get().organization.name == "First Org"


def test_add_a_milestone_without_javascript_saves_and_shows_one_more_row(client, owner, edition):
    client.force_login(owner)
    data = post_data(work_plan=[{"title": "Kick-off"}], action="add-work_plan")
    response = client.post(reverse("coalitions:proposal-new"), data)
    p = Proposal.objects.get(owner=owner)
    assert response["Location"] == reverse("coalitions:proposal-edit", args=[p.pk]) + (
        "?add=work_plan#work_plan"
    )
    page = client.get(response["Location"])
    assert len(page.context["form"].work_plan.forms) == 2
    assert page.context["form"].work_plan.forms[0].initial["title"] == "Kick-off"


def test_add_a_row_with_an_error_keeps_the_data_and_adds_the_row(client, owner, edition):
    client.force_login(owner)
    data = post_data(
        members=[member("First Org")],
        contacts=[{"name": "X", "email": "bad", "organization": ""}],
        action="add-work_plan",
    )
    response = client.post(reverse("coalitions:proposal-new"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert len(form.work_plan.forms) == 1
    assert form.members.forms[0]["name"].value() == "First Org"


def test_removing_rows(client, proposal, owner):
    item = WorkPlanItemFactory(proposal=proposal)
    client.force_login(owner)
    data = saved_post(proposal)
    data.update(
        {
            "work_plan-TOTAL_FORMS": "1",
            "work_plan-INITIAL_FORMS": "1",
            "work_plan-0-id": str(item.pk),
            "work_plan-0-title": item.title,
            "work_plan-0-DELETE": "on",
        }
    )
    assert client.post(urls(proposal)["edit"], data).status_code == 302
    assert not proposal.work_plan.exists()


# --- submitting, versions and the deadline -------------------------------------------------


def test_submit_needs_a_title_and_a_lead_but_never_the_criteria(client, owner, edition):
    client.force_login(owner)
    client.post(
        reverse("coalitions:proposal-new"),
        post_data(title="", members=[member("Only Member")], action="submit"),
    )
    p = Proposal.objects.get(owner=owner)
    assert p.status == ProposalStatus.DRAFT
    p.members.update(role=MemberRole.LEAD)
    data = post_data(
        title="Now titled",
        members=[member("Only Member", role="lead", organization=str(p.organizations.get().pk))],
        initial={"members": 1},
        action="submit",
    )
    response = client.post(reverse("coalitions:proposal-edit", args=[p.pk]), data)
    p.refresh_from_db()
    assert response["Location"] == p.get_absolute_url()
    assert p.status == ProposalStatus.SUBMITTED
    assert p.eligible is False  # not eligible, submitted all the same
    # Saved (the draft, untitled), saved again (titled), submitted: three versions.
    assert [v.note for v in p.versions.all()] == ["submitted", "saved", "saved"]
    assert p.versions.first().criteria_report["eligible"] is False


def test_edits_after_submission_keep_the_previous_version(client, proposal, owner):
    client.force_login(owner)
    client.post(reverse("coalitions:proposal-submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    client.post(urls(proposal)["edit"], saved_post(proposal, asks="Sharper asks."))
    proposal.refresh_from_db()
    versions = list(proposal.versions.order_by("number"))
    assert [(v.number, v.note) for v in versions] == [(1, "submitted"), (2, "edited")]
    assert versions[0].data["asks"] == "Open the UN to civil society."
    assert versions[1].data["asks"] == "Sharper asks."
    assert proposal.status == ProposalStatus.SUBMITTED


@pytest.fixture
def closed(proposal, edition):
    edition.eoi_deadline = timezone.now() - dt.timedelta(hours=1)
    edition.save()
    return proposal


def test_after_the_deadline_the_form_is_read_only_and_posts_are_refused(client, closed, owner):
    client.force_login(owner)
    page = client.get(urls(closed)["edit"])
    assert page.status_code == 200
    assert "read-only" in page.content.decode()
    assert "form" not in page.context or page.context.get("form") is None
    response = client.post(urls(closed)["edit"], saved_post(closed, title="Too late"), follow=True)
    assert "Your changes were not saved" in response.content.decode()
    closed.refresh_from_db()
    assert closed.title == "Drug policy futures"
    client.post(reverse("coalitions:proposal-submit", args=[closed.pk]))
    closed.refresh_from_db()
    assert closed.status == ProposalStatus.DRAFT


def test_a_reopened_proposal_can_be_edited_after_the_deadline(client, closed, owner):
    closed.reopened_until = timezone.now() + dt.timedelta(days=1)
    closed.save()
    client.force_login(owner)
    assert (
        client.post(urls(closed)["edit"], saved_post(closed, title="Reopened")).status_code == 302
    )
    closed.refresh_from_db()
    assert closed.title == "Reopened"


def test_a_late_link_lets_the_filer_edit_and_submit(client, closed, owner, organizer):
    token = workflow.grant_late_link(closed, actor=organizer, days=2)
    client.force_login(owner)
    assert 'name="late"' in client.get(urls(closed)["edit"] + f"?late={token}").content.decode()
    data = saved_post(closed, title="Late but welcome", action="submit")
    data["late"] = token
    response = client.post(urls(closed)["edit"] + f"?late={token}", data)
    assert response.status_code == 302
    closed.refresh_from_db()
    assert (closed.title, closed.status) == ("Late but welcome", ProposalStatus.SUBMITTED)
    wrong = client.post(urls(closed)["edit"] + "?late=wrong", saved_post(closed, title="No"))
    assert wrong.status_code == 302
    closed.refresh_from_db()
    assert closed.title == "Late but welcome"


def test_download_json_is_the_interchange_format(client, proposal, owner):
    client.force_login(owner)
    response = client.get(urls(proposal)["export"])
    assert response["Content-Disposition"] == 'attachment; filename="drug-policy-futures.json"'
    data = response.json()
    assert data["title"] == "Drug policy futures"
    assert data["members"][0]["role"] == "lead"


def test_no_new_proposal_when_the_call_is_closed(client, owner, edition):
    edition.eoi_deadline = timezone.now() - dt.timedelta(hours=1)
    edition.save()
    client.force_login(owner)
    response = client.post(reverse("coalitions:proposal-new"), post_data())
    assert response.status_code == 302
    assert not Proposal.objects.exists()


def test_the_form_shows_similar_proposals_already_filed(client, owner, outsider, edition):
    from coalitions.review import similarity
    from tests.factories import ProposalFactory

    text = "Debt justice and fair taxation for sustainable development financing"
    theirs = ProposalFactory(
        owner=outsider,
        edition=edition,
        title="Fair taxation and debt justice",
        summary=text,
        status="submitted",
    )
    similarity.refresh(theirs)
    hidden = ProposalFactory(
        owner=outsider, edition=edition, title="Debt justice draft", summary=text
    )
    mine = ProposalFactory(owner=owner, edition=edition, title="Debt justice now", summary=text)
    client.force_login(owner)
    html = client.get(reverse("coalitions:proposal-edit", args=[mine.pk])).content.decode()
    assert "Similar proposals already filed" in html
    assert theirs.title in html
    assert hidden.title not in html  # another filer's draft is never shown


def test_a_merged_proposal_says_where_it_went(client, owner, edition):
    from tests.factories import ProposalFactory

    result = ProposalFactory(owner=owner, edition=edition, title="The merged coalition")
    source = ProposalFactory(
        owner=owner, edition=edition, status="merged", merged_into=result, title="A source"
    )
    client.force_login(owner)
    html = client.get(reverse("coalitions:proposal-detail", args=[source.pk])).content.decode()
    assert "was merged into “The merged coalition”" in html
    html = client.get(reverse("coalitions:proposal-detail", args=[result.pk])).content.decode()
    assert "Merged from:" in html and "“A source”" in html


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (ProposalStatus.DRAFT, True),
        (ProposalStatus.SUBMITTED, True),
        (ProposalStatus.IN_REVIEW, True),
        (ProposalStatus.CHANGES_REQUESTED, True),
        (ProposalStatus.SHORTLISTED, False),
        (ProposalStatus.DECLINED, False),
    ],
)
def test_the_page_offers_withdraw_exactly_when_the_workflow_allows_it(
    client, proposal, owner, status, offered
):
    Proposal.objects.filter(pk=proposal.pk).update(status=status)
    client.force_login(owner)
    page = client.get(urls(proposal)["detail"]).content.decode()
    assert (reverse("coalitions:proposal-withdraw", args=[proposal.pk]) in page) is offered
    response = client.post(reverse("coalitions:proposal-withdraw", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status == ProposalStatus.WITHDRAWN) is offered
