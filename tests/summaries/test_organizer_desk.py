"""The organizers' start page: what waits for them, the review's progress, the portfolio's
misses, far reviewers and late reports, in a fixed number of queries; organizers only, and
where they land after signing in."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coalitions.enums import MergeRequestStatus, PortfolioDimension
from coalitions.enums import ProposalStatus as S
from coalitions.models import (
    Assignment,
    Conflict,
    MergeConsent,
    MergeRequest,
    MergeSuggestion,
    PortfolioTarget,
    Review,
)
from impact.models import ConferenceEdition, Notification
from summaries.enums import ReportStatus
from summaries.organizer_desk import organizer_desk
from summaries.workflow import late_sessions
from tests.coalitions.review.review_helpers import fast_hashing, join, network, submitted  # noqa: F401
from tests.factories import EditionFactory, OrganizationFactory, UserFactory, region
from tests.summaries.factories import ReportFactory, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
URL = reverse("summaries:start")


def review(proposal, user, score=4, slug="global-ngo-network"):
    return Review.objects.create(
        proposal=proposal,
        reviewer=user,
        network=network(slug),
        recommendation="shortlist",
        relevance=score,
        diversity=score,
        feasibility=score,
    )


def held(n: int, hold_key: str = "round-1"):
    for i in range(n):
        Notification.objects.create(
            email=f"lead{i}@example.org",
            kind="shortlisted",
            subject="Shortlisted",
            body_text="…",
            dedup_key=f"held-{hold_key}-{i}",
            hold_key=hold_key,
            state=Notification.State.HELD,
        )


def section(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"')[1].split("</ul>")[0].split("</table>")[0]


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def scorers():
    """Three reviewers of the Global NGO network."""
    people = [UserFactory(name=f"Scorer {i}") for i in range(3)]
    for person in people:
        join(person)
    return people


def fill(n: int, scorers, edition):
    """`n` of each thing the page shows: held decisions, proposals ready for a decision
    (reviewed by all three scorers, the last always two points lower), a merge request, a
    similar pair, an assigned proposal nobody reviewed, a late session."""
    held(n, hold_key=f"round-{n}")
    for i in range(n):
        ready = submitted(title=f"Ready {n}.{i}", status=S.IN_REVIEW)
        Assignment.objects.create(proposal=ready, network=network())
        for person, score in zip(scorers, (5, 5, 3), strict=True):
            review(ready, person, score)
        a, b = submitted(title=f"Pair {n}.{i} a"), submitted(title=f"Pair {n}.{i} b")
        MergeSuggestion.objects.create(
            proposal_a=a, proposal_b=b, score=0.5, text_score=0.5, member_score=0
        )
        request = MergeRequest.objects.create(status=MergeRequestStatus.PENDING)
        MergeConsent.objects.create(request=request, proposal=a)
        MergeConsent.objects.create(request=request, proposal=b)
        waiting = submitted(title=f"Waiting {n}.{i}")
        Assignment.objects.create(proposal=waiting, network=network(), reviewer=scorers[0])
        SessionFactory(edition=edition, date=timezone.localdate() - datetime.timedelta(days=3))
    # A third scorer's review on three proposals at least: the calibration's minimum.
    for i in range(3):
        extra = submitted(title=f"Extra {n}.{i}", status=S.SHORTLISTED)
        for person, score in zip(scorers, (5, 5, 3), strict=True):
            review(extra, person, score)


def test_it_lists_what_waits_for_the_organizers(client, organizer, scorers, edition):
    fill(1, scorers, edition)
    client.force_login(organizer)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "round-1 — 1 message" in section(html, "start-held")
    assert f'href="{reverse("coalitions:held-decisions")}"' in html
    assert "Ready 1.0" in section(html, "start-decide") and "3 reviews" in html
    assert "1 merge request waits for its leads" in html
    assert "1 pair of similar proposals" in html
    assert "Scorer 2" in section(html, "start-far") and "−" not in section(html, "start-far")
    assert "-1.3" in section(html, "start-far")
    reports = section(html, "start-reports")
    assert "Test Conference" in reports and "1 late report" in reports
    assert f'href="{reverse("summaries:late", args=[edition.slug])}"' in reports
    assert f'href="{reverse("summaries:index")}"' in html


def test_the_reviews_progress_per_network(organizer, edition):
    ngo, youth = network(), network("youth-intergenerational-network")
    reviewer, declining = UserFactory(), UserFactory()
    join(reviewer)
    reviewed = submitted(title="Reviewed")
    Assignment.objects.create(proposal=reviewed, network=ngo, reviewer=reviewer)
    review(reviewed, reviewer)
    open_one = submitted(title="Assigned to the network")
    Assignment.objects.create(proposal=open_one, network=ngo)
    Assignment.objects.create(proposal=open_one, network=youth)
    declined = submitted(title="Declined")
    Assignment.objects.create(
        proposal=declined, network=ngo, reviewer=declining, declined_at=timezone.now()
    )
    # Decided or still a draft: not part of the progress.
    Assignment.objects.create(proposal=submitted(status=S.SHORTLISTED), network=ngo)
    submitted(status=S.DRAFT)

    desk = organizer_desk(organizer)
    assert (desk.awaiting, desk.unassigned) == (3, 1)
    rows = {row.network.slug: (row.assigned, row.reviewed, row.uncovered) for row in desk.networks}
    assert rows["global-ngo-network"] == (2, 1, 1)
    assert rows["youth-intergenerational-network"] == (1, 0, 2)
    assert rows["expert-sub-committee"] == (0, 0, 3)


def test_it_names_the_portfolio_targets_missed_and_only_those(client, organizer, edition):
    submitted(S.SHORTLISTED, lead=OrganizationFactory(region=region("europe")))
    for key, percent in (("leads", 50), ("members", 0)):
        PortfolioTarget.objects.create(
            edition=edition, dimension=PortfolioDimension.GLOBAL_SOUTH, key=key, min_percent=percent
        )
    client.force_login(organizer)
    html = client.get(URL).content.decode()
    misses = section(html, "start-misses")
    missed = "Coalitions led from the global south: 0\u00a0% against a target of 50\u00a0%"
    assert f"Global south — {missed}" in misses
    assert "Member organizations from the global south" not in misses
    assert f'href="{reverse("coalitions:portfolio")}?edition={edition.slug}"' in html


def test_an_empty_portfolio_says_so_rather_than_listing_every_target(client, organizer, edition):
    submitted(title="Still a candidate")
    client.force_login(organizer)
    html = client.get(URL).content.decode()
    assert "Nothing is shortlisted or published yet" in html
    assert "against a target of" not in html


def test_a_proposal_the_organizer_has_a_conflict_with_is_not_listed(client, organizer, scorers):
    # An organizer who also reviews for a network declared a conflict of interest.
    join(organizer, slug="regional-networks")
    org = OrganizationFactory()
    Conflict.objects.create(user=organizer, organization=org, reason="I advise them.")
    mine = submitted(title="Advised by the organizer", members=[org], status=S.IN_REVIEW)
    other = submitted(title="Open to the organizer", status=S.IN_REVIEW)
    for proposal in (mine, other):
        for person in scorers[:2]:
            review(proposal, person)
    a, b = sorted([mine, other], key=lambda p: p.pk)
    MergeSuggestion.objects.create(
        proposal_a=a, proposal_b=b, score=0.5, text_score=0.5, member_score=0
    )
    client.force_login(organizer)
    html = client.get(URL).content.decode()
    assert "Open to the organizer" in html
    assert "Advised by the organizer" not in html
    assert "1 proposal has enough reviews to decide" in html
    assert "0 pairs of similar proposals" in html  # the pair would show its title


def test_the_page_does_not_grow_with_the_work(
    client, organizer, scorers, edition, django_assert_num_queries
):
    fill(1, scorers, edition)
    client.force_login(organizer)
    client.get(URL)  # the roles are cached from here on
    # Session, user; the editions with their reports; held decisions; proposals to decide
    # and their count; merge requests; similar pairs; proposals awaiting a decision, assigned
    # per network, the networks; the portfolio's targets, its tally (six) and labels (three);
    # the far reviewers' names; the navigation's unread count.
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    # Counted now: the next request clears the connection's log of queries.
    queries = len(small.captured_queries)
    assert queries <= 25
    fill(3, scorers, edition)
    client.get(URL)  # the portfolio's tally counted again after the change, then kept
    with django_assert_num_queries(queries):
        html = client.get(URL).content.decode()
    assert "Ready 3.2" in html and "round-3 — 3 messages" in html


@pytest.mark.parametrize("who", ["owner", "outsider", "reviewer", "expert"])
def test_filers_reviewers_and_outsiders_get_403(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_organizers_land_on_it_after_signing_in(client, organizer):
    response = client.post(
        reverse("account_login"), {"login": organizer.email, "password": "pass-w0rd-for-tests"}
    )
    assert response.status_code == 302
    assert response["Location"] == URL


def test_it_is_the_first_item_of_the_organizers_menu(client, organizer):
    client.force_login(organizer)
    html = client.get(reverse("coalitions:dashboard")).content.decode()
    menu = html.split('data-testid="organizer-menu"')[1].split("</ul>")[0]
    links = re.findall(r'class="dropdown-item" href="([^"]+)"', menu)
    assert links[0] == URL
    toggle = re.search(r'href="([^"]+)"[^>]*data-testid="organizer-menu"', html)
    assert toggle is not None and toggle.group(1) == URL


def test_it_shows_the_edition_under_review_rather_than_an_empty_new_call(organizer):
    reviewing = EditionFactory(slug="last-year", name="Last year", is_current=False)
    reviewing.starts_on = timezone.localdate() - datetime.timedelta(days=300)
    reviewing.save()
    new_call = EditionFactory(slug="new-call", name="New call", is_current=True)
    submitted(edition=reviewing, title="Filed last year")
    submitted(edition=new_call, status=S.DRAFT)
    assert organizer_desk(organizer).edition == reviewing
    assert organizer_desk(organizer, "new-call").edition == new_call
    # An unknown edition in the address shows the default, never an error.
    assert organizer_desk(organizer, "no-such-edition").edition == reviewing


def test_an_unknown_edition_in_the_address_is_no_error(client, organizer, edition):
    client.force_login(organizer)
    assert client.get(URL, {"edition": "\u00e9\x00"}).status_code == 200


def test_without_any_edition_it_says_so(client, organizer):
    ConferenceEdition.objects.all().delete()
    client.force_login(organizer)
    assert "No conference edition yet." in client.get(URL).content.decode()


def test_reports_in_are_not_late(organizer, edition):
    past = timezone.localdate() - datetime.timedelta(days=2)
    for status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.DRAFT):
        ReportFactory(session=SessionFactory(edition=edition, date=past), status=status)
    SessionFactory(edition=edition, date=past)  # no report at all
    SessionFactory(edition=edition, date=timezone.localdate() + datetime.timedelta(days=2))
    found = {e.slug: e for e in organizer_desk(organizer).editions}[edition.slug]
    assert (found.session_count, found.late, found.accepted, found.submitted) == (5, 2, 1, 1)
    assert found.late == late_sessions(edition).count()  # the late page's own definition


@pytest.mark.parametrize(
    "lang, phrases",
    [
        ("fr", ["Page d'accueil des organisateurs", "L'avancement de l'évaluation"]),
        ("es", ["Página de inicio de los organizadores", "El avance de la evaluación"]),
    ],
)
def test_it_speaks_the_organizers_language(client, organizer, edition, settings, lang, phrases):
    client.force_login(organizer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    text = unescape(client.get(URL).content.decode())
    for phrase in phrases:
        assert phrase in text
