"""The Co-Chairs' Summary as a Word document with real styles (Title, Heading 1–3, List Bullet,
List Number, tables), a title page, and page numbers in the footer.

The document declares its language (spell checkers and screen readers follow it) and carries its
own properties: its title, the site as author, created and modified now. Nothing is left of
python-docx's template (its author, comments and 2013 dates)."""

from __future__ import annotations

from typing import BinaryIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .compiler import SummaryDocument
from .layout import (
    PointList,
    annex_headings,
    coalition_columns,
    document_title,
    entry_meta,
    labelled_blocks,
    numbered_headings,
    point_lists,
    report_progress,
    session_columns,
)

BLUE = RGBColor(0x0B, 0x5E, 0xA8)
DARK = RGBColor(0x08, 0x3F, 0x73)
GREY = RGBColor(0x52, 0x60, 0x6D)
FONT = "Arial"
# The language tag Word expects for each site language; English as the UN writes it.
LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}
APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>{application}</Application></Properties>"
)
# What follows <w:lang> in a run's properties (the schema's order).
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def language_tag(language: str | None) -> str:
    return LANGUAGE_TAGS.get((language or "en").split("-")[0], "en-GB")


def _set_language(rpr, tag: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *_AFTER_LANG)
    lang.set(qn("w:val"), tag)


def _declare_language(doc, tag: str) -> None:
    """`tag` on the document defaults, every style and the theme's fonts: Word then checks
    spelling, and reads aloud, in the document's language."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_language(rpr, tag)
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) in ("paragraph", "character", "table"):
            _set_language(style.get_or_add_rPr(), tag)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)
    # The template claims its spelling was checked; this document's has not been.
    for proof in doc.settings.element.findall(qn("w:proofState")):
        doc.settings.element.remove(proof)


def _set_properties(doc, document: SummaryDocument, tag: str) -> None:
    """Replace every core property the template carried ("python-docx", 2013 dates)."""
    now = timezone.now().replace(microsecond=0)
    properties = doc.core_properties
    properties.title = document_title(document)
    properties.subject = document.edition
    properties.author = properties.last_modified_by = settings.SITE_NAME
    properties.created = properties.modified = now
    properties.comments = properties.keywords = properties.category = ""
    properties.language = tag
    properties.revision = 1
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of the template's empty page
            package.rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:  # "Microsoft Macintosh Word", page counts
            rel.target_part._blob = APP_PROPERTIES.format(
                application=escape(settings.SITE_NAME)
            ).encode("utf-8")


def _style_document(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size, colour in (
        ("Title", 30, DARK),
        ("Subtitle", 15, GREY),
        ("Heading 1", 16, DARK),
        ("Heading 2", 13, BLUE),
        ("Heading 3", 11, DARK),
    ):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        # East-Asian and complex-script fonts too, or Word falls back to the theme font.
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2.2)


def _page_number_footer(section, label: str) -> None:
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(f"{label} — ")
    run.font.size, run.font.color.rgb = Pt(8.5), GREY
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    paragraph._p.append(field)


def _title_page(doc, document: SummaryDocument) -> None:
    for _i in range(6):
        doc.add_paragraph()
    kicker = doc.add_paragraph()
    run = kicker.add_run(document.edition.upper())
    run.font.size, run.font.color.rgb, run.bold = Pt(11), BLUE, True
    doc.add_paragraph(document.title, style="Title")
    where = ", ".join(part for part in (document.city, document.dates) if part)
    doc.add_paragraph(where, style="Subtitle")
    for _i in range(14):
        doc.add_paragraph()
    produced = doc.add_paragraph()
    run = produced.add_run(
        _("Compiled from the session reports on %(date)s") % {"date": document.produced_on}
    )
    run.font.size, run.font.color.rgb = Pt(9), GREY


class _Styles:
    """Paragraph styles resolved once: python-docx looks a style name up by scanning every
    style, which made a 300-session document take seconds per hundred paragraphs."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.ids = {
            name: doc.styles[name].style_id
            for name in ("List Bullet", "List Number", "Heading 1", "Heading 2", "Heading 3")
        }
        self.numbering = doc.part.numbering_part.element
        number_style = doc.styles["List Number"].element
        self.number_abstract = self.numbering.num_having_numId(
            number_style.pPr.numPr.numId.val
        ).abstractNumId.val

    def add(self, text: str, style: str):
        paragraph = self.doc.add_paragraph(text)
        paragraph._p.style = self.ids[style]
        return paragraph

    def heading(self, text: str, level: int):
        return self.add(text, f"Heading {level}")

    def numbering_from(self, start: int) -> int:
        """A new numbering of the List Number style restarting at `start`: each numbered
        list counts on its own instead of continuing the previous one."""
        num = self.numbering.add_num(self.number_abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId


def _lists(styles: _Styles, lists: list[PointList]) -> None:
    for points in lists:
        if not points.numbered:
            for item in points.items:
                styles.add(item, "List Bullet")
            continue
        num_id = styles.numbering_from(points.start)
        for item in points.items:
            numbering = styles.add(item, "List Number")._p.get_or_add_pPr().get_or_add_numPr()
            numbering.get_or_add_ilvl().val = 0
            numbering.get_or_add_numId().val = num_id


def _table(doc, columns: list[str], rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, columns, strict=True):
        cell.text = heading
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)


