"""A reviewer works in the admin: filters to eligible proposals, reviews one, merges two (the
leads agree from their merge-requests page) and shortlists the result."""

import datetime
import re

import pytest

from coalitions import workflow
from coalitions.enums import MemberRole, ProposalStatus
from coalitions.models import Proposal, Review
from tests.coalitions.review.review_helpers import join, reseeded  # noqa: F401
from tests.conftest import login, screenshot
from tests.factories import (
    OrganizationFactory,
    ProposalFactory,
    ProposalMemberFactory,
    UserFactory,
    WorkPlanItemFactory,
    region,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reseeded"),
]
PLAN = " ".join(["We will meet Member States and UN agencies in every region"] * 3)
REGIONS = ["africa", "asia_pacific", "latin_america_caribbean", "europe", "north_america"]


def eligible_proposal(owner, title, principles):
    """A proposal meeting C1–C4, submitted through the workflow (so its report is real)."""
    p = ProposalFactory(
        owner=owner,
        title=title,
        principles=principles,
        asks=f"Asks about {principles}",
        engagement_targets=["member_states"],
        engagement_plan=PLAN,
    )
    for i, slug in enumerate(REGIONS):
        org = OrganizationFactory(
            region=region(slug),
            name=f"{title} partner {i}",
            constituencies=["women", "ngos", "children_youth"][: i % 3 + 1],
        )
        ProposalMemberFactory(
            proposal=p, organization=org, role=MemberRole.LEAD if i == 0 else MemberRole.MEMBER
        )
    WorkPlanItemFactory(proposal=p, date=p.edition.ends_on - datetime.timedelta(days=1))
    WorkPlanItemFactory(proposal=p, date=p.edition.horizon_date)
    workflow.submit(p, actor=owner)
    p.refresh_from_db()
    assert p.eligible, p.failing_criteria
    return p


def as_user(browser, live_server, user, **viewport):
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport or {"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, user)
    return context, page


def test_reviewer_filters_reviews_merges_and_shortlists(
    page, browser, live_server, reviewer, owner, edition
):
    join(reviewer)
    other_lead = UserFactory(email="lead2@example.org", name="Lena Lead")
    water = eligible_proposal(owner, "Water justice coalition", "water rights for all")
    rivers = eligible_proposal(other_lead, "Clean rivers coalition", "water rights for rivers")
    draft_like = ProposalFactory(
        owner=owner, title="Too small coalition", status=ProposalStatus.SUBMITTED
    )

    # 1. The reviewer filters the change list to eligible proposals.
    login(page, reviewer)
    page.goto("/admin/coalitions/proposal/")
    assert page.get_by_role("link", name="Too small coalition").is_visible()
    page.locator("#changelist-filter").get_by_role("link", name="Yes").first.click()
    page.wait_for_url(re.compile(r"eligible__exact=1"))
    assert not page.get_by_role("link", name=draft_like.title).count()
    assert page.locator("td.field-c1").first.inner_text() == "✓"
    screenshot(page, "review-admin-changelist")

    # 2. Opens one and reviews it.
    page.get_by_role("link", name="Water justice coalition").click()
    page.wait_for_url(re.compile(rf"/proposal/{water.pk}/change/"))
    assert page.locator("#criteria-report").is_visible()
    screenshot(page, "review-admin-proposal")
    page.get_by_test_id("write-review").click()
    page.wait_for_url(re.compile(r"/admin/coalitions/review/add/"))
    page.select_option("select[name=recommendation]", "merge")
    page.locator("#id_relevance input[value='5'], input[name=relevance][value='5']").first.check()
    page.locator("input[name=diversity][value='4']").check()
    page.locator("input[name=feasibility][value='4']").check()
    # merge_with is an autocomplete field: type and pick the other proposal.
    page.locator(".field-merge_with .select2-selection").click()
    page.locator(".select2-search__field").fill("rivers")
    page.locator(".select2-results__option", has_text="Clean rivers").click()
    page.fill("textarea[name=comment]", "Strong, and close to the rivers coalition.")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(rf"/admin/coalitions/proposal/{water.pk}/change/"))
    page.get_by_text("Your review is saved.").wait_for()
    review = Review.objects.get()
    assert (review.reviewer, review.merge_with, review.relevance) == (reviewer, rivers, 5)

    # 3. Merges the two: proposed to both leads.
    page.goto("/admin/coalitions/proposal/?eligible__exact=1")
    for p in (water, rivers):
        page.locator(f"input.action-select[value='{p.pk}']").check()
    page.select_option("select[name=action]", "merge_selected")
    page.click("button[name=index]")
    page.wait_for_selector("input[name=apply]", state="attached")
    page.fill("input[name=title]", "United water coalition")
    page.fill("textarea[name=reason]", "Same cause, complementary members.")
    page.click("input[type=submit][value=Confirm]")
    page.get_by_text("Merge proposed: it runs when every lead has accepted.").wait_for()

    # Each lead accepts from their merge-requests page (one on a phone).
    for user, phone in ((owner, True), (other_lead, False)):
        size = {"width": 390, "height": 844} if phone else {}
        context, lead_page = as_user(browser, live_server, user, **size)
        lead_page.goto("/review/merge-requests/")
        lead_page.get_by_label("Accept the merge").check()
        if phone:
            screenshot(lead_page, "review-merge-consent-phone")
        lead_page.get_by_role("button", name="Send my answer").click()
        done = "the proposals are merged" if user == other_lead else "answer is recorded"
        lead_page.get_by_text(re.compile(done)).wait_for()
        context.close()
    result = Proposal.objects.get(title="United water coalition")
    assert set(result.merged_from.values_list("pk", flat=True)) == {water.pk, rivers.pk}

    # 4. Shortlists the result.
    page.goto("/admin/coalitions/proposal/?q=United")
    page.locator(f"input.action-select[value='{result.pk}']").check()
    page.select_option("select[name=action]", "shortlist_selected")
    page.click("button[name=index]")
    page.click("input[type=submit][value=Confirm]")
    page.get_by_text("1 proposal shortlisted.").wait_for()
    result.refresh_from_db()
    assert result.status == ProposalStatus.SHORTLISTED
    page.goto(f"/admin/coalitions/proposal/{result.pk}/change/")
    assert page.locator("#merged-from").is_visible()
    screenshot(page, "review-admin-merged-result")


