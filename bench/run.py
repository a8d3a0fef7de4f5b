"""The benchmark: pages under load against the server's own baseline, jobs in process, growth.

Run through `make bench` (bench/run.sh prepares PostgreSQL, Redis and wrk). Every figure that
matters is a ratio taken in one run on one machine, so it means something on a noisy box.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.load import LoadResult, Server, run_wrk  # noqa: E402

SECRET = "bench-secret-key-not-for-production-0123456789-abcdefghijklmnopqrstuvwxyz"


def server_env(database_url: str, redis_url: str) -> dict:
    """The production settings, on loopback, with the bench's baseline view switched on."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="1",
        BENCH_ENABLED="1",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="impact.settings",
    )
    return env


def manage(env: dict, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def prepare_database(env: dict, *, proposals: int, organizations: int, sessions: int) -> None:
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(
        env,
        "seed_scale",
        "--proposals",
        str(proposals),
        "--organizations",
        str(organizations),
        "--sessions",
        str(sessions),
        "--reset",
    )


def setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def measure_pages(
    server: Server,
    targets: list[dict],
    *,
    duration: float,
    concurrency: int,
    warm_up: bool = True,
) -> list[LoadResult]:
    """wrk each target; the first target must be the baseline."""
    from bench.targets import count_queries

    results = []
    for target in targets:
        result = load_page(server, target, duration, concurrency, warm_up=warm_up)
        result.queries = count_queries(target)
        results.append(result)
    baseline = results[0].requests_per_s or 1
    for result in results:
        result.ratio_to_baseline = round(result.requests_per_s / baseline, 3)
    return results


def table(rows: list[list], headers: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    for row in rows:
        out.append("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)))
    return "\n".join(out)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--proposals", type=int, default=5000)
    parser.add_argument("--organizations", type=int, default=20000)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per page")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--growth", default="500,5000,50000", help="sizes; empty to skip")
    parser.add_argument(
        "--growth-duration",
        type=float,
        default=3.0,
        help="seconds of load per page, size and round in the growth runs",
    )
    parser.add_argument("--growth-rounds", type=int, default=3, help="turns over the sizes")
    parser.add_argument("--reports", type=int, default=300, help="session reports to compile")
    parser.add_argument(
        "--similarity-sample",
        type=int,
        default=300,
        help="proposals whose suggestions are refreshed to time the full pass (0: all)",
    )
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--output", default=str(HERE / "results.json"))
    return parser


def _header(args) -> dict:
    """When, on what machine and at what scale the run was made."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "memory_gib": round(
                os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1
            ),
            "python": platform.python_version(),
        },
        "scale": {
            "proposals": args.proposals,
            "organizations": args.organizations,
            "sessions": args.sessions,
        },
        "load": {"duration_s": args.duration, "concurrency": args.concurrency},
    }


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)

    from bench import assignment, jobs, targets, verdicts

    env = server_env(args.database_url, args.redis_url)
    started = time.monotonic()
    if not args.skip_seed:
        print(f"seeding {args.proposals} proposals …", flush=True)
        prepare_database(
            env,
            proposals=args.proposals,
            organizations=args.organizations,
            sessions=args.sessions,
        )
    manage(env, "collectstatic", "--no-input", "-v", "0")
    setup_django(env)

    results = _header(args)

    print("pages under load …", flush=True)
    with Server(env, workers=args.workers) as server:
        page_targets = targets.page_targets()
        pages = measure_pages(
            server, page_targets, duration=args.duration, concurrency=args.concurrency
        )
    results["pages"] = [p.as_dict() for p in pages]

    print("jobs in process …", flush=True)
    results["jobs"] = [
        *jobs.run_all(reports=args.reports, similarity_sample=args.similarity_sample),
        *assignment.assignment_rows(proposals=args.proposals),
    ]

    sizes = [int(s) for s in args.growth.split(",") if s.strip()]
    if sizes:
        print(f"growth at {sizes} …", flush=True)
        results["growth"] = growth(args, sizes)

    results["elapsed_s"] = round(time.monotonic() - started, 1)
    results["targets"] = verdicts.check(results)
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(render(results))
    return 0


def growth(args, sizes: list[int]) -> dict:
    """Hub list and admin change list p50 at each size, each in a database of its own.

    Every size gets its own server, all running at once, and the sizes are measured in turns
    (`--growth-rounds` rounds; the median p50 counts), so a busy minute on a shared machine
    lands on every size alike instead of on whichever size was measured then. The size the
    main run seeded is measured on the main database rather than seeded again.
    """
    from contextlib import ExitStack

    from bench import targets

    base = args.database_url.rsplit("/", 1)[0]
    envs = {}
    for size in sizes:
        if size == args.proposals:
            envs[size] = server_env(args.database_url, args.redis_url)
            continue
        name = f"impact_bench_growth_{size}"
        envs[size] = server_env(f"{base}/{name}", args.redis_url)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)
        print(f"  seeding {size} proposals …", flush=True)
        prepare_database(envs[size], proposals=size, organizations=max(200, size * 2), sessions=10)
    runs: dict[tuple[int, str], list[LoadResult]] = {}
    with ExitStack() as stack:
        servers = {
            size: stack.enter_context(
                Server(envs[size], workers=args.workers, log=HERE / "out" / f"gunicorn-{size}.log")
            )
            for size in sizes
        }
        pages = {size: targets.growth_targets(envs[size]) for size in sizes}
        for turn in range(args.growth_rounds):
            for size in sizes:
                for target in pages[size]:
                    result = load_page(
                        servers[size],
                        target,
                        args.growth_duration,
                        args.concurrency,
                        warm_up=turn == 0,
                    )
                    runs.setdefault((size, target["name"]), []).append(result)
    return _growth_summary(args, sizes, pages, runs)


def _growth_summary(args, sizes: list[int], pages: dict, runs: dict) -> dict:
    """The median of each size's rounds, and the ratio of the largest size to the smallest."""
    import statistics

    rows = []
    for size in sizes:
        measured = {}
        for target in pages[size]:
            results = runs[(size, target["name"])]
            measured[target["name"]] = {
                "p50_ms": round(statistics.median(r.p50_ms for r in results), 2),
                "p95_ms": round(statistics.median(r.p95_ms for r in results), 2),
                "requests_per_s": round(statistics.median(r.requests_per_s for r in results), 1),
                "errors": sum(r.errors for r in results),
            }
        rows.append({"proposals": size, **measured})
    first, last = rows[0], rows[-1]
    ratios = {
        name: round(last[name]["p50_ms"] / (first[name]["p50_ms"] or 1), 2)
        for name in first
        if name != "proposals" and name in last
    }
    return {
        "duration_s": args.growth_duration,
        "rounds": args.growth_rounds,
        "rows": rows,
        f"ratio_{last['proposals']}_vs_{first['proposals']}": ratios,
    }


def load_page(
    server: Server, target: dict, duration: float, concurrency: int, *, warm_up: bool = True
) -> LoadResult:
    """A one-second warm-up (caches, connection pools), then the counted run."""
    for seconds in (1, duration) if warm_up else (duration,):
        result = run_wrk(
            server.url + target["path"],
            name=target["name"],
            path=target["path"],
            duration=seconds,
            concurrency=concurrency,
            cookie=target.get("cookie", ""),
        )
    return result


def render(results: dict) -> str:
    out = [
        f"ImPACT Hub benchmark — {results['date']} — {results['machine']['cores']} cores, "
        f"{results['machine']['memory_gib']} GiB — {results['scale']['proposals']} proposals, "
        f"concurrency {results['load']['concurrency']}, {results['load']['duration_s']} s per page"
        + (
            f" (growth: {results['growth'].get('rounds', 1)} rounds of "
            f"{results['growth']['duration_s']} s per page and size, median p50)"
            if "growth" in results
            else ""
        ),
        "",
        table(
            [
                [
                    p["name"],
                    p["requests_per_s"],
                    p["p50_ms"],
                    p["p95_ms"],
                    p["errors"],
                    p["queries"],
                    p["ratio_to_baseline"],
                ]
                for p in results["pages"]
            ],
            ["page", "req/s", "p50 ms", "p95 ms", "errors", "queries", "× baseline"],
        ),
        "",
        table(
            [
                [j["name"], "—" if j["value"] is None else j["value"], j["unit"], j["target"]]
                + [j.get("note", "")]
                for j in results["jobs"]
            ],
            ["job", "value", "unit", "target", "note"],
        ),
    ]
    if "growth" in results:
        g = results["growth"]
        names = [k for k in g["rows"][0] if k != "proposals"]
        out += [
            "",
            table(
                [[r["proposals"], *[r[n]["p50_ms"] for n in names]] for r in g["rows"]],
                ["proposals", *[f"{n} p50 ms" for n in names]],
            ),
        ]
        for key, ratios in g.items():
            if key.startswith("ratio_"):
                out.append(f"{key}: " + ", ".join(f"{n} {v}×" for n, v in ratios.items()))
    if "targets" in results:
        from bench import verdicts

        out += ["", *verdicts.render(results["targets"])]
    out.append(f"\nelapsed {results.get('elapsed_s', '?')} s")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
