"""Schemathesis, with its default checks, against the served OpenAPI document on a live
server (PostgreSQL, the demo data, a signed-in filer's cookie so the organization search is
reached too): any failure fails the test. The number of examples is bounded so the run stays
within a few minutes on two cores; the seed is fixed so a failure replays (`SCHEMATHESIS_SEED`
tries another)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from impact.models import User
from tests.conftest import seed_migration_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
MAX_EXAMPLES = 15


def test_schemathesis_finds_no_failure_in_the_served_document(live_server, settings, tmp_path):
    seed_migration_data()
    call_command("load_demo", stdout=io.StringIO())
    # Many requests from one address: counted, but not so low that most answers are 429.
    settings.RATE_LIMITS = {name: "100000/m" for name in django_settings.RATE_LIMITS}
    client = Client()
    client.force_login(User.objects.get(email="filer@demo.impact-hub.org"))
    cookie = f"{django_settings.SESSION_COOKIE_NAME}={client.cookies['sessionid'].value}"
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/schema/",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            os.environ.get("SCHEMATHESIS_SEED", "1"),
            "--workers",
            "2",
            "--header",
            f"Cookie: {cookie}",
            "--no-color",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    summary = run.stdout[-6000:]
    print(summary)
    assert run.returncode == 0, summary
    # Every operation of the document was tried, and none of the cases failed.
    paths = client.get("/api/schema/").json()["paths"]
    operations = sum(len(methods) for methods in paths.values())
    assert f"Tested: {operations}" in run.stdout, summary
    assert "No issues found" in run.stdout, summary
