"""The proposal change list's rows, built once per page, are exactly the admin's own rows."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from coalitions.enums import ProposalStatus
from coalitions.models import Proposal
from coalitions.review import reviewing
from coalitions.review.admin import rows
from tests.coalitions.review.review_helpers import fast_hashing, join, submitted  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
CHANGELIST = reverse("admin:coalitions_proposal_changelist")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _varied(reviewer, expert):
    """Rows with every kind of cell: marks met and not, no report, scores and none, odd text."""
    owner = UserFactory(name="", email="o'brien&co@example.org")
    plain = submitted(title='Water <commons> & "rivers"', owner=owner)
    blank = submitted(title="   ", status=ProposalStatus.IN_REVIEW)
    checked = submitted(title="Checked")
    Proposal.objects.filter(pk=checked.pk).update(
        eligible=False,
        failing_criteria="C1 C4",
        criteria_report={
            "criteria": [
                {"id": "C1", "measured": {"regions": 1}},
                {"id": "C2", "measured": {"constituencies": 0}},
            ]
        },
    )
    Proposal.objects.filter(pk=plain.pk).update(
        eligible=True, failing_criteria="", criteria_report={"criteria": []}
    )
    reviewing.save_review(
        plain,
        reviewer=reviewer,
        recommendation="shortlist",
        relevance=4,
        diversity=2,
        feasibility=4,
    )
    reviewing.save_review(
        plain, reviewer=expert, recommendation="decline", relevance=1, diversity=1, feasibility=2
    )
    return plain, blank, checked


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_rows_are_the_admins_own_html(client, reviewer, expert, monkeypatch, language):
    join(reviewer)
    join(expert, "expert-sub-committee")
    _varied(reviewer, expert)
    client.force_login(reviewer)
    client.cookies["django_language"] = language
    urls = [
        CHANGELIST,
        f"{CHANGELIST}?status__exact=submitted&o=-10",  # filters kept in each row's link
        f"{CHANGELIST}?q=Water",
    ]
    fast = {url: _page(client, url) for url in urls}
    monkeypatch.setattr(rows, "fast_path", lambda cl: False)
    for url in urls:
        assert fast[url] == _page(client, url), url
    assert "_changelist_filters=status__exact%3Dsubmitted" in fast[urls[1]]
    assert "Water &lt;commons&gt; &amp; &quot;rivers&quot;" in fast[CHANGELIST]
    assert fast[CHANGELIST].count('class="action-select"') == 3


def test_a_change_list_it_does_not_know_gets_the_admins_rows(rf, reviewer):
    model_admin = admin.site._registry[Proposal]
    request = rf.get(CHANGELIST)
    request.user = reviewer
    cl = model_admin.get_changelist_instance(request)
    cl.formset = None
    assert rows.fast_path(cl)
    cl.list_display = [*cl.list_display, "edition"]
    assert not rows.fast_path(cl)


def test_the_change_list_does_not_build_the_list_of_every_model(client, reviewer, monkeypatch):
    """The app list feeds the navigation sidebar, which is off: built only where shown."""
    built = []
    real = admin.site.get_app_list
    monkeypatch.setattr(
        admin.site, "get_app_list", lambda *a, **k: built.append(1) or real(*a, **k)
    )
    client.force_login(reviewer)
    assert client.get(CHANGELIST).status_code == 200
    assert built == []
    index = client.get(reverse("admin:index")).content.decode()
    assert built and "Proposals" in index
