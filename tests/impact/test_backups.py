"""`manage.py backup` / `manage.py restore` (`make backup`, `make restore`): a dump restored
into a fresh PostgreSQL database holds the same proposals, members, reports and outbox, and
the generated files come back."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from coalitions.models import Proposal, ProposalMember
from impact.models import Notification
from summaries.models import SessionReport
from tests.conftest import seed_migration_data
from tests.factories import OrganizationFactory, ProposalFactory, ProposalMemberFactory
from tests.summaries.factories import ReportFactory

MODELS = [Proposal, ProposalMember, SessionReport, Notification]
# pg_dump reads committed rows only, hence transactional tests; each starts by seeding again
# the reference data an earlier transactional test may have flushed.


@pytest.fixture
def seeded(transactional_db):
    seed_migration_data()


def _connect(name: str):
    params = connection.settings_dict
    return psycopg2.connect(
        dbname=name,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    )


@contextmanager
def fresh_database():
    """A new, empty database with a unique name, dropped afterwards."""
    name = f"impact_restore_{uuid.uuid4().hex[:12]}"
    admin = _connect("postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def _rows(cursor, model) -> list[tuple]:
    """Every row of `model`'s table as PostgreSQL's own JSON text (the same on both sides,
    whichever client decodes it)."""
    cursor.execute(f'SELECT row_to_json(t)::text FROM "{model._meta.db_table}" t ORDER BY t.id')
    return cursor.fetchall()


def _url(name: str) -> str:
    p = connection.settings_dict
    auth = p["USER"] + (f":{p['PASSWORD']}" if p["PASSWORD"] else "")
    return f"postgres://{auth}@{p['HOST'] or 'localhost'}:{p['PORT'] or 5432}/{name}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_the_same_rows_and_files(settings, tmp_path, seeded, edition, owner):
    settings.MEDIA_ROOT = tmp_path / "media"
    for n in range(3):
        proposal = ProposalFactory(title=f"Backed-up proposal {n}", owner=owner, edition=edition)
        for _ in range(2):
            ProposalMemberFactory(proposal=proposal, organization=OrganizationFactory())
    ReportFactory()
    ReportFactory()
    for n in range(2):
        Notification.objects.create(
            email=f"someone-{n}@example.org",
            kind="test",
            subject=f"Subject {n}",
            body_text="Body",
            dedup_key=f"backup-test-{n}",
        )
    storages["default"].save("summaries/exports/x/summary-v1.md", ContentFile(b"# Summary\n"))

    folder = tmp_path / "backup"
    call_command("backup", output=str(folder))
    assert {p.name for p in folder.iterdir()} == {"database.dump", "files.tar.gz", "manifest.json"}

    # Later the files are lost and the database must come back elsewhere.
    storages["default"].delete("summaries/exports/x/summary-v1.md")
    with fresh_database() as name:
        call_command("restore", str(folder), database_url=_url(name), no_input=True)
        restored = _connect(name)
        try:
            with connection.cursor() as here, restored.cursor() as there:
                for model in MODELS:
                    original = _rows(here, model)
                    assert original, model
                    assert _rows(there, model) == original, model
        finally:
            restored.close()
    with storages["default"].open("summaries/exports/x/summary-v1.md") as handle:
        assert handle.read() == b"# Summary\n"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_restoring_twice_replaces_the_target_instead_of_failing(
    settings, tmp_path, seeded, edition
):
    settings.MEDIA_ROOT = tmp_path / "media"
    ProposalFactory(title="Only once", edition=edition)
    folder = tmp_path / "backup"
    call_command("backup", output=str(folder))
    with fresh_database() as name:
        for _ in range(2):
            call_command("restore", str(folder), database_url=_url(name), no_input=True)
        restored = _connect(name)
        try:
            with restored.cursor() as cursor:
                cursor.execute(f'SELECT title FROM "{Proposal._meta.db_table}"')
                assert cursor.fetchall() == [("Only once",)]
        finally:
            restored.close()


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="not a backup"):
        call_command(
            "restore", str(tmp_path), database_url="postgres://u@127.0.0.1/x", no_input=True
        )


def test_backup_refuses_a_database_other_than_postgresql(settings, tmp_path):
    from impact.backups import BackupError, Database

    with pytest.raises(BackupError, match="PostgreSQL"):
        Database.from_url("sqlite:///somewhere.sqlite3")
