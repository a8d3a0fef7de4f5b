"""The audit trail for organizers: search it, read it, take it away as CSV."""

from __future__ import annotations

import json

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import audit, audit_display, csvsafe
from .models import AuditEntry
from .roles import organizer_required
from .widgets import DateInput

PAGE_SIZE = 50
CSV_COLUMNS = [
    "when",
    "who",
    "from",
    "action",
    "record_type",
    "record_id",
    "record",
    "before",
    "after",
]


class AuditSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Who, the action or the record, in part."),
    )
    action = forms.CharField(label=_("Action"), required=False, max_length=60)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)


def _search(request: HttpRequest) -> tuple[AuditSearchForm, QuerySet[AuditEntry]]:
    form = AuditSearchForm(request.GET or None)
    rows = AuditEntry.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"]
            match = (
                Q(actor_label__icontains=q) | Q(action__icontains=q) | Q(target_label__icontains=q)
            )
            if _looks_like_ip(q):
                match |= Q(ip__startswith=q)
            rows = rows.filter(match)
        if data["action"]:
            rows = rows.filter(action__startswith=data["action"])
        if data["since"]:
            rows = rows.filter(at__date__gte=data["since"])
        if data["until"]:
            rows = rows.filter(at__date__lte=data["until"])
    elif form.is_bound:
        rows = rows.none()
    return form, rows


def _looks_like_ip(text: str) -> bool:
    return bool(text) and all(c in "0123456789abcdefABCDEF.:" for c in text)


@organizer_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    form, rows = _search(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.action_label = audit_display.action_label(row)
        row.changes = audit_display.changes(row)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "impact/audit.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@organizer_required
@require_GET
def audit_csv(request: HttpRequest) -> HttpResponse:
    form, rows = _search(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="impact-audit-trail.csv"'
    writer = csvsafe.writer(response, bom=csvsafe.excel_requested(request))
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows.iterator(chunk_size=2000):
        count += 1
        writer.writerow(
            [
                row.at.isoformat(),
                row.actor_label,
                row.ip or "",
                row.action,
                row.target_type,
                row.target_id,
                row.target_label,
                json.dumps(row.before, ensure_ascii=False, sort_keys=True),
                json.dumps(row.after, ensure_ascii=False, sort_keys=True),
            ]
        )
    # Taking the trail away is itself a privileged action.
    audit.record(
        "audit.exported", request=request, after={"query": request.GET.dict(), "rows": count}
    )
    return response
