"""The benchmark's data at a tiny scale, for the smoke and load tests."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.conftest import seed_migration_data

PROPOSALS, ORGANIZATIONS, SESSIONS = 30, 120, 4


@pytest.fixture
def seeded(edition, settings):
    # In process, the baseline is routed as on the bench server.
    settings.ROOT_URLCONF = "tests.bench.urls"
    seed_migration_data()
    call_command(
        "seed_scale",
        proposals=PROPOSALS,
        organizations=ORGANIZATIONS,
        sessions=SESSIONS,
        edition=edition.slug,
        reset=True,
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - the command's progress lines
    )
    return edition
