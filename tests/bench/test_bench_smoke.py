"""The benchmark at a tiny scale, so it cannot rot: the generator, every page target (its query
count, and a one-second wrk run against a real gunicorn on the test database), every job, the
growth targets and the verdicts. No timing is asserted: the benchmark measures, tests check.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from bench import jobs, load, run, targets, verdicts
from coalitions.criteria_bridge import evaluate_proposal
from coalitions.enums import ProposalStatus
from coalitions.models import Proposal, ProposalMember
from summaries.enums import ReportStatus
from summaries.models import SessionReport
from tests.bench.conftest import ORGANIZATIONS, PROPOSALS, SESSIONS
from tests.conftest import STRICT

# Gunicorn reads the rows from its own connections: they must be committed. `seeded` gives back
# the reference data and role groups the migrations seeded, should an earlier test have flushed.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def _normalised(report: dict) -> dict:
    return json.loads(json.dumps(report, default=str))


def test_the_generator_makes_what_the_pages_and_jobs_need(seeded):
    proposals = Proposal.objects.filter(edition=seeded)
    assert proposals.count() == PROPOSALS
    published = proposals.filter(status=ProposalStatus.PUBLISHED)
    assert published.count() == PROPOSALS // 5  # 20% published
    assert all(p.public_slug for p in published)
    assert not published.filter(search_vector=None).exists()  # the hub's search index
    assert ProposalMember.objects.filter(proposal__edition=seeded).count() >= 5 * PROPOSALS
    # The criteria cached on each row are what the validator says from the saved rows.
    for proposal in proposals:
        assert proposal.criteria_report == _normalised(evaluate_proposal(proposal).to_dict())
    reports = SessionReport.objects.filter(session__edition=seeded)
    assert reports.count() == SESSIONS
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.ACCEPTED}
    # A second run with --reset starts over rather than adding to the first.
    call_command(
        "seed_scale",
        proposals=PROPOSALS,
        organizations=ORGANIZATIONS,
        sessions=SESSIONS,
        edition=seeded.slug,
        reset=True,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    assert Proposal.objects.count() == PROPOSALS


def test_every_page_target_answers_and_has_a_query_count(seeded):
    pages = targets.page_targets()
    names = [t["name"] for t in pages]
    assert names[0] == "baseline"
    expected = ["home", "hub list", "hub search", "hub two filters", "coalition page"]
    assert names[1:6] == expected
    signed_in = [
        "EOI form, 10 members (signed in)",
        "EOI form, 30 members (signed in)",
        "single-member page (signed in)",
        targets.SIGNED_IN_NOTHING,
        "dashboard (signed in)",
        targets.DASHBOARD_50,
        "notifications (signed in)",
        targets.PORTFOLIO,
    ]
    assert set(signed_in) <= set(names)
    if targets.admin_changelist_path():
        assert "admin change list (signed in)" in names
    for target in pages:
        # count_queries raises unless the page answers 200 with the target's cookie.
        assert targets.count_queries(target) >= 0
    # Anonymous hub pages come from the cache; signed-in pages are built per request.
    by_name = {t["name"]: t for t in pages}
    assert targets.count_queries(by_name["hub list"]) == 0
    for name in signed_in:
        assert targets.count_queries(by_name[name]) > 0, name
    # The tiny seed has no 30-member draft: the largest other draft stands in for it.
    small, large = targets.eoi_proposal(), targets.eoi_proposal(30, targets.OWNER_30_EMAIL)
    assert small.pk != large.pk
    assert large.members.count() >= small.members.count()
    growth = targets.growth_targets(_server_env(redis_prefix="growth"))
    assert [t["name"] for t in growth][:2] == ["hub list", "hub list (signed in)"]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _server_env(*, redis_prefix: str) -> dict:
    from django.conf import settings

    from tests.conftest import TEST_REDIS_URL

    env = run.server_env(_database_url(), TEST_REDIS_URL)
    # The sessions made in this process must read back in the server's.
    env["SECRET_KEY"] = settings.SECRET_KEY
    # The test Redis database is shared and never flushed: keys of this run's own.
    env["CACHE_KEY_PREFIX"] = f"test-bench-{redis_prefix}-{uuid.uuid4().hex[:8]}"
    return env


def test_each_page_under_load_on_a_real_gunicorn(seeded, tmp_path):
    if not load.wrk_available():
        if STRICT:
            pytest.fail("strict mode: wrk is missing (apt-get install wrk)")
        pytest.skip("wrk is not installed (apt-get install wrk)")
    env = _server_env(redis_prefix="pages")
    # Collected where no other test's server scans while the files are written.
    env["STATIC_ROOT"] = str(tmp_path / "static")
    run.manage(env, "collectstatic", "--no-input", "-v", "0")
    with load.Server(env, workers=2) as server:
        results = run.measure_pages(
            server, targets.page_targets(), duration=1, concurrency=2, warm_up=False
        )
    assert [r.name for r in results][0] == "baseline"
    for result in results:
        assert result.requests > 0, result
        assert result.errors == 0, result
        assert result.queries is not None
    assert results[0].ratio_to_baseline == 1.0
    report = {
        "load": {"concurrency": 2, "duration_s": 1},
        "pages": [r.as_dict() for r in results],
        "jobs": [],
    }
    checked = verdicts.check(report)
    assert {v["what"] for v in checked} >= {
        "errors, all pages and growth runs",
        "admin change list (signed in): throughput",
        "EOI form, 30 members (signed in): p50 against EOI form, 10 members (signed in)",
        "dashboard (signed in): throughput",
        "notifications (signed in): throughput",
    }
    assert verdicts.render(checked)


def test_each_job_runs_and_leaves_the_database_as_seeded(seeded):
    before = sorted(Proposal.objects.values_list("pk", "status"))
    rows = jobs.run_all(reports=SESSIONS)
    names = [r["name"] for r in rows]
    assert "criteria report, 100 members" in names
    assert f"{SESSIONS} reports compiled and exported to PDF" in names
    for r in rows:
        assert set(r) >= {"name", "value", "unit", "target"}
        pending = r["value"] is None and "is not on this branch" in r.get("note", "")
        assert r["value"] is not None or pending, r
    if jobs.available("coalitions.review.merging"):
        assert any(n == "merge of 3 proposals" for n in names)
    if jobs.available("coalitions.review.similarity"):
        assert any(n.startswith("similarity, one new submission") for n in names)
    assert any(n.startswith("partner suggestions, one proposal vs") for n in names)
    # The merge and the new submission were rolled back.
    assert sorted(Proposal.objects.values_list("pk", "status")) == before
    results = {
        "load": {"concurrency": 8, "duration_s": 1},
        "pages": [],
        "jobs": rows,
        "date": "today",
        "machine": {"cores": 2, "memory_gib": 1},
        "scale": {"proposals": PROPOSALS},
    }
    results["targets"] = verdicts.check(results)
    assert "criteria report, 100 members" in run.render(results)
