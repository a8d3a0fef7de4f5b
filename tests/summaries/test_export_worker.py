"""A large export runs on a real Celery worker (PostgreSQL + Redis); the row records progress."""

import pytest

from summaries import export_jobs
from summaries.compiler import compile_draft
from summaries.enums import ExportState
from summaries.models import SummaryExport
from tests.conftest import wait_for
from tests.summaries.factories import ReportFactory, SessionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_export_runs_on_a_worker_and_stores_the_file(start_worker, edition, organizer, tmp_path):
    for i in range(40):
        ReportFactory(session=SessionFactory(edition=edition, title=f"Worker session {i:02d}"))
    compile_draft(edition)
    media = tmp_path / "worker-media"
    start_worker(MEDIA_ROOT=str(media))
    export = export_jobs.request_export(edition, "pdf", actor=organizer)
    seen = set()

    def finished():
        export.refresh_from_db()
        seen.add((export.state, export.progress))
        return export.state in (ExportState.DONE, ExportState.FAILED)

    wait_for(finished, timeout=90, interval=0.05, message="the worker did not finish the export")
    assert export.state == ExportState.DONE, export.error
    assert export.sessions == 40 and export.size > 0
    assert (media / export.file.name).read_bytes().startswith(b"%PDF")
    assert SummaryExport.objects.get().version == 1


def test_worker_produces_the_export_in_the_requested_language(
    start_worker, edition, organizer, tmp_path
):
    ReportFactory(session=SessionFactory(edition=edition, title="Atelier sur la justice"))
    compile_draft(edition)
    media = tmp_path / "worker-media"
    start_worker(MEDIA_ROOT=str(media))
    export = export_jobs.request_export(edition, "md", actor=organizer, language="fr")

    def finished():
        export.refresh_from_db()
        return export.state in (ExportState.DONE, ExportState.FAILED)

    wait_for(finished, timeout=60, interval=0.1, message="the worker did not finish the export")
    assert export.state == ExportState.DONE, export.error
    text = (media / export.file.name).read_text()
    assert "Messages clés" in text and "Atelier sur la justice" in text
