"""A session's entry in the Co-Chairs' Summary names its format, moderator, panelists with
their affiliation in the session's panel groups and the interpretation languages, in every
export format; and the demo summary shows the sessions of the seed documents."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from summaries import exporters
from summaries.compiler import build_document, compile_draft
from summaries.models import Participant
from tests.summaries.factories import ReportFactory, SessionFactory
from tests.summaries.test_export_languages import _text

MEMBER_STATES = "Member States' representatives"
CO_FACILITATORS = "Civil-society co-facilitators"


@pytest.fixture
def document(edition):
    session = SessionFactory(
        edition=edition,
        title="Online dialogue",
        kind="dialogue",
        format="online",
        online_link="https://zoom.example.org/j/1",
        room="",
        date=datetime.date(2024, 5, 10),
        starts_at=datetime.time(15),
        ends_at=datetime.time(17),
        time_zone="Europe/Paris",
        interpretation=["en", "fr", "es"],
    )
    people = [
        ("moderator", "Nadia Benali", "", "Dialogue Institute", ""),
        ("panelist", "Carlos Ortega", "Ambassador", "Permanent Mission", MEMBER_STATES),
        ("panelist", "Ruth Achieng", "", "Women's Platform", CO_FACILITATORS),
        ("panelist", "Lea Park", "", "Youth Network", ""),
        ("panelist", "Anna Kowalska", "Counsellor", "Permanent Mission", MEMBER_STATES),
    ]
    for position, (role, name, title, affiliation, group) in enumerate(people):
        Participant.objects.create(
            session=session,
            role=role,
            name=name,
            title=title,
            affiliation=affiliation,
            group=group,
            position=position,
        )
    ReportFactory(session=session)
    compile_draft(edition)
    return build_document(edition)


EXPECTED = [
    "Friday 10 May 2024, 15:00–17:00 (Europe/Paris, CEST)",
    "Online",
    "Moderator: Nadia Benali (Dialogue Institute)",
    # The panel in its groups, each group once, in the order the session lists them.
    # (The PDF may hyphenate the line's end: the phrase stops before it.)
    "Member States' representatives: Carlos Ortega, Ambassador (Permanent Mission); "
    "Anna Kowalska, Counsellor",
    "Civil-society co-facilitators: Ruth Achieng (Women's Platform)",
    "Panelists: Lea Park (Youth Network)",
    "Interpretation: English; French; Spanish",
]


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_entry_names_format_moderator_panel_and_interpretation(document, fmt):
    text = _text(fmt, exporters.render(document, fmt))
    if fmt == "md":
        text = text.replace("**", "")
    flat = " ".join(text.split())
    for phrase in EXPECTED:
        assert phrase in flat, f"{phrase!r} missing from the {fmt}"


def test_compile_summary_on_the_demo_names_the_seed_sessions(db, tmp_path):
    call_command("load_demo", stdout=open(tmp_path / "demo.txt", "w"))  # noqa: SIM115
    out = tmp_path / "summary.md"
    call_command("compile_summary", "un-csc-2024", "--format", "md", "--output", str(out))
    text = " ".join(out.read_text().replace("\\", "").replace("**", "").split())
    assert "Just Institutions and the International Court of Justice" in text
    assert "CR-8" in text and "12:30–14:00" in text
    assert "The future of drug policy" in text and "times to be confirmed" in text
    assert "Civil society – Member States dialogue ahead of the migration review forum" in text
    for moderator in ("Jonas Lindqvist", "Elena Marković", "Nadia Benali"):
        assert f"Moderator: {moderator}" in text
    dialogue = text.split("Member States dialogue ahead of the migration review forum")[1]
    dialogue = dialogue.split("###")[0]
    assert "15:00–17:00 (Europe/Paris, CEST)" in dialogue and "Online" in dialogue
    assert "Interpretation: English; French; Spanish" in dialogue
    # The dialogue's two panel groups, as groups.
    assert "Civil-society co-facilitators: Ruth Achieng" in dialogue
    assert "Invited Member States' representatives: Carlos Ortega" in dialogue
    assert "Panelists:" not in dialogue
