""" "Save and submit" with something missing: every problem that keeps the proposal from being
submitted is shown at once, each at its field and listed at the top with a link to it, in the
reader's language, and nothing typed is lost."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from coalitions import workflow
from coalitions.enums import MemberRole, ProposalStatus
from coalitions.filing.forms import problems
from coalitions.models import Proposal
from tests.coalitions.eoi_helpers import member, post_data
from tests.factories import ProposalFactory, ProposalMemberFactory

pytestmark = pytest.mark.django_db

LONG_SUMMARY = " ".join(["word"] * 162)


def title_error(html: str) -> str:
    """The text shown under the title field ("" when none)."""
    found = re.search(r'<div class="invalid-feedback d-block" id="id_title_error">([^<]*)<', html)
    return found.group(1) if found else ""


def summary_links(html: str) -> list[tuple[str, str]]:
    block = re.search(r'data-testid="form-error-list">(.*?)</ul>', html, re.S)
    assert block, "no list of problems at the top"
    return re.findall(r'<a class="alert-link" href="([^"]*)">([^<]*)</a>', block.group(1))


@pytest.mark.parametrize(
    "language, title, no_title, saved",
    [
        ("en", "Title", "Give the proposal a title.", "Saved as a draft, not submitted yet"),
        ("fr", "Titre", "Donnez un titre à la proposition.", "Enregistrée comme brouillon"),
        ("es", "Título", "Dé un título a la propuesta.", "Guardada como borrador"),
    ],
)
def test_an_untitled_draft_is_saved_and_the_title_marked_at_its_field(
    client, owner, edition, language, title, no_title, saved
):
    client.force_login(owner)
    headers = {"Accept-Language": language}
    data = post_data(
        title="",
        summary="Drug policy that works",
        members=[member("Lead NGO", role="lead")],
        action="submit",
    )
    response = client.post(reverse("coalitions:proposal-new"), data, headers=headers)
    proposal = Proposal.objects.get(owner=owner)
    assert proposal.status == ProposalStatus.DRAFT  # saved, not submitted
    assert proposal.summary == "Drug policy that works"
    assert response.status_code == 302
    assert response["Location"].endswith("?check=submit")

    page = client.get(response["Location"], headers=headers)
    html = page.content.decode()
    assert page.status_code == 200
    assert title_error(html) == no_title
    assert 'aria-invalid="true"' in re.search(r"<input[^>]*id_title[^>]*>", html).group(0)
    assert saved in html
    colon = " : " if language == "fr" else ": "
    assert summary_links(html) == [("#id_title", f"{title}{colon}{no_title}")]
    assert "Drug policy that works" in html  # what was typed is there


def test_every_problem_is_shown_at_once_and_nothing_is_saved(client, owner, edition):
    client.force_login(owner)
    data = post_data(
        title="",
        summary=LONG_SUMMARY,
        members=[member("Only Member")],  # no lead
        contacts=[{"name": "Amina", "email": "amina-at-example.org", "organization": ""}],
        action="submit",
    )
    response = client.post(
        reverse("coalitions:proposal-new"), data, headers={"Accept-Language": "fr"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Proposal.objects.exists()
    assert title_error(html) == "Donnez un titre à la proposition."
    links = summary_links(html)
    assert [href for href, _text in links] == [
        "#id_title",
        "#id_summary",
        f"#{problems.MEMBER_ERRORS_ID}",
        "#id_contacts-0-email",
    ]
    texts = " ".join(text for _href, text in links)
    assert "Désignez au moins une organisation membre comme chef de file." in texts
    assert "Contacts, ligne 1 : Courriel : " in texts
    assert 'id="members-errors"' in html
    # What was typed is all there.
    assert LONG_SUMMARY in html
    assert "amina-at-example.org" in html
    assert "Only Member" in html
    # The count at the top is the list's.
    assert "4 points demandent votre attention" in html


def test_a_plain_save_of_an_untitled_draft_asks_for_nothing(client, owner, edition):
    client.force_login(owner)
    data = post_data(title="", summary=LONG_SUMMARY, members=[member("Only Member")])
    html = client.post(reverse("coalitions:proposal-new"), data).content.decode()
    assert title_error(html) == ""
    assert [href for href, _text in summary_links(html)] == ["#id_summary"]


def test_the_submit_button_of_the_proposal_page_leads_to_the_marked_form(client, owner, edition):
    proposal = ProposalFactory(owner=owner, edition=edition, title="")
    ProposalMemberFactory(proposal=proposal, role=MemberRole.MEMBER)
    client.force_login(owner)
    response = client.post(reverse("coalitions:proposal-submit", args=[proposal.pk]))
    assert response["Location"] == (
        reverse("coalitions:proposal-edit", args=[proposal.pk]) + "?check=submit"
    )
    html = client.get(response["Location"]).content.decode()
    assert [href for href, _text in summary_links(html)] == [
        "#id_title",
        f"#{problems.MEMBER_ERRORS_ID}",
    ]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_once_fixed_the_checked_form_is_the_plain_form(client, owner, edition):
    proposal = ProposalFactory(owner=owner, edition=edition, title="Titled")
    ProposalMemberFactory(proposal=proposal, role=MemberRole.LEAD)
    client.force_login(owner)
    url = reverse("coalitions:proposal-edit", args=[proposal.pk]) + "?check=submit"
    html = client.get(url).content.decode()
    assert 'data-testid="form-errors"' not in html
    assert not workflow.submission_problems(proposal)


def test_the_form_asks_for_what_the_workflow_asks_for(owner, edition):
    """The form's words are the workflow's (one set of translations)."""
    proposal = ProposalFactory(owner=owner, edition=edition, title="")
    ProposalMemberFactory(proposal=proposal, role=MemberRole.MEMBER)
    for language in ("en", "fr", "es"):
        with translation.override(language):
            assert workflow.submission_problems(proposal) == [
                str(problems.NO_TITLE),
                str(problems.NO_LEAD),
            ]
