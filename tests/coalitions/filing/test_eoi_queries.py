"""The form page, the read-only view and the dashboard run a fixed number of queries,
whatever the number of members, milestones and proposals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalitions.enums import MemberRole
from tests.factories import (
    ContactFactory,
    OrganizationFactory,
    ProposalFactory,
    ProposalMemberFactory,
    WorkPlanItemFactory,
)

pytestmark = pytest.mark.django_db


def proposal_with(n, owner, edition, coeditor=None):
    p = ProposalFactory(owner=owner, edition=edition)
    if coeditor:
        p.editors.add(coeditor)
    for i in range(n):
        org = OrganizationFactory(constituencies=["ngos", "women"])
        ProposalMemberFactory(
            proposal=p, organization=org, role=MemberRole.LEAD if i == 0 else "member"
        )
        WorkPlanItemFactory(proposal=p)
        ContactFactory(proposal=p)
    return p


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["proposal-edit", "proposal-detail"])
def test_the_form_and_the_view_do_not_grow_with_members_and_milestones(
    client, owner, coeditor, edition, page, django_assert_max_num_queries
):
    one = proposal_with(1, owner, edition, coeditor)
    ten = proposal_with(10, owner, edition, coeditor)
    client.force_login(owner)
    count(client, reverse(f"coalitions:{page}", args=[one.pk]))  # warm the reference cache
    small = count(client, reverse(f"coalitions:{page}", args=[one.pk]))
    large = count(client, reverse(f"coalitions:{page}", args=[ten.pk]))
    assert small == large
    # Edit page: session, user, proposal (+edition, owner), members (+organization, sector,
    # region), their constituencies, work plan, contacts, themes of the proposal, the theme
    # choices, and the row choices (sectors, regions, constituency types). The view page
    # reads editors, open invitations and versions instead of the choices. Both read the
    # proposals merged into this one; the edit page asks the similarity index for proposals
    # like this one (one query when none is close enough to fetch).
    with django_assert_max_num_queries(16):
        client.get(reverse(f"coalitions:{page}", args=[ten.pk]))


def test_the_dashboard_does_not_grow_with_proposals(client, owner, coeditor, edition, outsider):
    proposal_with(1, owner, edition)
    client.force_login(owner)
    url = reverse("coalitions:dashboard")
    # Session, user, the proposals (with edition and owner), the current edition, the user's
    # groups and the unread-notifications COUNT (both for the navigation), the join requests
    # waiting for the coalitions they lead, and the merge requests waiting for their answer.
    small = count(client, url)
    for _ in range(9):
        proposal_with(2, owner, edition)
    ProposalFactory(owner=outsider, edition=edition).editors.add(owner)
    large = count(client, url)
    assert small == large == 8
