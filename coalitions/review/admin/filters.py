"""Filters of the proposal change list built on Django's own.

The themes filter is Django's filter of a many-to-many field, which offers the proposals
with no theme at all under the admin's mark for an empty value ("-"): an entry without a
name. Here it says what it is.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class ThemeFilter(admin.RelatedFieldListFilter):
    """The proposals by theme, and those with none ("No theme")."""

    def __init__(self, field, request, params, model, model_admin, field_path) -> None:
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = _("No theme")
