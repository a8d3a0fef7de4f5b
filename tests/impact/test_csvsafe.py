"""Every CSV the portal writes neutralizes cells a spreadsheet would run as formulas."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from coalitions.enums import ProposalStatus
from impact import csvsafe
from tests.factories import OrganizationFactory, ProposalFactory, ProposalMemberFactory

HOSTILE = '=HYPERLINK("http://evil.example/","x")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Water commons", "Water commons"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_safe_cell_quotes_only_text_a_spreadsheet_would_run(value, expected):
    assert csvsafe.safe_cell(value) == expected


def test_the_writer_neutralizes_every_cell_of_every_row():
    buffer = io.StringIO()
    csvsafe.writer(buffer).writerows([["=1", "ok"], [7, "@x"]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["'=1", "ok"], ["7", "'@x"]]


def _hostile_coalition():
    proposal = ProposalFactory(
        title=HOSTILE,
        summary="-cmd|' /C calc'!A0",
        status=ProposalStatus.PUBLISHED,
        published_at=timezone.now(),
        public_slug="hostile",
    )
    ProposalMemberFactory(proposal=proposal, organization=OrganizationFactory(name="@evil org"))
    return proposal


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def _no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(csvsafe.FORMULA_STARTS), cell


@pytest.mark.django_db
def test_the_hub_csv_neutralizes_a_hostile_published_title(client, edition):
    _hostile_coalition()
    rows = _rows(client.get("/coalitions.csv"))
    assert rows[1][1] == "'" + HOSTILE
    assert rows[1][5] == "'-cmd|' /C calc'!A0"
    assert rows[1][10] == "'@evil org"
    _no_formula(rows)


@pytest.mark.django_db
def test_the_admin_csv_export_neutralizes_a_hostile_title(client, edition, reviewer):
    proposal = _hostile_coalition()
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:coalitions_proposal_changelist"),
        {"action": "export_csv", "_selected_action": [proposal.pk]},
    )
    rows = _rows(response)
    assert rows[1][1] == "'" + HOSTILE
    _no_formula(rows)


@pytest.mark.django_db
def test_the_organizers_progress_csv_neutralizes_a_hostile_title(client, edition, organizer):
    _hostile_coalition()
    client.force_login(organizer)
    rows = _rows(client.get(reverse("coalitions:hub-overview-csv", args=["coalitions"])))
    assert rows[1][1] == "'" + HOSTILE
    _no_formula(rows)
    _no_formula(_rows(client.get(reverse("coalitions:hub-overview-csv", args=["months"]))))
