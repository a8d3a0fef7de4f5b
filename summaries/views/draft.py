"""The Co-Chairs' Summary draft: compile, edit, reorder, export and download."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impact.concurrency import EditToken, StaleEdit, fingerprint
from impact.models import ConferenceEdition
from impact.roles import organizer_required

from .. import export_jobs
from ..checks import export_problems
from ..compiler import KIND_ORDER, compile_draft
from ..enums import ExportState, SessionKind
from ..exporters import CONTENT_TYPES
from ..forms import DraftForm, EntryForm, ExportForm
from ..models import SummaryDraft, SummaryEntry, SummaryExport


def _draft(edition: ConferenceEdition) -> SummaryDraft:
    return SummaryDraft.objects.get_or_create(edition=edition)[0]


@dataclass
class OrderForm:
    """The order and selection of the draft's entries as one form (no JavaScript needed).

    It carries a token: a fingerprint of each position and flag the organizer saw. A save is
    refused when someone else changed any of them since (`stale`), and the page is shown again
    with the organizer's typed values kept, what changed listed, and a fresh token.
    """

    entries: list[SummaryEntry]
    posted: dict[str, str] | None = None
    errors: dict[int, str] = field(default_factory=dict)
    conflict: list[str] = field(default_factory=list)

    @staticmethod
    def values(entries: list[SummaryEntry]) -> dict[str, object]:
        values: dict[str, object] = {}
        for entry in entries:
            values[f"position-{entry.pk}"] = entry.position
            values[f"included-{entry.pk}"] = entry.included
        return values

    def token(self) -> str:
        return EditToken.of_values(self.values(self.entries)).encode()

    def shown(self) -> None:
        """Each entry's position and flag as the page shows them: typed, or stored."""
        for entry in self.entries:
            if self.posted is None:
                entry.shown_position, entry.shown_included = entry.position, entry.included
            else:
                entry.shown_position = self.posted.get(f"position-{entry.pk}", "")
                entry.shown_included = f"included-{entry.pk}" in self.posted
            entry.order_error = self.errors.get(entry.pk, "")

    def clean(self) -> dict[int, tuple[int, bool]]:
        """Position and flag per entry, from the posted form; `errors` filled when bad."""
        assert self.posted is not None
        cleaned: dict[int, tuple[int, bool]] = {}
        for entry in self.entries:
            raw = self.posted.get(f"position-{entry.pk}", "").strip()
            position = entry.position
            if raw:
                try:
                    position = int(raw)
                except ValueError:
                    self.errors[entry.pk] = _("Positions must be whole numbers.")
                    continue
                if position < 0 or position > 1_000_000:
                    self.errors[entry.pk] = _("Positions must be between 0 and 1000000.")
                    continue
            cleaned[entry.pk] = (position, f"included-{entry.pk}" in self.posted)
        return cleaned

    def stale(self) -> bool:
        """True (and `conflict` filled) when the stored order differs from what was opened."""
        assert self.posted is not None
        opened = EditToken.decode(self.posted.get("order_token"))
        if opened is None:
            return False
        stored = self.values(self.entries)
        changed = {
            int(key.partition("-")[2])
            for key, value in stored.items()
            if key in opened.opened and opened.opened[key] != fingerprint(value)
        }
        self.conflict = [str(entry.title) for entry in self.entries if entry.pk in changed]
        if self.conflict:
            self.keep_mine(opened, stored)
        return bool(self.conflict)

    def keep_mine(self, opened: EditToken, stored: dict[str, object]) -> None:
        """What the page shows again: the organizer's own changes, the stored values for the
        rest (so saving again keeps both organizers' changes)."""
        assert self.posted is not None
        cleaned = self.clean()
        merged: dict[str, str] = {"order_token": ""}
        for entry in self.entries:
            position, included = cleaned[entry.pk]
            mine = {f"position-{entry.pk}": position, f"included-{entry.pk}": included}
            for key, value in mine.items():
                if fingerprint(value) == opened.opened.get(key):
                    value = stored[key]
                if key.startswith("position-"):
                    merged[key] = str(value)
                elif value:
                    merged[key] = "on"
        self.posted = merged


def _entries(summary: SummaryDraft) -> list[SummaryEntry]:
    return list(summary.entries.select_related("session"))


def _page(
    request: HttpRequest,
    edition: ConferenceEdition,
    summary: SummaryDraft,
    *,
    form: DraftForm | None = None,
    order: OrderForm | None = None,
    status: int = 200,
) -> HttpResponse:
    form = form or DraftForm(instance=summary)
    order = order or OrderForm(_entries(summary))
    order.shown()
    # Grouped by kind as the document shows them.
    entries = sorted(
        order.entries, key=lambda e: (KIND_ORDER.get(e.session.kind, 99), e.position, e.pk)
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
            "order_token": order.token(),
            "order_conflict": order.conflict,
            "order_invalid": bool(order.errors),
            "exports": exports,
            "running": running,
            "export_form": _export_form(request),
            "problems": export_problems(edition),
        },
        status=400 if form.errors or order.errors else status,
    )


def _export_form(request: HttpRequest) -> ExportForm:
    """The export's choices: the language and format chosen before the check before export
    sent the organizer back (kept in the address), else the language they read the site in."""
    chosen = ExportForm(request.GET)
    chosen.is_valid()
    kept = getattr(chosen, "cleaned_data", {})
    return ExportForm(
        initial={
            "language": kept.get("language") or get_language(),
            "format": kept.get("format") or "",
        }
    )


@organizer_required
def draft(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    summary = _draft(edition)
    if request.method != "POST":
        return _page(request, edition, summary)
    form = DraftForm(request.POST, instance=summary)
    if not form.is_valid():
        return _page(request, edition, summary, form=form)
    try:
        form.save_checked(actor=request.user)
    except StaleEdit:
        return _page(request, edition, summary, form=form.reopen(_draft(edition)), status=409)
    messages.success(request, _("Summary text saved."))
    return redirect("summaries:draft", slug=edition.slug)


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
    """Positions and the left-out flag of every entry, from one form (no JavaScript needed);
    refused, with the typed values kept, when someone else changed them meanwhile."""
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    summary = _draft(edition)
    with transaction.atomic():
        # Locked: of two saves of the same opened order, the second sees the first's.
        entries = list(summary.entries.select_related("session").select_for_update(of=("self",)))
        order = OrderForm(entries, posted=request.POST.dict())
        cleaned = order.clean()
        if order.errors:
            return _page(request, edition, summary, order=order)
        if order.stale():
            messages.error(
                request,
                _(
                    "Someone else changed the order or selection since you opened this page. "
                    "Nothing was saved: your choices are below; check them and save again."
                ),
            )
            return _page(request, edition, summary, order=order, status=409)
        changed_order = False
        for entry in entries:
            position, included = cleaned[entry.pk]
            changed_order |= position != entry.position
            entry.position, entry.included = position, included
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
    if not form.cleaned_data["confirmed"] and export_problems(edition):
        messages.error(
            request,
            _(
                "The check before export lists problems: fix them, or tick “Export anyway” "
                "to export with them."
            ),
        )
        # Back to the check, with the language and format chosen still chosen.
        kept = urlencode(
            {"language": form.cleaned_data["language"], "format": form.cleaned_data["format"]}
        )
        url = reverse("summaries:draft", args=[edition.slug])
        return redirect(f"{url}?{kept}#export-check")
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
