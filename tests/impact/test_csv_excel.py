"""Every CSV export has an Excel-friendly variant starting with the UTF-8 byte-order mark
(`?excel=1`, or the admin's "for Excel" action), so Excel on Windows shows "–" and "é" instead
of "â€“" and "Ã©". The plain variant stays without one."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from impact import csvsafe
from tests.coalitions.hub.hubdata import published

BOM = b"\xef\xbb\xbf"
TITLE = "Water commons – Société civile"
pytestmark = pytest.mark.django_db


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_writer_starts_with_the_bom_only_when_asked():
    for bom, start in ((True, "\ufeffa,b"), (False, "a,b")):
        buffer = io.StringIO()
        csvsafe.writer(buffer, bom=bom).writerow(["a", "b"])
        assert buffer.getvalue().startswith(start)


def test_the_hub_csv_has_an_excel_variant_with_the_same_rows(client, edition):
    published(TITLE, members=2, regions=["africa"])
    plain = client.get("/coalitions.csv?region=africa").content
    excel = client.get("/coalitions.csv?region=africa&excel=1").content
    assert excel.startswith(BOM) and not plain.startswith(BOM)
    assert rows(excel) == rows(plain) and rows(excel)[1][1] == TITLE
    # The list page links the Excel variant with the same filters.
    page = client.get("/coalitions/?region=africa").content.decode()
    assert 'href="/coalitions.csv?region=africa&amp;excel=1"' in page


def test_an_invalid_filter_is_still_a_400_for_excel(client, edition):
    assert client.get("/coalitions.csv?region=atlantis&excel=1").status_code == 400


@pytest.mark.parametrize("table", ["coalitions", "months"])
def test_the_organizers_progress_csvs_have_an_excel_variant(client, edition, organizer, table):
    published(TITLE, members=2, regions=["africa"])
    client.force_login(organizer)
    url = reverse("coalitions:hub-overview-csv", args=[table])
    assert client.get(url + "?excel=1").content.startswith(BOM)
    assert not client.get(url).content.startswith(BOM)


def test_outsiders_get_no_progress_csv_for_excel(client, edition, outsider):
    client.force_login(outsider)
    url = reverse("coalitions:hub-overview-csv", args=["coalitions"])
    assert client.get(url + "?excel=1").status_code == 403


def _post_action(client, action, proposal):
    return client.post(
        reverse("admin:coalitions_proposal_changelist"),
        {"action": action, "_selected_action": [proposal.pk]},
    )


def test_the_admin_exports_selected_proposals_for_excel(client, edition, reviewer):
    proposal = published(TITLE, members=1)
    client.force_login(reviewer)
    excel = _post_action(client, "export_csv_excel", proposal)
    plain = _post_action(client, "export_csv", proposal)
    assert excel["Content-Type"].startswith("text/csv")
    assert excel.content.startswith(BOM) and not plain.content.startswith(BOM)
    assert rows(excel.content) == rows(plain.content)
    assert rows(excel.content)[1][1] == TITLE


def test_outsiders_cannot_run_the_excel_export(client, edition, outsider):
    proposal = published(TITLE, members=1)
    client.force_login(outsider)
    response = _post_action(client, "export_csv_excel", proposal)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not response.content.startswith(BOM)
