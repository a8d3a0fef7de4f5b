"""The reviewers' admin: change list, filters, change view and actions."""

import json

import pytest
from django.urls import reverse

from coalitions.enums import ProposalStatus
from coalitions.models import Assignment, MergeRequest, Proposal, Theme
from coalitions.review import reviewing, similarity
from tests.coalitions.review.review_helpers import fast_hashing, join, network, orgs, submitted  # noqa: F401
from tests.factories import OrganizationFactory, ProposalFactory, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
CHANGELIST = reverse("admin:coalitions_proposal_changelist")
SCORES = {"relevance": 4, "diversity": 2, "feasibility": 3}


def change_url(p):
    return reverse("admin:coalitions_proposal_change", args=[p.pk])


def reviewed(n, reviewers, **kwargs):
    """`n` submitted proposals with a criteria report, members, a network and reviews."""
    theme = Theme.objects.first()
    out = []
    for _ in range(n):
        p = submitted(members=orgs(2), **kwargs)
        p.themes.add(theme)
        from coalitions.criteria_bridge import refresh_criteria

        refresh_criteria(p)
        Assignment.objects.create(proposal=p, network=network())
        for r in reviewers:
            reviewing.save_review(p, reviewer=r, recommendation="shortlist", **SCORES)
        out.append(p)
    return out


def test_the_change_list_runs_a_constant_number_of_queries(
    client, reviewer, expert, django_assert_num_queries
):
    join(reviewer)
    join(expert, "expert-sub-committee")
    client.force_login(reviewer)
    filtered = f"{CHANGELIST}?eligible__exact=0&network={network().pk}"
    client.get(CHANGELIST)  # the session and the user's roles are then cached
    # 10 queries: user, the user's own and group permissions (2); the reviewer's organization,
    # whose proposals are hidden from them (1); the choices of the network, theme, region and
    # edition filters (4); the count of the (filtered) list (1; never the unfiltered total as
    # well); the page of proposals, whose review count and mean score are subqueries (1). The
    # session and the user's groups (roles: which actions to offer) come from the cache.
    # Nothing per row.
    for n in (1, 49):
        reviewed(n, [reviewer, expert])
        with django_assert_num_queries(10):
            response = client.get(CHANGELIST)
        with django_assert_num_queries(10):
            assert client.get(filtered).status_code == 200
    assert response.content.count(b'class="action-select"') == 50


def test_it_shows_marks_coverage_reviews_and_mean_score(client, reviewer, expert):
    join(reviewer)
    join(expert, "expert-sub-committee")
    [p] = reviewed(1, [reviewer, expert])
    client.force_login(reviewer)
    html = client.get(CHANGELIST).content.decode()
    assert p.title in html
    assert html.count("crit-fail") >= 1  # two Kenyan members fail C1
    assert '<td class="field-reviews">2</td>' in html
    assert '<td class="field-mean_score_display">3.0</td>' in html


def test_filters_by_eligibility_failing_criterion_region_network_and_search(client, reviewer):
    client.force_login(reviewer)
    europe = OrganizationFactory(region=region("europe"), name="Euro Watch")
    a = submitted(members=[europe], title="Alpha")
    b = submitted(title="Bravo")
    for p, eligible, failing in [(a, True, ""), (b, False, "C1 C4")]:
        Proposal.objects.filter(pk=p.pk).update(
            eligible=eligible, failing_criteria=failing, criteria_report={"criteria": []}
        )
    Assignment.objects.create(proposal=b, network=network("expert-sub-committee"))

    def titles(query):
        response = client.get(CHANGELIST + query)
        return sorted(r.title for r in response.context["cl"].result_list)

    assert titles("?eligible__exact=1") == ["Alpha"]
    assert titles("?failing=C4") == ["Bravo"]
    assert titles("?region=europe") == ["Alpha"]
    assert titles(f"?network={network('expert-sub-committee').pk}") == ["Bravo"]
    assert titles("?q=Euro+Watch") == ["Alpha"]
    assert titles("?status__exact=submitted") == ["Alpha", "Bravo"]


def test_drafts_are_never_shown_and_outsiders_are_sent_to_log_in(client, reviewer, outsider):
    draft = ProposalFactory(title="Secret draft")
    client.force_login(reviewer)
    assert b"Secret draft" not in client.get(CHANGELIST).content
    assert client.get(change_url(draft)).status_code == 302  # "does not exist" redirect
    client.force_login(outsider)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_change_view_shows_criteria_reviews_history_and_similar_proposals(
    client, reviewer, expert
):
    join(reviewer)
    join(expert, "expert-sub-committee")
    [p] = reviewed(1, [expert], title="Clean rivers coalition", principles="rivers water " * 9)
    twin = submitted(title="Clean rivers alliance", principles="rivers water " * 9)
    similarity.refresh(p)
    similarity.refresh(twin)
    client.force_login(reviewer)
    html = client.get(change_url(p)).content.decode()
    assert 'id="criteria-report"' in html and "C1" in html and "not met" in html
    assert "Ezra Expert" in html  # the expert's review, inline
    assert "review started" in html and "start_review" not in html  # history, as labels
    assert "Clean rivers alliance" in html and "Shared words:" in html
    assert "Write your review" in html


