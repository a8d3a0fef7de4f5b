"""Query parameters of the list endpoints, read from the django-filter FilterSets the views
use, so the served document names the same facets and the same choices the views accept."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

PAGE_SIZE_NOTE = (
    "Results per page, 1 to 100 (20 by default); a value that is not a number "
    "means the default, one out of range the nearest bound."
)


def _schema(name: str, field: forms.Field) -> dict:
    if isinstance(field, forms.ModelChoiceField):
        to_field = field.to_field_name or "pk"
        values = sorted(str(v) for v in field.queryset.values_list(to_field, flat=True))
        return {"type": "string", "enum": ["", *values]}
    if isinstance(field, forms.NullBooleanField):
        # Django reads true/1 and false/0, and any other value as "either".
        return {"type": "string", "examples": ["", "true", "false"]}
    if isinstance(field, forms.ChoiceField):
        values = [str(value) for value, _label in field.choices]
        return {"type": "string", "enum": sorted(set(values) | {""})}
    # Django's form fields refuse a NUL character (a clear 400, not a 500 from PostgreSQL).
    schema: dict = {"type": "string", "pattern": r"^[^\x00]*$"}
    if field.max_length:
        schema["maxLength"] = field.max_length
    return schema


def filter_parameters(
    filterset_class: type[django_filters.FilterSet], queryset: QuerySet
) -> list[dict]:
    """The FilterSet's filters as OpenAPI query parameters (an empty value means "all")."""
    form = filterset_class(queryset=queryset).form
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": str(field.label or name),
            "schema": _schema(name, field),
        }
        for name, field in form.fields.items()
    ]


def page_parameters() -> list[dict]:
    return [
        {
            "name": "page",
            "in": "query",
            "required": False,
            "description": "The page number, from 1; past the last page: 404.",
            "schema": {"type": "integer", "minimum": 1},
        },
        {
            "name": "page_size",
            "in": "query",
            "required": False,
            "description": PAGE_SIZE_NOTE,
            "schema": {"type": "string"},
        },
    ]
