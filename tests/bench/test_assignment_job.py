"""The matched assignment's bench job at a tiny scale, so it cannot rot (no timing asserted)."""

from __future__ import annotations

import pytest

from bench import assignment, verdicts
from coalitions.models import Assignment, Reviewer
from impact.models import User
from tests.bench.conftest import PROPOSALS

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_assignment_job_runs_and_rolls_back(seeded):
    users = User.objects.count()
    [found] = assignment.assignment_rows(proposals=PROPOSALS, reviewers=20, runs=1)
    assert found["name"].startswith(f"matched assignment, {PROPOSALS} proposals × 20 reviewers")
    assert found["value"] is not None and found["unit"] == "s"
    # Every place filled or reported (a conflict can leave one open in a network of 4):
    # 5 networks × 1 reviewer each.
    filled, uncovered = (int(part.split()[0]) for part in found["note"].split(", "))
    assert filled + uncovered == PROPOSALS * 5 and filled > uncovered
    assert (User.objects.count(), Reviewer.objects.count(), Assignment.objects.count()) == (
        users,
        0,
        0,
    )
    checked = verdicts.check({"load": {"concurrency": 8}, "jobs": [found]})
    assert [v["target"] for v in checked if v["what"] == found["name"]] == ["< 10 s"]
