"""The issue's targets, checked against one run's results: [{what, figure, target, met}]."""

from __future__ import annotations

import re

ANONYMOUS_SHARE = 0.5  # hub list and coalition pages: at least half the baseline's throughput
SIGNED_IN_SHARE = 0.2
P95_MS = 100.0
GROWTH_RATIO = 1.5
ANONYMOUS = ("hub list", "hub search", "hub two filters", "coalition page")
TARGET = re.compile(r"<\s*([\d.]+)\s*(\S+)")


def check(results: dict) -> list[dict]:
    out: list[dict] = []

    def add(what: str, figure, target: str, met: bool | None) -> None:
        out.append({"what": what, "figure": figure, "target": target, "met": met})

    concurrency = results["load"]["concurrency"]
    for page in results.get("pages", []):
        name = page["name"]
        if name == "baseline":
            continue
        if name in ANONYMOUS:
            share = page["ratio_to_baseline"]
            add(
                f"{name}: throughput", f"{share:.0%} of baseline", "≥ 50%", share >= ANONYMOUS_SHARE
            )
        elif "signed in" in name:
            share = page["ratio_to_baseline"]
            add(
                f"{name}: throughput", f"{share:.0%} of baseline", "≥ 20%", share >= SIGNED_IN_SHARE
            )
        add(
            f"{name}: p95 at concurrency {concurrency}",
            f"{page['p95_ms']} ms",
            "< 100 ms",
            page["p95_ms"] < P95_MS,
        )
    pages = results.get("pages", [])
    errors = sum(p["errors"] for p in pages)
    errors += sum(
        m["errors"]
        for r in results.get("growth", {}).get("rows", [])
        for k, m in r.items()
        if k != "proposals"
    )
    add("errors, all pages and growth runs", errors, "0", errors == 0)
    for key, ratios in results.get("growth", {}).items():
        if key.startswith("ratio_"):
            sizes = key.removeprefix("ratio_").replace("_vs_", " vs ")
            for name, ratio in ratios.items():
                add(
                    f"{name}: p50 at {sizes} proposals",
                    f"{ratio}×",
                    "≤ 1.5×",
                    ratio <= GROWTH_RATIO,
                )
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
    return out


def render(verdicts: list[dict]) -> list[str]:
    marks = {True: "met", False: "MISSED", None: "not measured"}
    return [
        f"{marks[v['met']]:<12} {v['what']}: {v['figure']} (target {v['target']})" for v in verdicts
    ]
