"""The demo loader: the 2024 sessions with accepted reports, idempotent, compiles at once."""

from django.core.management import call_command

from summaries.compiler import build_document
from summaries.enums import SessionFormat
from summaries.models import Session, SessionReport


def test_demo_sessions_load_twice_and_compile(db, tmp_path):
    call_command("load_demo", stdout=open(tmp_path / "out.txt", "w"))
    call_command("load_demo", stdout=open(tmp_path / "out.txt", "w"))
    sessions = Session.objects.filter(edition__slug="un-csc-2024")
    assert sessions.count() == 7
    coalition = sessions.filter(kind="coalition_session", date="2024-05-10")
    assert {(s.format, s.room) for s in coalition} >= {
        (SessionFormat.HYBRID, "CR-7"),
        (SessionFormat.HYBRID, "CR-8"),
    }
    cr8 = coalition.get(room="CR-8")
    assert (cr8.starts_at.isoformat(), cr8.ends_at.isoformat()) == ("12:30:00", "14:00:00")
    dialogue = sessions.get(kind="dialogue")
    assert dialogue.format == SessionFormat.ONLINE and dialogue.interpretation == ["en", "fr", "es"]
    assert {p.role for p in dialogue.participants.all()} == {"moderator", "panelist"}
    assert SessionReport.objects.filter(status="accepted").count() == 6
    document = build_document(sessions.first().edition)
    assert document.total_entries == 6 and document.introduction
