"""Typed inputs (date, time, datetime-local, number) rendered in the one format browsers read,
and text areas whose unchanged text saves unchanged.

A browser's `<input type="date">` only reads `2027-01-30`: handed the French `30/01/2027`
it shows an empty box and posts it back empty, so the next save wipes the date. The same
holds for `type="time"` (`09:05`), `type="datetime-local"` (`2027-01-30T09:05`) and
`type="number"` (`1234.5`, never `1 234,5`). What a person sees in the box is still in their
language: the browser formats the value itself.

A text area is posted back with CRLF line breaks (the HTML standard says so) whatever the
stored text had: `Textarea` reads them back as LF, so saving an unchanged text changes
nothing (a summary entry saved untouched is not marked as edited by the organizers).

Every form of the portal takes these widgets from here, either by naming one or, for a model
form, with `formfield_callback = typed_formfield`; the admin site gives its forms
`AdminTextarea` (impact/admin_site.py).
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models
from django.utils.text import normalize_newlines

DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%H:%M"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or DATE_FORMAT)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or TIME_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    """A local date and time. The value is shown in the current time zone, which is also
    the zone a posted value is read in."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or DATETIME_FORMAT)


class NumberInput(forms.NumberInput):
    """A number with a dot for decimals and no thousands separator, even when its field asks
    to be localized (`localize=True` sets `is_localized` on the widget: ignored here)."""

    @property
    def is_localized(self) -> bool:
        return False

    @is_localized.setter
    def is_localized(self, value: bool) -> None:
        pass

    def format_value(self, value):
        if value is None or value == "":
            return None
        return str(value)


class Textarea(forms.Textarea):
    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalize_newlines(value) if isinstance(value, str) else value


class AdminTextarea(AdminTextareaWidget):
    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalize_newlines(value) if isinstance(value, str) else value


TYPED_WIDGETS: dict[type[forms.Field], type[forms.Widget]] = {
    forms.DateTimeField: DateTimeInput,
    forms.DateField: DateInput,
    forms.TimeField: TimeInput,
    forms.IntegerField: NumberInput,
    forms.DecimalField: NumberInput,
    forms.FloatField: NumberInput,
}
DJANGO_DEFAULTS = (
    forms.DateInput,
    forms.TimeInput,
    forms.DateTimeInput,
    forms.NumberInput,
    forms.Textarea,
)


def typed_widget(field: forms.Field, attrs: dict | None = None) -> forms.Widget | None:
    """The typed input for a form field of a date, time or number type, the text area of a
    field shown in one, else None."""
    if type(field.widget) is forms.Textarea:
        return Textarea(attrs=attrs)
    for field_class, widget_class in TYPED_WIDGETS.items():
        if isinstance(field, field_class):
            return widget_class(attrs=attrs)
    return None


def typed_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A model form's `formfield_callback`: the model field's own form field, with a typed
    input for dates, times and numbers and the text area above, unless the form chose
    another widget (a select, a radio list, a hidden input)."""
    field = db_field.formfield(**kwargs)
    if field is None or "widget" in kwargs:
        return field
    widget = typed_widget(field, attrs=field.widget.attrs)
    if widget is not None and type(field.widget) in DJANGO_DEFAULTS:
        widget.is_required = field.widget.is_required
        widget.is_localized = field.widget.is_localized
        field.widget = widget
    return field
