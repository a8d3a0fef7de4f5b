"""`seed_scale --reset` empties the database it runs on: it refuses one whose name does not say
it is disposable, unless told `--force`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from bench.management.commands.seed_scale import benchmark_database
from coalitions.models import Proposal
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "disposable"),
    [
        ("impact_bench", True),
        ("impact_bench_growth_500", True),
        ("test_impact", True),
        ("/srv/bench/db.sqlite3", False),  # the folder does not count, the file name does
        ("impact", False),
        ("db.sqlite3", False),
    ],
)
def test_benchmark_database_reads_the_name(name, disposable):
    assert benchmark_database(name) is disposable


@pytest.fixture
def production_name(monkeypatch):
    # The command reads the name from the connection's settings; the connection itself is the
    # test database either way, so nothing outside the test is at risk.
    monkeypatch.setitem(connection.settings_dict, "NAME", "impact")


def _seed(edition, *extra: str) -> None:
    call_command(
        "seed_scale",
        "--reset",
        *extra,
        proposals=1,
        organizations=3,
        sessions=0,
        edition=edition.slug,
        stdout=io.StringIO(),
    )


def test_reset_refuses_a_database_not_named_for_the_benchmark(edition, production_name):
    kept = ProposalFactory(edition=edition)
    with pytest.raises(CommandError, match="'impact'.*--force"):
        _seed(edition)
    assert Proposal.objects.filter(pk=kept.pk).exists()
    assert Proposal.objects.count() == 1


def test_reset_with_force_empties_it_all_the_same(edition, production_name):
    gone = ProposalFactory(edition=edition)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with foreign-key checks still deferred in this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _seed(edition, "--force")
    assert not Proposal.objects.filter(pk=gone.pk).exists()
    assert Proposal.objects.count() == 1  # the one just seeded