def test_reviewer_proposes_a_merge_from_the_change_page(
    page, browser, live_server, reviewer, owner, edition
):
    """The suggestion's button sends its own form (forms cannot nest in the admin's form)."""
    from coalitions.models import MergeRequest, MergeSuggestion

    join(reviewer)
    other_lead = UserFactory(email="lead3@example.org", name="Leo Lead")
    water = eligible_proposal(owner, "Water justice coalition", "water rights for all")
    rivers = eligible_proposal(other_lead, "Clean rivers coalition", "water rights for rivers")
    a, b = sorted((water, rivers), key=lambda p: p.pk)
    MergeSuggestion.objects.filter(proposal_a=a, proposal_b=b).delete()
    suggestion = MergeSuggestion.objects.create(
        proposal_a=a,
        proposal_b=b,
        score=0.8,
        text_score=0.8,
        member_score=0.0,
        shared_words=["water", "rights"],
    )

    # Signing in, the reviewer lands on the review start page, which lists the pair.
    login(page, reviewer)
    page.wait_for_url(re.compile(r"/review/$"))
    assert page.get_by_test_id("desk-similar").get_by_text("Clean rivers coalition").count()
    screenshot(page, "review-start-page")
    page.goto(f"/admin/coalitions/proposal/{water.pk}/change/")
    panel = page.get_by_test_id(f"suggestion-{suggestion.pk}")
    panel.get_by_role("button", name="Propose merge to the leads").click()
    page.get_by_text("Merge proposed to the leads of both proposals.").wait_for()
    assert not page.get_by_text("was changed successfully").count()
    request = MergeRequest.objects.get()
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"

    for user in (owner, other_lead):
        context, lead_page = as_user(browser, live_server, user)
        lead_page.goto("/review/merge-requests/")
        lead_page.get_by_label("Accept the merge").check()
        lead_page.get_by_role("button", name="Send my answer").click()
        done = "the proposals are merged" if user == other_lead else "answer is recorded"
        lead_page.get_by_text(re.compile(done)).wait_for()
        context.close()
    request.refresh_from_db()
    water.refresh_from_db()
    rivers.refresh_from_db()
    assert (water.status, rivers.status) == (ProposalStatus.MERGED, ProposalStatus.MERGED)
    assert water.merged_into_id == rivers.merged_into_id is not None
