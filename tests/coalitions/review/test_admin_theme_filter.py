"""The proposal list's theme filter names its entry for the proposals without a theme
(Django shows it as an unlabelled "-"), in the reader's language, and it finds them."""

import re

import pytest
from django.urls import reverse

from coalitions.models import Theme
from tests.coalitions.review.review_helpers import orgs, submitted

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:coalitions_proposal_changelist")


def theme_choices(html: str) -> list[tuple[str, str]]:
    """(link, label) of each entry of the themes filter."""
    blocks = re.findall(r"<details data-filter-title=.*?</details>", html, re.S)
    (block,) = [b for b in blocks if "themes__id__exact=" in b]
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', block)


@pytest.mark.parametrize(
    "language, label", [("en", "No theme"), ("fr", "Sans thème"), ("es", "Sin tema")]
)
def test_the_empty_entry_says_no_theme_and_finds_the_proposals_without_one(
    client, reviewer, language, label
):
    themed = submitted(members=orgs(2), title="Themed")
    themed.themes.add(Theme.objects.first())
    submitted(members=orgs(2), title="Themeless")
    client.force_login(reviewer)
    html = client.get(CHANGELIST, headers={"Accept-Language": language}).content.decode()
    choices = theme_choices(html)
    assert all(text.strip() not in ("-", "") for _link, text in choices)
    (link,) = [href for href, text in choices if text.strip() == label]
    assert "themes__isnull=True" in link
    found = client.get(CHANGELIST + link, headers={"Accept-Language": language})
    body = found.content.decode()
    assert "Themeless" in body and "Themed<" not in body
