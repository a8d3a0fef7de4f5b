"""One account and one anonymous client, each hammering the most expensive page they can reach,
cannot stall the site for someone else: on a real gunicorn, another user's p95 on the hub list
stays within 5× of its value without them. The figures are printed; the ratio is asserted.

Run alone (`make test` runs the `load` tests after the rest, one at a time), so the other tests
are not part of the load.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time

import pytest
from django.urls import reverse

from bench import load, run, targets
from tests.bench.test_bench_smoke import _server_env
from tests.conftest import STRICT

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.load,
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 3
MEASURE_S = 3
LIMIT = 5.0


def _hammer(url: str, cookie: str, seconds: int) -> subprocess.Popen:
    """wrk on two connections, as one client (a browser's) looping as fast as the server
    answers."""
    return subprocess.Popen(
        ["wrk", "-t1", "-c2", f"-d{seconds}s", "-s", str(load.LUA), url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "BENCH_COOKIE": cookie},
    )


def test_a_hammering_account_and_client_do_not_stall_another_user(seeded, tmp_path):
    if not load.wrk_available():
        if STRICT:
            pytest.fail("strict mode: wrk is missing (apt-get install wrk)")
        pytest.skip("wrk is not installed (apt-get install wrk)")
    env = _server_env(redis_prefix="isolation")
    env["STATIC_ROOT"] = str(tmp_path / "static")
    run.manage(env, "collectstatic", "--no-input", "-v", "0")
    victim = targets._cookie(targets.reviewer_user())
    account = targets._cookie(targets.representative_user())
    hub = reverse("coalitions:hub")
    with load.Server(env, workers=3) as server:

        def victim_p95() -> float:
            result = load.run_wrk(
                server.url + hub,
                name="hub list",
                path=hub,
                duration=MEASURE_S,
                concurrency=1,
                cookie=victim,
            )
            assert result.errors == 0, result
            return result.p95_ms

        victim_p95()  # warm: the first requests fill the caches
        quiet, loaded = [], []
        for _ in range(ROUNDS):
            quiet.append(victim_p95())
            attackers = [
                _hammer(server.url + reverse("coalitions:dashboard"), account, MEASURE_S + 2),
                _hammer(server.url + "/coalitions.csv", "", MEASURE_S + 2),
            ]
            time.sleep(1)
            try:
                loaded.append(victim_p95())
            finally:
                for proc in attackers:
                    proc.wait(timeout=MEASURE_S + 30)
    unloaded_p95, loaded_p95 = statistics.median(quiet), statistics.median(loaded)
    ratio = loaded_p95 / max(unloaded_p95, 1.0)
    print(
        f"\nhub list p95 for another user: {unloaded_p95:.1f} ms alone, {loaded_p95:.1f} ms "
        f"while an account hammers /dashboard/ and a client /coalitions.csv: {ratio:.2f}× "
        f"(rounds: alone {quiet}, loaded {loaded})"
    )
    assert ratio <= LIMIT
