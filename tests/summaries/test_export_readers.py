"""The Co-Chairs' Summary as its readers' tools see it: the PDF tagged, titled and in its
language (read by poppler's pdfinfo), the DOCX in its language with its own properties (read
from the XML inside the .docx), and the lists a report's writer typed kept as lists in every
format."""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from markdown_it import MarkdownIt

from impact.models import ConferenceEdition
from summaries import export_jobs, exporters
from summaries.compiler import build_document, compile_draft
from tests.summaries.factories import ReportFactory, SessionFactory
from tests.summaries.test_exporters import pdf_text

TITLES = {
    "en": "Co-Chairs' Summary — 2024 UN Civil Society Conference",
    "fr": "Résumé des coprésidents — 2024 UN Civil Society Conference",
    "es": "Resumen de los copresidentes — 2024 UN Civil Society Conference",
}
LISTED = "1. First numbered\n2. Second numbered\n* A starred bullet\n- A dashed bullet\n3) Third"


def pdfinfo(path, *options: str) -> str:
    if not shutil.which("pdfinfo"):
        if os.environ.get("IMPACT_STRICT_TESTS") == "1":
            pytest.fail("strict mode: needs pdfinfo (poppler-utils)", pytrace=False)
        pytest.skip("needs pdfinfo (poppler-utils)")
    result = subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


@pytest.fixture
def demo(db, tmp_path) -> ConferenceEdition:
    with open(tmp_path / "demo.txt", "w") as out:
        call_command("load_demo", stdout=out)
    return ConferenceEdition.objects.get(slug="un-csc-2024")


def compile_summary(tmp_path, fmt: str, language: str):
    path = tmp_path / f"summary-{language}.{fmt}"
    args = ["un-csc-2024", "--format", fmt, "--output", str(path), "--language", language]
    call_command("compile_summary", *args, stderr=io.StringIO())
    return path


def test_demo_pdf_is_tagged_titled_and_in_its_language(demo, tmp_path):
    for language in ("en", "fr", "es"):
        path = compile_summary(tmp_path, "pdf", language)
        info = pdfinfo(path)
        assert "Tagged:          yes" in info, language
        assert f"Title:           {TITLES[language]}" in info
        assert "Author:          ImPACT Hub" in info
        metadata = pdfinfo(path, "-meta")
        assert f"<dc:language><rdf:Bag><rdf:li>{language}</rdf:li>" in metadata
        assert 'pdfuaid:part="1"' in metadata
        # The structure tree a screen reader walks: headings, lists and tables.
        structure = pdfinfo(path, "-struct")
        for tag in ("H1", "H2", "H3", "L", "LI", "Table", "TH"):
            assert f" {tag} " in structure or f" {tag}\n" in structure, (language, tag)


def test_untagged_pdf_would_be_caught(demo, tmp_path):
    """The check above reads pdfinfo's real answer: an untagged PDF says "no"."""
    from weasyprint import HTML

    path = tmp_path / "plain.pdf"
    HTML(string="<html lang='fr'><title>Plain</title><p>Plain</p></html>").write_pdf(path)
    assert "Tagged:          no" in pdfinfo(path)


