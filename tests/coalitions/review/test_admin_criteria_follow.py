"""The reviewers' change list, its "eligible" and "failing criterion" filters and the change
page agree once an edition's thresholds or a region's flag change (the recompute runs after
commit: `django_capture_on_commit_callbacks` stands for the commit, Celery runs eagerly)."""

import pytest
from django.urls import reverse

from coalitions.models import ProposalMember
from tests.coalitions.derived_helpers import eligible_proposal, stale_and_live
from tests.coalitions.review.review_helpers import fast_hashing, join  # noqa: F401
from tests.factories import OrganizationFactory, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
CHANGELIST = reverse("admin:coalitions_proposal_changelist")


@pytest.fixture
def five_and_six(edition, django_capture_on_commit_callbacks):
    """Two eligible proposals: one covers five regions (three in the global south), the
    other six (four)."""
    five = eligible_proposal(edition, "Five regions")
    six = eligible_proposal(edition, "Six regions")
    arab = OrganizationFactory(name="Gulf NGO", region=region("western_asia"), country="JO")
    with django_capture_on_commit_callbacks(execute=True):  # a member joins: recomputed
        ProposalMember.objects.create(proposal=six, organization=arab)
    return five, six


def listed(client, query: str) -> set[str]:
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    return {p.title for p in response.context["cl"].result_list}


def change_page_says(client, proposal) -> str:
    """ "eligible" or "not eligible", as the change page's heading and its report (evaluated
    again there) both say; fails when they disagree."""
    html = client.get(reverse("admin:coalitions_proposal_change", args=[proposal.pk]))
    html = html.content.decode()
    report = html.split('id="criteria-report"', 1)[1].split("</table>", 1)[0]
    heading_eligible = "— eligible</h2>" in report
    all_met = "crit-fail" not in report and "crit-ok" in report
    assert heading_eligible == all_met, report
    return "eligible" if all_met else "not eligible"


def agree(client, five, six) -> None:
    eligible, ineligible = listed(client, "eligible__exact=1"), listed(client, "eligible__exact=0")
    for p in (five, six):
        said = change_page_says(client, p)
        assert (p.title in eligible, p.title in ineligible) == (
            said == "eligible",
            said == "not eligible",
        )
    failing = listed(client, "failing=C1")
    assert failing == ineligible
    assert stale_and_live() == []


def test_the_filters_follow_a_threshold_change(
    client, reviewer, edition, five_and_six, django_capture_on_commit_callbacks
):
    five, six = five_and_six
    join(reviewer)
    client.force_login(reviewer)
    agree(client, five, six)
    assert listed(client, "eligible__exact=1") == {"Five regions", "Six regions"}
    with django_capture_on_commit_callbacks(execute=True):
        edition.min_regions = 6
        edition.save()
    agree(client, five, six)
    assert listed(client, "eligible__exact=0") == {"Five regions"}
    assert listed(client, "eligible__exact=1") == {"Six regions"}


def test_the_filters_follow_a_regions_flag_changed_in_the_admin(
    client, admin_client, reviewer, five_and_six, django_capture_on_commit_callbacks
):
    five, six = five_and_six
    asia = region("asia_pacific")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:coalitions_region_change", args=[asia.pk]),
            {"slug": asia.slug, "name": asia.name, "order": asia.order},  # not global south
        )
    assert response.status_code == 302
    join(reviewer)
    client.force_login(reviewer)
    agree(client, five, six)
    # Five regions keeps two members in the global south, Six regions three.
    assert listed(client, "failing=C1") == {"Five regions"}
    assert listed(client, "eligible__exact=1") == {"Six regions"}
