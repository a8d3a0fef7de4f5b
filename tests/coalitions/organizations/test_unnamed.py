"""An organization listed without its name: no anonymous page, feed, API, CSV or summary
export names it (searched for its name and its acronym), the criteria count it as before,
and only those who may ask can set it."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from docx import Document

from coalitions.criteria_bridge import refresh_criteria
from coalitions.enums import MemberRole, ProposalStatus, RepresentativeState
from coalitions.hub.coalitions import membership
from coalitions.models import Contact, Organization, Proposal, ProposalMember, Representative
from coalitions.organizations import unnamed
from impact.models import ConferenceEdition
from tests.e2e.roundtrip import routes
from tests.factories import OrganizationFactory, ProposalFactory, ProposalMemberFactory
from tests.summaries.test_exporters import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NAME = "Kestrel Rights Defenders Collective"
ACRONYM = "KRDCX"
NEEDLES = (NAME.lower(), ACRONYM.lower(), "kestrel")


def _counts(coalition: Proposal) -> tuple:
    coalition = Proposal.objects.get(pk=coalition.pk)
    m = membership(coalition.members.select_related("organization__region", "organization__sector"))
    report = refresh_criteria(coalition).to_dict()
    return (m.total, m.region_count, m.global_south, report)


@pytest.fixture
def demo(db, tmp_path, settings) -> ConferenceEdition:
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "")  # many requests, one client
    with open(tmp_path / "demo.txt", "w") as out:
        call_command("load_demo", stdout=out)
    return ConferenceEdition.objects.get(slug="un-csc-2024")


@pytest.fixture
def at_risk(demo):
    coalition = Proposal.objects.published().filter(edition=demo).order_by("pk").first()
    org = OrganizationFactory(
        name=NAME,
        acronym=ACRONYM,
        country="UG",
        website="https://kestrel.example.org",
        constituencies=["women", "lgbtqi"],
    )
    ProposalMember.objects.create(proposal=coalition, organization=org, role=MemberRole.LEAD)
    Contact.objects.create(
        proposal=coalition, name="A. Contact", email="contact@kestrel.example", organization=NAME
    )
    return coalition, org


def _anonymous_bodies(coalition: Proposal, org: Organization) -> dict[str, str]:
    """Every page of the URLconf an anonymous visitor can open, its arguments filled with
    the coalition, the organization, the edition and the sessions; searches by name too."""
    client = Client()
    slugs = [coalition.public_slug, coalition.edition.slug]
    ints = {org.pk, coalition.pk, *coalition.edition.sessions.values_list("pk", flat=True)[:5]}
    urls = {
        f"/coalitions/?q={ACRONYM}",
        f"/coalitions/?q={NAME}",
        f"/organizations/?q={ACRONYM}",
        f"/api/organizations/?q={NAME}",
        f"/api/coalitions/?q={ACRONYM}",
        f"/coalitions.csv?q={ACRONYM}",
        "/coalitions/feed/?region=africa",
    }
    for route in routes():
        path = "/" + re.sub(r"\^|\$", "", route.route)
        if route.route.startswith(("admin/", "accounts/", "i18n/")):
            continue
        values = [slugs if "slug" in kwarg or kwarg == "table" else ints for _, kwarg in route.args]
        candidates = [path]
        for options in values:
            candidates = [
                re.sub(r"<[^>]+>", str(value), url, count=1)
                for url in candidates
                for value in options
            ]
        urls.update(candidates)
    bodies = {}
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code == 200:
            content = b"".join(response) if response.streaming else response.content
            bodies[url] = content.decode("utf-8", "replace")
    return bodies


def _named(bodies: dict[str, str]) -> list[str]:
    return sorted(url for url, text in bodies.items() if any(n in text.lower() for n in NEEDLES))


def _summary_texts(tmp_path) -> dict[str, str]:
    texts = {}
    for fmt in ("md", "docx", "pdf"):
        path = tmp_path / f"summary.{fmt}"
        args = ["un-csc-2024", "--format", fmt, "--output", str(path), "--language", "en"]
        call_command("compile_summary", *args, stderr=io.StringIO())
        data = path.read_bytes()
        if fmt == "md":
            texts[fmt] = data.decode()
        elif fmt == "docx":
            document = Document(io.BytesIO(data))
            cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
            texts[fmt] = "\n".join([p.text for p in document.paragraphs] + cells)
        else:
            texts[fmt] = pdf_text(data)
    return texts


def test_no_anonymous_page_feed_api_csv_or_export_names_it(at_risk, tmp_path):
    coalition, org = at_risk
    before = _counts(coalition)
    # The walk finds the name where it is shown: the coalition's page, its open data, the
    # directory, the summary's annex.
    found = _anonymous_bodies(coalition, org)
    assert coalition.title in found[f"/coalitions/?q={ACRONYM}"]
    assert '"count": 1' in found[f"/api/organizations/?q={NAME}"]
    named = _named(found)
    assert f"/coalitions/{coalition.public_slug}/" in named
    assert "/coalitions.csv" in named and "/api/coalitions/" in named
    assert f"/organizations/{org.pk}/" in named
    assert all(NAME in text for text in _summary_texts(tmp_path).values())

    assert unnamed.set_listed_without_name(org, hidden=True, actor=None)

    bodies = _anonymous_bodies(coalition, org)
    assert len(bodies) > 20  # the walk reached the site
    # A search page shows what was typed; it must find nothing by the name.
    searches = {url: bodies.pop(url) for url in list(bodies) if "?q=" in url}
    assert _named(bodies) == []
    assert coalition.title not in searches[f"/coalitions/?q={ACRONYM}"]
    assert coalition.title not in searches[f"/coalitions/?q={NAME}"]
    assert '"count": 0' in searches[f"/api/coalitions/?q={ACRONYM}"]
    assert '"count": 0' in searches[f"/api/organizations/?q={NAME}"]
    assert searches[f"/coalitions.csv?q={ACRONYM}"].strip().count("\n") == 0  # the header only
    assert "organization-card" not in searches[f"/organizations/?q={ACRONYM}"]
    page = bodies[f"/coalitions/{coalition.public_slug}/"]
    assert "An organization from Africa" in page
    assert "Women" in page  # its constituency types stand in for its name
    assert "An organization from Africa" in bodies["/coalitions.csv"]
    assert f"/organizations/{org.pk}/" not in bodies  # no page of its own
    for fmt, text in _summary_texts(tmp_path).items():
        assert not any(n in text.lower() for n in NEEDLES), fmt
        # (A PDF table cell wraps its text between other columns' lines.)
        assert re.search(r"An\s+organization\s+from", text), fmt
    # The criteria count it as before.
    assert _counts(coalition) == before


def test_reviewers_and_organizers_still_see_its_name(at_risk, client, organizer):
    coalition, org = at_risk
    unnamed.set_listed_without_name(org, hidden=True, actor=None)
    client.force_login(organizer)
    assert NAME in client.get(f"/organizations/{org.pk}/").content.decode()
    assert NAME in client.get(f"/admin/coalitions/proposal/{coalition.pk}/change/").content.decode()


@pytest.fixture
def listed(edition, owner, coeditor):
    org = OrganizationFactory(name=NAME, acronym=ACRONYM)
    proposal = ProposalFactory(owner=owner, edition=edition, status=ProposalStatus.SUBMITTED)
    proposal.editors.add(coeditor)
    ProposalMemberFactory(proposal=proposal, organization=org)
    return org


def _url(org) -> str:
    return f"/organizations/{org.pk}/name/"


def test_anonymous_visitors_are_sent_to_sign_in(client, listed):
    response = client.post(_url(listed), {"listed_without_name": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    listed.refresh_from_db()
    assert not listed.listed_without_name


def test_outsiders_and_reviewers_of_nothing_may_not_set_it(client, listed, outsider, reviewer):
    for user in (outsider, reviewer):
        client.force_login(user)
        assert client.get(_url(listed)).status_code == 403
        assert client.post(_url(listed), {"listed_without_name": "on"}).status_code == 403
    listed.refresh_from_db()
    assert not listed.listed_without_name


def test_a_filer_hides_it_and_names_it_again_while_it_has_no_representative(
    client, listed, coeditor
):
    client.force_login(coeditor)
    assert client.post(_url(listed), {"listed_without_name": "on"}).status_code == 302
    listed.refresh_from_db()
    assert listed.listed_without_name
    assert client.post(_url(listed), {}).status_code == 302
    listed.refresh_from_db()
    assert not listed.listed_without_name


def test_only_its_representatives_name_it_again_once_it_has_some(
    client, listed, owner, outsider, organizer
):
    Representative.objects.create(
        organization=listed,
        user=outsider,
        state=RepresentativeState.CONFIRMED,
        confirmed_by=organizer,
    )
    client.force_login(outsider)  # its representative asks
    assert client.post(_url(listed), {"listed_without_name": "on"}).status_code == 302
    client.force_login(owner)  # the filer may not undo it
    response = client.post(_url(listed), {})
    assert response.status_code == 200
    assert "Only the organization&#x27;s representatives" in response.content.decode()
    listed.refresh_from_db()
    assert listed.listed_without_name
    client.force_login(outsider)
    assert client.post(_url(listed), {}).status_code == 302
    listed.refresh_from_db()
    assert not listed.listed_without_name


def test_its_directory_page_and_claim_are_hidden_from_strangers(client, listed, outsider):
    unnamed.set_listed_without_name(listed, hidden=True, actor=None)
    published = ProposalFactory(status=ProposalStatus.PUBLISHED, public_slug="p")
    ProposalMemberFactory(proposal=published, organization=listed)
    assert client.get(f"/organizations/{listed.pk}/").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/organizations/{listed.pk}/").status_code == 404
    response = client.post(f"/organizations/{listed.pk}/claim/")
    assert response.status_code == 404
    assert not Representative.objects.filter(organization=listed).exists()
