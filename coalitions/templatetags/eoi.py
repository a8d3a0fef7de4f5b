"""Template helpers of the filer's pages: fields with their errors, criteria labels."""

from __future__ import annotations

from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..enums import MemberRole
from ..filing.versions import note_label

register = template.Library()

CRITERIA = {
    "C1": (_("Regional diversity"), _("Civil-society members from several regions")),
    "C2": (_("Constituency diversity"), _("Several constituency types represented")),
    "C3": (_("Engaging Member States and the UN"), _("Whom you will engage, and how")),
    "C4": (_("Work plan through the horizon"), _("Dated milestones from the conference on")),
}


@register.filter
def criterion_label(criterion_id: str) -> str:
    return CRITERIA.get(criterion_id, (criterion_id, ""))[0]


@register.filter
def criterion_help(criterion_id: str) -> str:
    return CRITERIA.get(criterion_id, ("", ""))[1]


@register.filter
def field_kind(bound: forms.BoundField) -> str:
    """How to lay out a field: "check", "choices" (boxes or radios), "hidden" or "plain"."""
    widget = bound.field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "check"
    return "plain"


@register.simple_tag
def widget(bound: forms.BoundField) -> str:
    """The widget, marked invalid and tied to its help and error text for screen readers."""
    attrs = {}
    described = []
    if bound.help_text:
        described.append(f"{bound.auto_id}_help")
    if getattr(bound.field, "max_words", None):
        described.append(f"{bound.auto_id}_words")
    if bound.errors:
        described.append(f"{bound.auto_id}_error")
        attrs["aria-invalid"] = "true"
        css = bound.field.widget.attrs.get("class", "")
        attrs["class"] = f"{css} is-invalid".strip()
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound.as_widget(attrs=attrs)


@register.simple_tag
def choice_list(bound: forms.BoundField) -> str:
    """Check boxes or radios, each with its label, built in Python: every member row carries
    the whole list of constituency types, and one template render per option made the EOI form
    of a large coalition several times slower."""
    return format_html_join(
        "",
        '<div class="form-check">{}<label class="form-check-label" for="{}">{}</label></div>',
        (
            (
                format_html(
                    '<input type="{}" name="{}" value="{}"{}>',
                    option.data["type"],
                    option.data["name"],
                    option.data["value"],
                    flatatt(option.data["attrs"]),
                ),
                option.id_for_label,
                option.choice_label,
            )
            for option in bound
        ),
    )


@register.filter
def version_note(note: str) -> str:
    """A version's note ("saved", "restored:3"…) as a person reads it."""
    return note_label(note)


@register.filter
def member_role(role: str) -> str:
    return str(dict(MemberRole.choices).get(role, role))
