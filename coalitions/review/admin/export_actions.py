"""The proposals' change list's export actions: CSV (plain and for Excel) and JSON, each
recorded in the audit trail."""

from __future__ import annotations

import json

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy

from impact import audit, csvsafe

from ...criteria_bridge import member_prefetch
from ...filing.interchange import export_proposal

CSV_COLUMNS = [
    "id",
    "title",
    "status",
    "eligible",
    "failing_criteria",
    "regions",
    "constituencies",
    "reviews",
    "mean_score",
    "owner",
    "submitted_at",
    "merged_into",
    "duplicate_of",
]


@admin.action(description=gettext_lazy("Export selected as CSV"))
def export_csv(modeladmin, request, queryset, *, bom: bool = False):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="proposals.csv"'
    writer = csvsafe.writer(response, bom=bom)
    writer.writerow(CSV_COLUMNS)
    rows = list(queryset.order_by("pk"))
    audit.record("proposals.exported", request=request, after={"proposals": [p.pk for p in rows]})
    for p in rows:
        measured = _measured(p)
        writer.writerow(
            [
                p.pk,
                p.title,
                p.status,
                p.eligible,
                p.failing_criteria,
                measured.get("regions", ""),
                measured.get("constituencies", ""),
                p.review_count or 0,
                p.mean_score if p.mean_score is not None else "",
                p.owner.email,
                p.submitted_at.isoformat() if p.submitted_at else "",
                p.merged_into_id or "",
                p.duplicate_of_id or "",
            ]
        )
    return response


@admin.action(description=gettext_lazy("Export selected as CSV for Excel"))
def export_csv_excel(modeladmin, request, queryset):
    """The same CSV, starting with the byte-order mark Excel needs to read UTF-8."""
    return export_csv(modeladmin, request, queryset, bom=True)


@admin.action(description=gettext_lazy("Export selected as JSON"))
def export_json(modeladmin, request, queryset):
    rows = []
    for p in (
        queryset.select_related("edition")
        .prefetch_related(member_prefetch(), "work_plan", "contacts")
        .order_by("pk")
    ):
        rows.append(
            {
                "id": p.pk,
                "status": p.status,
                "eligible": p.eligible,
                "criteria": p.criteria_report,
                **export_proposal(p),
            }
        )
    audit.record(
        "proposals.exported", request=request, after={"proposals": [r["id"] for r in rows]}
    )
    response = HttpResponse(
        json.dumps(rows, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="proposals.json"'
    return response


def _measured(p) -> dict:
    out = {}
    for c in (p.criteria_report or {}).get("criteria", []):
        if c["id"] == "C1":
            out["regions"] = c["measured"].get("regions")
        if c["id"] == "C2":
            out["constituencies"] = c["measured"].get("constituencies")
    return out