def docx_xml(path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


def test_demo_docx_in_french_declares_its_language_and_its_own_properties(demo, tmp_path):
    path = compile_summary(tmp_path, "docx", "fr")
    styles = docx_xml(path, "word/styles.xml")
    defaults = styles[styles.index("<w:docDefaults>") : styles.index("</w:docDefaults>")]
    assert 'w:lang w:val="fr-FR"' in defaults
    assert 'w:val="en-US"' not in styles.replace('w:eastAsia="en-US"', "")
    # Every paragraph and character style names the language, the headings included.
    assert styles.count('<w:lang w:val="fr-FR"/>') >= styles.count('w:type="paragraph"')
    assert 'w:themeFontLang w:val="fr-FR"' in docx_xml(path, "word/settings.xml")

    properties = Document(str(path)).core_properties
    assert properties.title == TITLES["fr"]
    assert properties.author == properties.last_modified_by == "ImPACT Hub"
    assert properties.language == "fr-FR"
    today = timezone.now().date()
    assert properties.created.date() == properties.modified.date() == today
    assert (properties.comments, properties.keywords) == ("", "")
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        leftovers = b"".join(package.read(n) for n in names if n.startswith("docProps/"))
    assert b"python-docx" not in leftovers and b"2013" not in leftovers
    assert b"Microsoft Macintosh Word" not in leftovers
    assert "docProps/thumbnail.jpeg" not in names


@pytest.mark.parametrize(("language", "tag"), [("en", "en-GB"), ("es", "es-ES")])
def test_docx_language_follows_the_export_language(edition, language, tag):
    ReportFactory(session=SessionFactory(edition=edition))
    compile_draft(edition)
    _document, data = export_jobs.render_in(edition, "docx", language=language)
    assert f'<w:lang w:val="{tag}"/>' in zipfile.ZipFile(io.BytesIO(data)).read(
        "word/styles.xml"
    ).decode("utf-8")


@pytest.fixture
def listed(edition):
    """Two sessions whose writers typed lists: the second's numbers restart at 1."""
    first = SessionFactory(edition=edition, title="First", date=datetime.date(2024, 5, 9))
    second = SessionFactory(edition=edition, title="Second", date=datetime.date(2024, 5, 10))
    ReportFactory(session=first, recommendations=LISTED)
    ReportFactory(session=second, recommendations="1. Again one\n2. Again two")
    draft = compile_draft(edition)
    draft.cross_cutting = "1. Across one\n2. Across two"
    draft.save()
    return edition


def test_docx_keeps_typed_lists_as_list_styles_each_numbered_on_its_own(listed):
    _document, data = export_jobs.render_in(listed, "docx", language="en")
    doc = Document(io.BytesIO(data))
    numbering = doc.part.numbering_part.element
    rows = {}
    for paragraph in doc.paragraphs:
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        num_id = num_pr.numId.val if num_pr is not None else None
        rows[paragraph.text] = (paragraph.style.name, num_id)
    for text in ("First numbered", "Second numbered", "Third", "Again one", "Across two"):
        assert rows[text][0] == "List Number", text
    assert rows["A starred bullet"] == rows["A dashed bullet"] == ("List Bullet", None)
    # One numbering per list, each starting where its writer started it.
    assert rows["First numbered"][1] == rows["Second numbered"][1]
    ids = [rows[text][1] for text in ("First numbered", "Third", "Again one", "Across one")]
    assert len(set(ids)) == 4
    starts = [
        numbering.num_having_numId(num_id).xpath("./w:lvlOverride/w:startOverride/@w:val")
        for num_id in ids
    ]
    assert starts == [["1"], ["3"], ["1"], ["1"]]


def test_pdf_keeps_typed_lists_as_numbered_and_bulleted_lists(listed):
    html = exporters.render_html(build_document(listed))
    assert '<ol start="1"><li>First numbered</li><li>Second numbered</li></ol>' in html
    assert "<ul><li>A starred bullet</li><li>A dashed bullet</li></ul>" in html
    assert '<ol start="3" style="counter-reset: list-item 2"><li>Third</li></ol>' in html
    _document, data = export_jobs.render_in(listed, "pdf", language="en")
    lines = [" ".join(line.split()) for line in pdf_text(data).splitlines()]
    for expected in ("1. First numbered", "2. Second numbered", "• A starred bullet", "3. Third"):
        assert expected in lines, expected
    assert "1. Again one" in lines and "2. Across two" in lines


def test_markdown_keeps_typed_lists_with_their_markers(listed):
    _document, data = export_jobs.render_in(listed, "md", language="en")
    text = data.decode("utf-8")
    assert (
        "1. First numbered\n2. Second numbered\n\n* A starred bullet\n* A dashed bullet\n" in text
    )
    assert "\n3. Third\n" in text and "1. Across one\n2. Across two\n" in text
    html = MarkdownIt("commonmark").render(text)
    assert "<ol>\n<li>First numbered</li>\n<li>Second numbered</li>\n</ol>" in html
    assert "<ul>\n<li>A starred bullet</li>\n<li>A dashed bullet</li>\n</ul>" in html
    assert '<ol start="3">\n<li>Third</li>\n</ol>' in html
