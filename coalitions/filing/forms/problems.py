"""What the EOI form shows when something needs correcting: what blocks a submission, marked at
its field like any other error, and the list at the top of the page linking to every field
marked.

The submission's needs are `workflow.submission_problems`' (a title, a lead member), read
here from what the form holds: the posted values, or the stored proposal's when the form
shows a draft just saved (an unbound form).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...enums import MemberRole

# The same words as `workflow.submission_problems`.
NO_TITLE = _("Give the proposal a title.")
NO_LEAD = _("Name at least one member organization as lead.")
# Where the members' own errors are shown (templates/coalitions/eoi/form.html).
MEMBER_ERRORS_ID = "members-errors"


def _at(where: str, what: str) -> str:
    """ "Where: what", punctuated as the reader's language does."""
    return gettext("%(where)s: %(what)s") % {"where": where, "what": what} if where else what


@dataclass(frozen=True)
class Problem:
    href: str
    where: str
    message: str

    @property
    def text(self) -> str:
        return _at(self.where, self.message)


def _rows(formset) -> list[forms.Form]:
    """The rows the form would save: not marked for removal, holding something."""
    if not formset.is_bound:
        return list(formset.forms)
    return [
        f
        for f in formset.forms
        if not f["DELETE"].value() and (not f.empty_permitted or f.filled())
    ]


def flag_submission_problems(form) -> int:
    """Mark on `form` (an `EOIForm`) what keeps it from being submitted: the title at its
    field, a missing lead with the members. Returns how many were marked."""
    marked = 0
    main = form.main
    if not str(main["title"].value() or "").strip():
        errors = main.errors  # built first: for an unbound form, an empty dict
        if NO_TITLE not in errors.get("title", []):
            errors.setdefault("title", main.error_class(renderer=main.renderer)).append(NO_TITLE)
        marked += 1
    if not any(f["role"].value() == MemberRole.LEAD for f in _rows(form.members)):
        form.members.non_form_errors().append(NO_LEAD)
        marked += 1
    return marked


def _target(bound: forms.BoundField) -> str:
    """The element a link to this field should lead to: the field itself, or the first of a
    list of choices."""
    if isinstance(bound.field.widget, forms.RadioSelect):  # also CheckboxSelectMultiple
        return f"#{bound.auto_id}_0"
    return f"#{bound.auto_id}"


def _of_form(f: forms.Form, where: str = "") -> list[Problem]:
    found = []
    errors = f.errors
    first = next((name for name in f.fields if not f[name].is_hidden), "")
    for message in errors.get("__all__", []):
        found.append(Problem(_target(f[first]) if first else "", where, str(message)))
    for name in f.fields:
        for message in errors.get(name, []):
            place = _at(where, str(f[name].label or name))
            found.append(Problem(_target(f[name]), place, str(message)))
    return found


# The order of the page (form.html): the rows' sections between the main fields.
PAGE = (
    "title", "summary", "origin", "themes", "principles", "asks", "youth_focus", "members",
    "engagement_targets", "engagement_plan", "support_needed", "work_plan", "contacts",
    "support_requested", "support_details",
)  # fmt: skip


def summary(form, row_labels: dict) -> list[Problem]:
    """Every error the form shows, in the order of the page, each with a link to its field
    (`row_labels`: each list of rows' name, by formset prefix)."""
    main = form.main
    found = [Problem("#id_title", "", str(m)) for m in main.errors.get("__all__", [])]
    for name in PAGE:
        if name in main.fields:
            found += [
                Problem(_target(main[name]), str(main[name].label), str(m))
                for m in main.errors.get(name, [])
            ]
            continue
        formset = form.formsets[name]
        section = str(row_labels[name])
        href = f"#{MEMBER_ERRORS_ID}" if name == "members" else f"#{name}"
        found += [Problem(href, section, str(m)) for m in formset.non_form_errors()]
        if not formset.is_bound:
            continue
        for number, row in enumerate(formset.forms, start=1):
            where = gettext("%(section)s, row %(number)d") % {
                "section": section,
                "number": number,
            }
            found += _of_form(row, where)
    return found
