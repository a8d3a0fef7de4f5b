"""Producing export files: a versioned `SummaryExport` row per request, filled by a Celery task
that stores its progress on the row so the page can show it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from impact.celery import app
from impact.models import ConferenceEdition

from . import exporters, webhook_events
from .compiler import SummaryDocument, build_document
from .enums import ExportFormat, ExportState
from .models import SummaryDraft, SummaryExport

log = logging.getLogger(__name__)
# Enqueued by name: the task module imports this one, not the other way round.
RUN_EXPORT = "summaries.run_export"
# Progress is written at most every this many percent: a few UPDATEs per export, not hundreds.
PROGRESS_STEP = 10
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def render_in(
    edition: ConferenceEdition, fmt: str, *, language: str, progress=None
) -> tuple[SummaryDocument, bytes]:
    """The edition's summary as `fmt` bytes, every heading, label and date in `language`.

    Texts people wrote (titles, key messages, the introduction) are kept as typed.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {LANGUAGES}")
    with translation.override(language):
        document = build_document(edition)
        return document, exporters.render(document, fmt, progress)


def request_export(
    edition: ConferenceEdition, fmt: str, *, actor, language: str = "en"
) -> SummaryExport:
    """Create the next version of `fmt` for `edition` and queue the task that produces it.

    Side effects: inserts a `SummaryExport` (state queued, in `language`); on commit, enqueues
    `summaries.run_export` with the export's id and language (it runs at once when Celery is
    eager).
    """
    if fmt not in ExportFormat.values:
        raise ValueError(f"unknown export format {fmt!r}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    with transaction.atomic():
        # Lock the draft so two requests at once get different version numbers.
        draft, _created = SummaryDraft.objects.get_or_create(edition=edition)
        SummaryDraft.objects.select_for_update().filter(pk=draft.pk).first()
        latest = SummaryExport.objects.filter(edition=edition, format=fmt).aggregate(
            latest=Max("version")
        )["latest"]
        export = SummaryExport.objects.create(
            edition=edition,
            format=fmt,
            version=(latest or 0) + 1,
            language=language,
            created_by=actor if actor and actor.is_authenticated else None,
        )
        transaction.on_commit(lambda: _enqueue(export.pk, language))
    return export


def _enqueue(export_id: int, language: str) -> None:
    try:
        app.signature(
            RUN_EXPORT, kwargs={"export_id": export_id, "language": language}
        ).apply_async(retry=False)
    except Exception as exc:  # noqa: BLE001 - a broker outage must not break the page
        log.warning("could not enqueue export %s: %s", export_id, exc)
        SummaryExport.objects.filter(pk=export_id, state=ExportState.QUEUED).update(
            state=ExportState.FAILED, error=f"Could not queue the export: {exc}"[:500]
        )


def produce(export_id: int, language: str | None = None) -> str:
    """Build the document and render the file of export `export_id` in `language` (the
    export's own when not given), recording progress."""
    export = SummaryExport.objects.filter(pk=export_id).select_related("edition").first()
    if export is None:
        log.info("export %s is gone", export_id)
        return "gone"
    if export.state == ExportState.DONE:
        return "done"
    rows = SummaryExport.objects.filter(pk=export.pk)
    rows.update(state=ExportState.RUNNING, progress=1, error="")
    last = [0]

    def progress(percent: int) -> None:
        if percent >= last[0] + PROGRESS_STEP and percent < 100:
            last[0] = percent
            rows.update(progress=percent)

    try:
        document, data = render_in(
            export.edition, export.format, language=language or export.language, progress=progress
        )
        export.file.save(export.filename(), ContentFile(data), save=False)
    except Exception as exc:
        log.exception("export %s failed", export.pk)
        rows.update(state=ExportState.FAILED, error=f"{type(exc).__name__}: {exc}"[:1000])
        return "failed"
    export.state = ExportState.DONE
    export.progress = 100
    export.size = len(data)
    export.sessions = document.total_entries
    export.finished_at = timezone.now()
    with transaction.atomic():
        export.save(update_fields=["file", "state", "progress", "size", "sessions", "finished_at"])
        webhook_events.summary_exported(export)
    return "done"
