"""The reviewers' change list shows and sorts by the stored calibrated score."""

import re

import pytest
from django.urls import reverse

from coalitions.review import reviewing
from coalitions.review.admin import rows
from tests.coalitions.review.review_helpers import fast_hashing, join, submitted  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
CHANGELIST = reverse("admin:coalitions_proposal_changelist")
# The column's index in the change list's `o` parameter (the check box is 0).
CALIBRATED = rows.COLUMNS.index("calibrated_display")


def scores(value):
    return {"relevance": value, "diversity": value, "feasibility": value}


@pytest.fixture
def scored(reviewer, expert, django_capture_on_commit_callbacks):
    """Middle and Low reviewed by both; Top by the reviewer alone, two points harsher than the
    expert (so 3 becomes 5 once calibrated); Unread not reviewed. Made in the reverse of the
    calibrated order."""
    join(reviewer)
    join(expert, "expert-sub-committee")
    unread, low, middle, top = (submitted(title=t) for t in ("Unread", "Low", "Middle", "Top"))
    with django_capture_on_commit_callbacks(execute=True):
        for p, fair in ((middle, 4), (low, 3)):
            reviewing.save_review(p, reviewer=expert, recommendation="shortlist", **scores(fair))
            reviewing.save_review(
                p, reviewer=reviewer, recommendation="shortlist", **scores(fair - 2)
            )
        reviewing.save_review(top, reviewer=reviewer, recommendation="shortlist", **scores(3))
    return {"top": top, "middle": middle, "low": low, "unread": unread}


def order(html, proposals):
    found = {p.title: html.index(f">{p.title}</a>") for p in proposals.values()}
    return sorted(found, key=found.get)


def test_the_calibrated_column_sorts_best_first_and_unreviewed_last(client, reviewer, scored):
    client.force_login(reviewer)
    html = client.get(CHANGELIST, {"o": f"-{CALIBRATED}"}).content.decode()
    assert order(html, scored) == ["Top", "Middle", "Low", "Unread"]
    html = client.get(CHANGELIST, {"o": str(CALIBRATED)}).content.decode()
    assert order(html, scored) == ["Unread", "Low", "Middle", "Top"]


def test_the_calibrated_score_shows_its_uncertainty_beside_the_raw_mean(client, reviewer, scored):
    client.force_login(reviewer)
    html = client.get(CHANGELIST, {"o": f"-{CALIBRATED}"}).content.decode()
    top = html[html.index(">Top</a>") :]
    top = top[: top.index("</tr>")]
    # Calibrated 5.00 (± 0.00: the fit is exact), then the raw mean, 3.0.
    cells = re.findall(r'<td class="field-(calibrated_display|mean_score_display)">([^<]*)', top)
    assert cells == [("calibrated_display", "5.00 ± 0.00"), ("mean_score_display", "3.0")]
    assert '<td class="field-calibrated_display">—</td>' in html  # Unread


def test_sorting_by_calibrated_score_runs_the_same_queries(
    client, reviewer, scored, django_assert_num_queries
):
    client.force_login(reviewer)
    client.get(CHANGELIST)  # the session and the user's roles are then cached
    # As test_admin_proposals' change list: 10 queries, the stored score joined to the page's.
    with django_assert_num_queries(10):
        assert client.get(CHANGELIST, {"o": f"-{CALIBRATED}"}).status_code == 200


def test_a_filer_cannot_reach_the_sorted_change_list(client, scored):
    filer = scored["top"].owner
    client.force_login(filer)
    response = client.get(CHANGELIST, {"o": f"-{CALIBRATED}"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert "5.00" not in response.content.decode()
