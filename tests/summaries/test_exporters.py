"""Exports read back: python-docx for DOCX, pdftotext for PDF, a CommonMark parser for Markdown.
User text is data in every format, never markup."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from markdown_it import MarkdownIt

from summaries import exporters
from summaries.compiler import build_document, compile_draft
from summaries.enums import SessionKind
from tests.summaries.factories import ReportFactory, SessionFactory

HOSTILE = "<b>bold</b> **strong** _em_ [link](http://evil.example) <script>alert(1)</script> & | #"


def pdf_text(data: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (poppler-utils)")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def docx_paragraphs(data: bytes):
    return Document(io.BytesIO(data)).paragraphs


@pytest.fixture
def document(edition):
    kinds = [SessionKind.PLENARY, SessionKind.WORKSHOP, SessionKind.COALITION, SessionKind.DIALOGUE]
    for i, kind in enumerate(kinds):
        ReportFactory(
            session=SessionFactory(edition=edition, title=f"{kind.label} number {i}", kind=kind),
            key_messages=f"Key message {i} one\nKey message {i} two",
        )
    ReportFactory(
        session=SessionFactory(edition=edition, title=f"Hostile {HOSTILE}"),
        key_messages=f"# Not a heading\n2024. Not a list\n{HOSTILE}",
    )
    draft = compile_draft(edition)
    draft.introduction = "Welcome to the summary.\n\n> Not a quote"
    draft.cross_cutting = "Cross-cutting one"
    draft.save()
    return build_document(edition)


def _expected(document):
    titles = [e.title for e in document.entries()]
    messages = [m.text for e in document.entries() for m in e.key_messages]
    return titles, messages


def test_docx_has_every_title_and_key_message_with_real_styles(document):
    data = exporters.render(document, "docx")
    paragraphs = docx_paragraphs(data)
    by_style = {}
    for p in paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    titles, messages = _expected(document)
    assert by_style["Title"] == ["Co-Chairs' Summary"]
    assert by_style["Heading 2"] == titles
    assert set(messages) <= set(by_style["List Bullet"])
    assert by_style["Heading 1"][:3] == ["1. Introduction", "2. Plenary sessions", "3. Workshops"]
    assert "Annex I. List of sessions" in by_style["Heading 1"]
    # User markup is literal text in plain runs: nothing bold, nothing linked.
    hostile = [p for p in paragraphs if HOSTILE in p.text]
    assert hostile and all(not run.bold for p in hostile for run in p.runs)
    assert any(p.text == "# Not a heading" for p in paragraphs)
    table_text = [
        c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells
    ]
    assert f"Hostile {HOSTILE}" in table_text


def test_pdf_has_every_title_and_key_message_and_shows_markup_literally(document):
    data = exporters.render(document, "pdf")
    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data).split())
    titles, messages = _expected(document)
    for expected in titles + messages + ["Co-Chairs' Summary", "Test Conference", "Nairobi"]:
        assert " ".join(expected.split()) in text, expected
    assert "<script>alert(1)</script>" in text and "<b>bold</b>" in text
    assert "Annex II. ImPACT Coalitions formed" in text


def test_pdf_html_is_escaped(document):
    html = exporters.render_html(document)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_renders_user_text_literally(document):
    text = exporters.render(document, "md").decode("utf-8")
    html = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)
    titles, messages = _expected(document)
    assert text.startswith("# Co-Chairs' Summary\n")
    # The document's own structure is there …
    assert html.count("<h3>") == len(titles)
    assert "<h2>2. Plenary sessions</h2>" in html and "<table>" in html
    # … and user text produced no markup of its own.
    assert "<script>" not in html and "<b>" not in html
    assert "<strong>strong</strong>" not in html and "<em>em</em>" not in html
    assert 'href="http://evil.example"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<li># Not a heading</li>" in html and "<li>2024. Not a list</li>" in html
    assert "<blockquote>" not in html
    # Table rows keep their six cells despite the "|" in a title.
    row = next(r for r in html.split("<tr>") if "Hostile" in r and "<td>" in r)
    assert row.count("<td>") == 6 and "&amp; | #" in row


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_progress_is_reported_up_to_100(document, fmt):
    seen = []
    exporters.render(document, fmt, seen.append)
    assert seen[-1] == 100 and seen == sorted(seen)


def test_unknown_format_is_refused(document):
    with pytest.raises(ValueError, match="unknown export format"):
        exporters.render(document, "odt")


def test_control_characters_do_not_break_docx(edition):
    ReportFactory(session=SessionFactory(edition=edition), key_messages="Bell\x07 and tab\x0b gone")
    compile_draft(edition)
    data = exporters.render(build_document(edition), "docx")
    assert any(p.text == "Bell and tab gone" for p in docx_paragraphs(data))
