"""The Co-Chairs' Summary as a tagged PDF (PDF/UA-1, made by WeasyPrint from printable HTML).

Tagged, a screen reader finds the headings, lists and tables in reading order; the document
declares its language (the catalogue's /Lang and the XMP metadata's dc:language), its title and
its author, so a reader's tools announce them instead of a file name.
"""

from __future__ import annotations

from xml.etree.ElementTree import SubElement, fromstring, tostring

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from .compiler import SummaryDocument
from .layout import (
    Progress,
    annex_headings,
    coalition_columns,
    document_title,
    labelled_blocks,
    numbered_headings,
    point_lists,
    report_progress,
    session_columns,
)

# PDF/UA-1 turns on tagging (the structure tree, /MarkInfo, DisplayDocTitle) and writes the
# PDF/UA identification into the XMP metadata.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"


def render_html(document: SummaryDocument) -> str:
    """The printable HTML the PDF is made from (autoescaped by the template engine)."""
    annex_sessions, annex_coalitions = annex_headings()
    headings = dict(numbered_headings(document))
    now = timezone.now().replace(microsecond=0).isoformat()
    sections = [
        (
            headings[f"section-{s.kind}"],
            s.kind,
            [(entry, labelled_blocks(entry)) for entry in s.entries],
        )
        for s in document.sections
    ]
    return render_to_string(
        "summaries/export/summary.html",
        {
            "doc": document,
            "LANGUAGE_CODE": get_language(),
            "document_title": document_title(document),
            "author": settings.SITE_NAME,
            "created": now,
            "intro_heading": headings["introduction"],
            "cross_heading": headings["cross-cutting"],
            "cross_cutting": point_lists(document.cross_cutting),
            "sections": sections,
            "contents": numbered_headings(document),
            "annex_sessions": annex_sessions,
            "annex_coalitions": annex_coalitions,
            "session_columns": session_columns(),
            "coalition_columns": coalition_columns(),
        },
    )


def _with_language(metadata_class, lang: str):
    """WeasyPrint's metadata class, also writing `lang` as the XMP's dc:language (the
    catalogue's /Lang comes from <html lang>, but pdfinfo and asset managers read the XMP)."""

    class WithLanguage(metadata_class):
        def generate_rdf_metadata(self, *args, **kwargs):
            rdf = fromstring(super().generate_rdf_metadata(*args, **kwargs))
            description = SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
            bag = SubElement(SubElement(description, f"{{{DC}}}language"), f"{{{RDF}}}Bag")
            SubElement(bag, f"{{{RDF}}}li").text = lang
            return tostring(rdf, encoding="utf-8")

    return WithLanguage


def render_pdf(document: SummaryDocument, progress: Progress = None) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango is slow and only PDFs need it

    html = render_html(document)
    report_progress(progress, 10)
    rendered = HTML(string=html, base_url=None).render(**PDF_OPTIONS)
    metadata = rendered.metadata
    if metadata.lang:
        rendered.metadata = _with_language(type(metadata), metadata.lang)(**vars(metadata))
    report_progress(progress, 80)
    data = rendered.write_pdf(**PDF_OPTIONS)
    report_progress(progress, 100)
    return data
