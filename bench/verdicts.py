"""The issue's targets, checked against one run's results: [{what, figure, target, met}].

Each page has its own share of the baseline's throughput (`SHARES`, by name); pages with a p95
limit are in `P95_MS`. The 30-member EOI form is held to the 10-member one's p50 (`P50_OF`).
"""

from __future__ import annotations

import re

EOI_10 = "EOI form, 10 members (signed in)"
EOI_30 = "EOI form, 30 members (signed in)"
ADMIN = "admin change list (signed in)"
PORTFOLIO = "portfolio, two candidates ticked (signed in)"
ANONYMOUS = ("home", "hub list", "hub search", "hub two filters", "coalition page")
# Share of the baseline's throughput each page must reach.
SHARES = {
    **dict.fromkeys(ANONYMOUS, 0.5),
    EOI_10: 0.10,
    ADMIN: 0.05,
    PORTFOLIO: 0.05,
    "dashboard (signed in)": 0.2,
    "notifications (signed in)": 0.2,
}
DASHBOARD_50 = "dashboard, representing 50 organizations (signed in)"
# p95 at the run's concurrency, in ms.
P95_MS = {
    **dict.fromkeys(ANONYMOUS, 100.0),
    EOI_10: 100.0,
    ADMIN: 150.0,
    DASHBOARD_50: 150.0,
    PORTFOLIO: 250.0,
}
# p50 of a page against another's: (the other page, at most this many times its p50).
P50_OF = {EOI_30: (EOI_10, 1.5)}
GROWTH_RATIO = 1.5
TARGET = re.compile(r"<\s*([\d.]+)\s*(\S+)")


def check(results: dict) -> list[dict]:
    out: list[dict] = []

    def add(what: str, figure, target: str, met: bool | None) -> None:
        out.append({"what": what, "figure": figure, "target": target, "met": met})

    concurrency = results["load"]["concurrency"]
    pages = results.get("pages", [])
    by_name = {p["name"]: p for p in pages}
    for page in pages:
        name = page["name"]
        if name in SHARES:
            share, needed = page["ratio_to_baseline"], SHARES[name]
            add(
                f"{name}: throughput",
                f"{share:.1%} of baseline",
                f"≥ {needed:.0%}",
                share >= needed,
            )
        if name in P95_MS:
            limit = P95_MS[name]
            add(
                f"{name}: p95 at concurrency {concurrency}",
                f"{page['p95_ms']} ms",
                f"< {limit:g} ms",
                page["p95_ms"] < limit,
            )
        if name in P50_OF and P50_OF[name][0] in by_name:
            other, times = P50_OF[name]
            ratio = round(page["p50_ms"] / (by_name[other]["p50_ms"] or 1), 2)
            add(f"{name}: p50 against {other}", f"{ratio}×", f"≤ {times}×", ratio <= times)
    _errors(results, add)
    _growth(results, add)
    _jobs(results, add)
    return out


def _errors(results: dict, add) -> None:
    errors = sum(p["errors"] for p in results.get("pages", []))
    # A growth run that got no answer at all (every request timed out) is an error too.
    errors += sum(
        m["errors"] or (not m["requests_per_s"])
        for r in results.get("growth", {}).get("rows", [])
        for k, m in r.items()
        if k != "proposals"
    )
    add("errors, all pages and growth runs", errors, "0", errors == 0)


def _growth(results: dict, add) -> None:
    for key, ratios in results.get("growth", {}).items():
        if key.startswith("ratio_"):
            sizes = key.removeprefix("ratio_").replace("_vs_", " vs ")
            for name, ratio in ratios.items():
                # 0: a size answered nothing (its p50 is 0), which is no growth figure at all.
                add(
                    f"{name}: p50 at {sizes} proposals",
                    f"{ratio}×" if ratio else "no answer",
                    f"≤ {GROWTH_RATIO}×",
                    0 < ratio <= GROWTH_RATIO,
                )


def _jobs(results: dict, add) -> None:
    for job in results.get("jobs", []):
        match = TARGET.match(job.get("target") or "")
        if not match:
            continue
        limit, unit = float(match.group(1)), match.group(2)
        value = job["value"]
        if value is None:
            add(job["name"], job.get("note", "not measured"), job["target"], None)
            continue
        if unit != job["unit"]:
            raise ValueError(f"{job['name']}: target in {unit}, value in {job['unit']}")
        add(job["name"], f"{value} {unit}", job["target"], value < limit)


def render(verdicts: list[dict]) -> list[str]:
    marks = {True: "met", False: "MISSED", None: "not measured"}
    return [
        f"{marks[v['met']]:<12} {v['what']}: {v['figure']} (target {v['target']})" for v in verdicts
    ]