def test_accepting_a_suggestion_proposes_the_merge_to_the_leads(client, reviewer):
    join(reviewer)
    a = submitted(title="Seed banks one", principles="seeds farmers banks " * 5)
    b = submitted(title="Seed banks two", principles="seeds farmers banks " * 5)
    similarity.refresh(a)
    [s] = similarity.refresh(b)
    client.force_login(reviewer)
    url = reverse("admin:coalitions_proposal_suggestion", args=[a.pk, s.pk, "accept"])
    assert client.get(url).status_code == 405
    client.post(url)
    request = MergeRequest.objects.get()
    assert {c.proposal_id for c in request.consents.all()} == {a.pk, b.pk}


def post_action(client, action, proposals, **data):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [p.pk for p in proposals], **data},
    )


def test_request_changes_asks_for_a_reason_then_applies(client, reviewer):
    p = submitted()
    client.force_login(reviewer)
    page = post_action(client, "request_changes_selected", [p])
    assert page.status_code == 200 and b"Message to the filers" in page.content
    again = post_action(client, "request_changes_selected", [p], apply="1", reason="")
    assert b"This field is required" in again.content
    post_action(client, "request_changes_selected", [p], apply="1", reason="Add a milestone.")
    p.refresh_from_db()
    assert p.status == ProposalStatus.CHANGES_REQUESTED
    assert p.events.first().reason == "Add a milestone."


def test_shortlist_decline_and_duplicate_actions_call_the_workflow(client, reviewer):
    a, b, c = submitted(), submitted(), submitted()
    client.force_login(reviewer)
    post_action(
        client, "shortlist_selected", [a], apply="1", reason="", hold="on", hold_key="round-1"
    )
    post_action(client, "decline_selected", [b], apply="1", reason="Off topic.")
    post_action(client, "mark_duplicate_selected", [c], apply="1", original=a.pk)
    for p in (a, b, c):
        p.refresh_from_db()
    assert (a.status, b.status, c.status, c.duplicate_of) == (
        ProposalStatus.SHORTLISTED,
        ProposalStatus.DECLINED,
        ProposalStatus.DUPLICATE,
        a,
    )


def test_reviewers_propose_merges_and_organizers_merge_now(client, reviewer, organizer):
    join(reviewer)
    a, b = submitted(), submitted()
    client.force_login(reviewer)
    page = post_action(client, "merge_selected", [a, b])
    assert b"Merge now" not in page.content
    post_action(client, "merge_selected", [a, b], apply="1", mode="now", title="X", reason="r")
    a.refresh_from_db()
    assert a.status == ProposalStatus.SUBMITTED  # a reviewer cannot merge directly
    post_action(
        client,
        "merge_selected",
        [a, b],
        apply="1",
        mode="propose",
        title="United",
        reason="Same asks",
    )
    assert MergeRequest.objects.get().title == "United"
    client.force_login(organizer)
    post_action(client, "merge_selected", [a, b], apply="1", mode="now", target=a.pk, reason="r")
    b.refresh_from_db()
    assert (b.status, b.merged_into) == (ProposalStatus.MERGED, a)


def test_publish_and_assign_are_for_organizers_only(client, reviewer, organizer):
    p = submitted(status=ProposalStatus.SHORTLISTED)
    client.force_login(reviewer)
    page = client.get(CHANGELIST).content.decode()
    assert "publish_selected" not in page and "assign_selected" not in page
    post_action(client, "publish_selected", [p])
    p.refresh_from_db()
    assert p.status == ProposalStatus.SHORTLISTED
    client.force_login(organizer)
    # Publishing asks for confirmation first: nothing is public until it is confirmed.
    confirm = post_action(client, "publish_selected", [p])
    assert "Each coalition becomes public in the hub" in confirm.content.decode()
    p.refresh_from_db()
    assert p.status == ProposalStatus.SHORTLISTED
    post_action(client, "publish_selected", [p], apply="1")
    p.refresh_from_db()
    assert p.status == ProposalStatus.PUBLISHED and p.public_slug
    join(reviewer)
    post_action(
        client, "assign_selected", [p], apply="1", networks=[network().pk], reviewers=[reviewer.pk]
    )
    assert Assignment.objects.filter(proposal=p).count() == 2


def test_exports_selected_as_csv_and_json(client, reviewer):
    a, b = submitted(title="Alpha", members=orgs(1)), submitted(title="Bravo, with comma")
    client.force_login(reviewer)
    csv_text = post_action(client, "export_csv", [a, b]).content.decode()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("id,title,status,eligible")
    assert '"Bravo, with comma"' in lines[2]
    data = json.loads(post_action(client, "export_json", [a, b]).content)
    assert [row["title"] for row in data] == ["Alpha", "Bravo, with comma"]
    assert data[0]["status"] == "submitted" and data[0]["members"]
