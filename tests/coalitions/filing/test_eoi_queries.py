"""The form page, the read-only view and the dashboard run a fixed number of queries,
whatever the number of members, milestones and proposals."""

import pytest
from django.core.cache import cache
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
    sizes = {n: proposal_with(n, owner, edition, coeditor) for n in (1, 10, 30)}
    client.force_login(owner)
    cold, warm = {}, {}
    for n, p in sizes.items():
        url = reverse(f"coalitions:{page}", args=[p.pk])
        cache.clear()  # nothing kept: every part of the page built
        cold[n] = count(client, url)
        warm[n] = count(client, url)  # parts kept in the cache where the page keeps them
    assert cold[1] == cold[10] == cold[30]
    assert warm[1] == warm[10] == warm[30]
    if page == "proposal-edit":
        # The form kept rendered: the user, the proposal (with its edition and the sources of
        # the form's cache key: its members' number, last one and organizations' latest
        # change, as subqueries of the same query), the navigation's unread count (the
        # session and the user's roles come from the cache).
        assert warm[1] == 3
    # Built: session, user, proposal (+edition, owner), members (+organization, sector,
    # region), their constituencies, work plan, contacts, themes of the proposal, the theme
    # choices, and the row choices (sectors, regions, constituency types). The view page
    # reads editors, open invitations and versions instead of the choices. Both read the
    # proposals merged into this one; the edit page asks the similarity index for proposals
    # like this one (one query when none is close enough to fetch). The view page looks for
    # partners (criterion C1 is unmet): the organizations that declined it, then the
    # directory's candidates (none here; see tests/coalitions/test_partners.py); the edit
    # page fetches them afterwards (`proposal-checklist`).
    with django_assert_max_num_queries(18):
        client.get(reverse(f"coalitions:{page}", args=[sizes[30].pk]))


# What a phone on a slow link downloads: the form's HTML before compression.
EMPTY_BUDGET = 30_000
PER_MEMBER_BUDGET = 1_500
NAMES = [
    "Réseau des femmes pour la paix du Sahel",
    "Pacific Islands Climate Action Network",
    "Asociación Latinoamericana de Derechos Humanos",
    "Kibera Community Justice Centre",
]


def members_only(n, owner, edition):
    """A draft with `n` members, each with a realistic name, acronym and two constituencies."""
    p = ProposalFactory(owner=owner, edition=edition, title="Civil society for a fairer UN")
    for i in range(n):
        org = OrganizationFactory(
            name=f"{NAMES[i % len(NAMES)]} {n}-{i}",
            acronym=f"ORG{i}",
            constituencies=["ngos", "women"],
        )
        ProposalMemberFactory(proposal=p, organization=org, role="lead" if i == 0 else "member")
    return p


def test_the_form_fits_a_slow_link(client, owner, edition):
    client.force_login(owner)
    empty = len(client.get(reverse("coalitions:proposal-new")).content)
    sizes = {}
    for n in (0, 10, 30):
        p = members_only(n, owner, edition)
        sizes[n] = len(client.get(reverse("coalitions:proposal-edit", args=[p.pk])).content)
    print(f"EOI form HTML: new {empty} B, by members {sizes}")
    assert empty <= EMPTY_BUDGET
    assert sizes[0] <= EMPTY_BUDGET
    assert sizes[10] - sizes[0] <= 10 * PER_MEMBER_BUDGET
    assert sizes[30] - sizes[0] <= 30 * PER_MEMBER_BUDGET
    assert sizes[10] <= EMPTY_BUDGET + 10 * PER_MEMBER_BUDGET  # 45 KB with 10 members


def test_the_member_page_is_small(client, owner, edition):
    p = members_only(10, owner, edition)
    client.force_login(owner)
    page = client.get(reverse("coalitions:proposal-member-new", args=[p.pk]))
    assert page.status_code == 200
    assert len(page.content) <= EMPTY_BUDGET


def test_the_dashboard_does_not_grow_with_proposals(client, owner, coeditor, edition, outsider):
    proposal_with(1, owner, edition)
    client.force_login(owner)
    url = reverse("coalitions:dashboard")
    count(client, url)  # the session and the user's roles are then cached
    # User, the proposals (with their edition), the merge requests waiting for their answer,
    # the organizations they represent, the current edition and the unread-notifications
    # COUNT for the navigation. No query for join requests (they lead no published coalition)
    # nor for partner invitations (they represent no organization): the proposal list and
    # the organizations tell. (The session
    # and the user's groups come from the cache.)
    small = count(client, url)
    for _ in range(9):
        proposal_with(2, owner, edition)
    ProposalFactory(owner=outsider, edition=edition).editors.add(owner)
    large = count(client, url)
    assert small == large == 6
