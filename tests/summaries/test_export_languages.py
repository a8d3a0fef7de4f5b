"""The Co-Chairs' Summary in English, French or Spanish: every heading, label and date in the
chosen language, the reports' texts as their writers typed them. Read back with python-docx,
pdftotext and as plain text."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from docx import Document

from summaries import export_jobs
from summaries.compiler import compile_draft
from summaries.enums import SessionKind
from summaries.models import SummaryExport
from summaries.tasks import run_export
from tests.summaries.factories import ReportFactory, SessionFactory
from tests.summaries.test_exporters import pdf_text

FRIDAY = datetime.date(2024, 5, 10)
# What each language must show, and English that must be gone from it.
EXPECTED = {
    "fr": [
        "Résumé des coprésidents",
        "Messages clés",
        "Recommandations transversales",
        "Annexe I. Liste des sessions",
        "Séances plénières",
        "vendredi 10 mai 2024",
    ],
    "es": [
        "Resumen de los copresidentes",
        "Mensajes clave",
        "Recomendaciones transversales",
        "Anexo I. Lista de sesiones",
        "Sesiones plenarias",
        "viernes 10 de mayo de 2024",
    ],
    "en": ["Co-Chairs' Summary", "Key messages", "Plenary sessions", "Friday 10 May 2024"],
}
ENGLISH = ["Key messages", "Cross-cutting recommendations", "Annex I", "Plenary sessions", "May"]
TYPED = ["Access to justice for all", "Courts must hear civil society."]


@pytest.fixture
def summary(edition):
    session = SessionFactory(edition=edition, title=TYPED[0], kind=SessionKind.PLENARY, date=FRIDAY)
    ReportFactory(session=session, key_messages=TYPED[1])
    compile_draft(edition)
    return edition


def _text(fmt: str, data: bytes) -> str:
    if fmt == "docx":
        doc = Document(io.BytesIO(data))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if fmt == "pdf":
        return " ".join(pdf_text(data).split())
    return data.decode("utf-8").replace("\\", "")


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
@pytest.mark.parametrize("language", ["fr", "es"])
def test_export_has_headings_and_dates_in_the_chosen_language(summary, fmt, language):
    _document, data = export_jobs.render_in(summary, fmt, language=language)
    text = _text(fmt, data)
    # The PDF sets some labels in capitals (CSS text-transform), and pdftotext reads them so.
    fold = str.casefold if fmt == "pdf" else str
    for phrase in EXPECTED[language] + TYPED:
        assert fold(phrase) in fold(text), f"{phrase!r} missing from the {language} {fmt}"
    for english in ENGLISH:
        assert english not in text, f"{english!r} left in English in the {language} {fmt}"


def test_english_export_is_unchanged(summary):
    _document, data = export_jobs.render_in(summary, "md", language="en")
    text = _text("md", data)
    for phrase in EXPECTED["en"] + TYPED:
        assert phrase in text


def test_unknown_language_is_refused(summary):
    with pytest.raises(ValueError, match="unknown language"):
        export_jobs.render_in(summary, "md", language="de")


def test_compile_summary_command_takes_the_language(summary, tmp_path):
    out = tmp_path / "summary.md"
    call_command(
        "compile_summary", summary.slug, "--format", "md", "--output", str(out), "--language", "es"
    )
    text = _text("md", out.read_bytes())
    assert "Anexo I. Lista de sesiones" in text and TYPED[1] in text


def test_the_task_renders_in_the_language_it_is_given(summary, organizer):
    # The language travels as a task argument, whatever language the worker runs in.
    export = SummaryExport.objects.create(edition=summary, format="md", version=1)
    assert run_export.apply(kwargs={"export_id": export.pk, "language": "fr"}).get() == "done"
    export.refresh_from_db()
    assert "Messages clés" in export.file.read().decode()


def test_organizer_picks_the_language_on_the_export_form(
    client, summary, organizer, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    page = client.get(f"/organizers/summaries/{summary.slug}/summary/")
    assert 'name="language"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/organizers/summaries/{summary.slug}/summary/export/",
            {"format": "docx", "language": "es", "confirmed": "on"},
        )
    assert response.status_code == 302
    export = SummaryExport.objects.get()
    assert (export.language, export.state) == ("es", "done")
    assert export.filename().endswith("-v1-es.docx")
    text = _text("docx", export.file.read())
    assert "Mensajes clave" in text and TYPED[1] in text


def test_export_form_refuses_an_unknown_language(client, summary, organizer):
    client.force_login(organizer)
    response = client.post(
        f"/organizers/summaries/{summary.slug}/summary/export/",
        {"format": "md", "language": "xx"},
        follow=True,
    )
    assert "English, French or Spanish" in response.content.decode()
    assert not SummaryExport.objects.exists()


def test_export_form_offers_the_organizers_language_first(client, summary, organizer):
    client.force_login(organizer)
    page = client.get(f"/organizers/summaries/{summary.slug}/summary/", HTTP_ACCEPT_LANGUAGE="fr")
    assert '<option value="fr" selected>' in page.content.decode()
