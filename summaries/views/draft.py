"""The Co-Chairs' Summary draft: compile, edit, reorder, export and download."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impact.concurrency import StaleEdit
from impact.models import ConferenceEdition
from impact.roles import organizer_required

from .. import export_jobs
from ..compiler import KIND_ORDER, compile_draft
from ..enums import ExportState, SessionKind
from ..exporters import CONTENT_TYPES
from ..forms import DraftForm, EntryForm, ExportForm
from ..models import SummaryDraft, SummaryEntry, SummaryExport


def _draft(edition: ConferenceEdition) -> SummaryDraft:
    return SummaryDraft.objects.get_or_create(edition=edition)[0]


@organizer_required
def draft(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    summary = _draft(edition)
    form, status = DraftForm(instance=summary), 200
    if request.method == "POST":
        form = DraftForm(request.POST, instance=summary)
        if form.is_valid():
            try:
                form.save_checked(actor=request.user)
            except StaleEdit:
                form, status = form.reopen(_draft(edition)), 409
            else:
                messages.success(request, _("Summary text saved."))
                return redirect("summaries:draft", slug=edition.slug)
    # Entries with their sessions in one query, grouped by kind as the document shows them.
    entries = sorted(
        summary.entries.select_related("session"),
        key=lambda e: (KIND_ORDER.get(e.session.kind, 99), e.position, e.pk),
    )
    titles = SessionKind.section_titles()
    sections: dict[str, list[SummaryEntry]] = {}
    for entry in entries:
        sections.setdefault(str(titles[entry.session.kind]), []).append(entry)
    exports = list(SummaryExport.objects.filter(edition=edition).select_related("created_by")[:20])
    running = any(export.is_unfinished for export in exports)
    return render(
        request,
        "summaries/organizers/draft.html",
        {
            "edition": edition,
            "draft": summary,
            "form": form,
            "sections": sections,
            "entry_count": len(entries),
            "exports": exports,
            "running": running,
            "export_form": ExportForm(initial={"language": get_language()}),
        },
        status=400 if form.errors else status,
    )


@require_POST
@organizer_required
def compile_view(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    summary = compile_draft(edition, actor=request.user)
    count = summary.entries.count()
    messages.success(
        request,
        ngettext(
            "Compiled: %(n)d session with an accepted report.",
            "Compiled: %(n)d sessions with an accepted report.",
            count,
        )
        % {"n": count},
    )
    return redirect("summaries:draft", slug=edition.slug)


@require_POST
@organizer_required
def save_order(request: HttpRequest, slug: str) -> HttpResponse:
    """Positions and the left-out flag of every entry, from one form (no JavaScript needed)."""
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    summary = _draft(edition)
    entries = list(summary.entries.all())
    changed_order = False
    for entry in entries:
        raw = request.POST.get(f"position-{entry.pk}", "").strip()
        if raw:
            try:
                position = int(raw)
            except ValueError:
                messages.error(request, _("Positions must be whole numbers."))
                return redirect("summaries:draft", slug=edition.slug)
            if position < 0 or position > 1_000_000:
                messages.error(request, _("Positions must be between 0 and 1000000."))
                return redirect("summaries:draft", slug=edition.slug)
            changed_order |= position != entry.position
            entry.position = position
        entry.included = f"included-{entry.pk}" in request.POST
    SummaryEntry.objects.bulk_update(entries, ["position", "included"], batch_size=500)
    if changed_order and not summary.reordered:
        summary.reordered = True
        summary.save(update_fields=["reordered", "updated_at"])
    messages.success(request, _("Order and selection saved."))
    return redirect("summaries:draft", slug=edition.slug)


@organizer_required
def edit_entry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    entry = get_object_or_404(
        SummaryEntry.objects.select_related("session"), pk=pk, draft__edition=edition
    )
    form, status = EntryForm(instance=entry), 200
    if request.method == "POST":
        form = EntryForm(request.POST, instance=entry)
        if form.is_valid():
            # Saved unchanged, an entry is no more the organizers' than it was.
            changed = set(form.changed_data) & set(form.versioned_fields())
            form.instance.edited = form.instance.edited or bool(changed)
            try:
                form.save_checked(actor=request.user)
            except StaleEdit:
                form, status = form.reopen(SummaryEntry.objects.get(pk=entry.pk)), 409
            else:
                messages.success(request, _("Session text saved; recompiling keeps it."))
                return redirect("summaries:draft", slug=edition.slug)
    return render(
        request,
        "summaries/organizers/entry.html",
        {"edition": edition, "entry": entry, "form": form},
        status=400 if form.errors else status,
    )


@require_POST
@organizer_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose DOCX, PDF or Markdown, and English, French or Spanish."))
        return redirect("summaries:draft", slug=edition.slug)
    job = export_jobs.request_export(
        edition,
        form.cleaned_data["format"],
        actor=request.user,
        # Without a choice, the language the organizer is using the site in.
        language=form.cleaned_data["language"] or get_language(),
    )
    messages.info(
        request,
        _("Export %(format)s version %(version)d (%(language)s) requested.")
        % {
            "format": job.get_format_display(),
            "version": job.version,
            "language": job.get_language_display(),
        },
    )
    return redirect(reverse("summaries:draft", args=[edition.slug]) + "#exports")


@organizer_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    job = SummaryExport.objects.filter(pk=pk, state=ExportState.DONE).select_related("edition")
    job = job.first()
    if job is None or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename(),
        content_type=CONTENT_TYPES[job.format],
    )
