"""Bootstrap classes and the word-limit attributes, applied once to every form of the EOI."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..wordlimits import WORD_LIMITS, MaxWordsValidator


def style(form: forms.BaseForm, *, limits_prefix: str = "") -> None:
    """Give each widget its Bootstrap class, and word-limited fields their validator and the
    `data-max-words` attribute the page's counter reads."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        limit = WORD_LIMITS.get(f"{limits_prefix}{name}")
        if limit:
            field.validators.append(MaxWordsValidator(limit))
            widget.attrs["data-max-words"] = limit
            field.max_words = limit


class FastSelect(forms.Select):
    """A plain single select rendered by string joins instead of one template per option:
    every member row carries the whole country list, which the template engine would render
    several times slower."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        current = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if str(v) == current else ""}>'
            f"{escape(label)}</option>"
            for v, label in self.choices
        )
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")