def _entry(doc, styles: _Styles, entry) -> None:
    """One session's entry: its heading, meta line, people, coalition and labelled blocks."""
    styles.heading(entry.title, level=2)
    meta = doc.add_paragraph()
    run = meta.add_run(entry_meta(entry))
    run.italic, run.font.color.rgb, run.font.size = True, GREY, Pt(9.5)
    for label, text in entry.people:
        line = doc.add_paragraph()
        line.paragraph_format.space_after = Pt(2)
        line.add_run(f"{label}: ").bold = True
        line.add_run(text)
    if entry.coalition:
        doc.add_paragraph(_("ImPACT Coalition: %(title)s") % {"title": entry.coalition})
    for label, lists in labelled_blocks(entry):
        styles.heading(label, level=3)
        _lists(styles, lists)


def write_docx(document: SummaryDocument, out: BinaryIO, progress=None) -> None:
    doc = Document()
    _style_document(doc)
    tag = language_tag(get_language())
    _declare_language(doc, tag)
    _set_properties(doc, document, tag)
    _title_page(doc, document)

    styles = _Styles(doc)
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_number_footer(body, document_title(document))
    headings = dict(numbered_headings(document))
    styles.heading(headings["introduction"], level=1)
    for paragraph in document.introduction or [_("No introduction has been written yet.")]:
        doc.add_paragraph(paragraph)

    total, done = max(document.total_entries, 1), 0
    for section in document.sections:
        styles.heading(headings[f"section-{section.kind}"], level=1)
        for entry in section.entries:
            _entry(doc, styles, entry)
            done += 1
            report_progress(progress, 85 * done // total)

    styles.heading(headings["cross-cutting"], level=1)
    if document.cross_cutting:
        _lists(styles, point_lists(document.cross_cutting))
    else:
        doc.add_paragraph(_("None recorded."))

    annex_sessions, annex_coalitions = annex_headings()
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    styles.heading(annex_sessions, level=1)
    _table(
        doc,
        session_columns(),
        [(r.date, r.time, r.title, r.kind, r.format, r.room) for r in document.sessions],
    )
    styles.heading(annex_coalitions, level=1)
    if document.coalitions:
        _table(
            doc,
            coalition_columns(),
            [(c.title, "; ".join(c.leads), "; ".join(c.members)) for c in document.coalitions],
        )
    else:
        doc.add_paragraph(_("No coalition has been published in the hub yet."))
    report_progress(progress, 95)
    doc.save(out)
    report_progress(progress, 100)
