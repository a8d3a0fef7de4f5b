"""The rows of the reviewers' proposal change list, rendered once per page rather than per cell.

Django's admin renders each cell through `lookup_field`, `display_for_field` and a form widget
(the action check box): about a millisecond a row, most of the page's CPU. The cells here are
the same HTML (tests/coalitions/review/test_admin_rows.py compares them with the admin's own),
built from what is the same on every row — the change link with its preserved filters, the
criteria marks, the labels — worked out once per page. A change list other than the one this
knows (a column added, a popup, an editable list) falls back to the admin's own rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.contrib.admin.views import main
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .export_actions import _measured

# A primary key no row has: the change link is reversed once with it, then filled in per row.
SENTINEL = "987654321987654321"
TITLE_SENTINEL = "rowtitlesentinel"
# The reviewers' columns (ProposalAdmin.list_display), and as the change list shows them.
DISPLAY = [
    "title",
    "status",
    "c1",
    "c2",
    "c3",
    "c4",
    "regions",
    "constituencies",
    "reviews",
    "calibrated_display",
    "mean_score_display",
    "owner",
]
COLUMNS = ["action_checkbox", *DISPLAY]

# What the rows read of a proposal (and of its owner, whose name or e-mail is shown).
FIELDS = [
    "title",
    "status",
    "decision_held",
    "criteria_report",
    "failing_criteria",
    "owner__name",
    "owner__email",
]

Cell = Callable[[object], str]


class ChangeList(main.ChangeList):
    """The admin's change list, loading only the columns the rows show (not the texts)."""

    def get_results(self, request):
        if list(self.list_display) != COLUMNS:
            return super().get_results(request)
        everything = self.queryset
        self.queryset = everything.only(*FIELDS)
        try:
            super().get_results(request)
        finally:
            self.queryset = everything


def result_list(cl) -> dict:
    """The context of `admin/change_list_results.html`, as the admin's `result_list` gives it."""
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": list(rows(cl)),
    }


def fast_path(cl) -> bool:
    """Whether the rows can be built here: the change list this module knows, read only."""
    return (
        list(cl.list_display) == COLUMNS
        and list(cl.list_display_links or []) == ["title"]
        and not getattr(cl, "formset", None)
        and not cl.is_popup
        and not cl.to_field
    )


def rows(cl) -> Iterator[list]:
    """Each row as one piece of HTML (the template joins a row's cells with nothing)."""
    if not fast_path(cl):
        yield from admin_list.results(cl)
        return
    cells = _cells(cl)
    for proposal in cl.result_list:
        yield admin_list.ResultList(None, [mark_safe("".join(cell(proposal) for cell in cells))])


def _cells(cl) -> list[Cell]:
    """One function a column, each made once for the page."""
    admin = cl.model_admin
    empty = admin.get_empty_value_display()
    status = cl.model._meta.get_field("status")
    statuses = {
        value: format_html('<td class="field-status">{}</td>', label)
        for value, label in status.flatchoices
    }
    statuses_empty = format_html('<td class="field-status">{}</td>', empty)
    held = gettext("letter held")

    def status_cell(p) -> str:
        if not p.decision_held:
            return statuses.get(p.status, statuses_empty)
        # The real status, and that its filers do not know it yet (`models.held`).
        return format_html(
            '<td class="field-status">{} <span class="small">({}: {})</span></td>',
            p.get_status_display(),
            held,
            p.decision_held,
        )

    return [
        _checkbox(admin),
        _title(cl, empty),
        status_cell,
        *(_mark(admin, c, empty) for c in ("c1", "c2", "c3", "c4")),
        _measure("regions", empty),
        _measure("constituencies", empty),
        _memoized("reviews", lambda p: p.review_count or 0, empty),
        _memoized(
            "calibrated_display",
            admin.calibrated_display,
            empty,
            key_of=lambda p: (p.calibrated, p.calibrated_uncertainty),
        ),
        _memoized("mean_score_display", admin.mean_score_display, empty),
        _owner(empty),
    ]


class _Stand:
    """Stands for a row in the admin's own check box, rendered once for the page."""

    pk = SENTINEL

    def __str__(self) -> str:
        return TITLE_SENTINEL


def _checkbox(admin) -> Cell:
    """`ModelAdmin.action_checkbox` rendered once, each row's key and title put in."""
    html = str(admin.action_checkbox(_Stand()))
    before, _sentinel, rest = html.partition(f'value="{SENTINEL}"')
    middle, _title, after = rest.partition(TITLE_SENTINEL)
    head = f'<td class="action-checkbox">{before}value="'
    return lambda p: f'{head}{escape(str(p.pk))}"{middle}{escape(str(p))}{after}</td>'


def _title(cl, empty: SafeString) -> Cell:
    """The change link, preserved filters and all, reversed once for the page."""
    url = reverse(
        f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
        args=(quote(SENTINEL),),
        current_app=cl.model_admin.admin_site.name,
    )
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    before, _sentinel, after = str(conditional_escape(url)).partition(SENTINEL)

    def cell(p) -> str:
        title = p.title if p.title and p.title.strip() else ""
        text = escape(title) if title else empty
        href = f"{before}{escape(quote(p.pk))}{after}"
        return f'<th class="field-title"><a href="{href}">{text}</a></th>'

    return cell


def _display(value, empty: SafeString) -> str:
    """What the admin's `display_for_value` shows for the values these columns hold."""
    if value in (None, "", [], (), {}):
        return empty
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return formats.number_format(value)
    return value if isinstance(value, SafeString) else str(value)


def _owner(empty: SafeString) -> Cell:
    def cell(p) -> str:
        owner = escape(str(p.owner)) if p.owner_id is not None else empty
        return f'<td class="field-owner nowrap">{owner}</td>'

    return cell


def _memoized(
    name: str,
    value_of: Callable[[object], object],
    empty: SafeString,
    key_of: Callable[[object], object] | None = None,
) -> Cell:
    """A column of few distinct values: each rendered once for the page, found again by
    `key_of(row)` (by default the value itself)."""
    seen: dict = {}

    def cell(p) -> str:
        if key_of is None:
            value = value_of(p)
            key = (type(value), value)
        else:
            key = key_of(p)
        if key not in seen:
            value = value_of(p) if key_of is not None else value
            seen[key] = format_html('<td class="field-{}">{}</td>', name, _display(value, empty))
        return seen[key]

    return cell


def _measure(name: str, empty: SafeString) -> Cell:
    return _memoized(name, lambda p: _measured(p).get(name, "—"), empty)


def _mark(admin, name: str, empty: SafeString) -> Cell:
    """A criterion's mark depends on whether there is a report and what fails, nothing else."""
    return _memoized(
        name,
        getattr(admin, name),
        empty,
        key_of=lambda p: (bool(p.criteria_report), p.failing_criteria),
    )
