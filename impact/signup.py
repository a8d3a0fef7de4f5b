"""The sign-up form's own question: the person's time zone, preselected from the browser."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .zones import time_zone_names


def zone_choices() -> list[tuple[str, str]]:
    return [("", _("Not set: use my browser's"))] + [
        (name, name.replace("_", " ")) for name in time_zone_names()
    ]


class TimeZoneField(forms.ChoiceField):
    """A zone from the list, or none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Your time zone"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Session times are shown to you in this zone, e.g. Africa/Nairobi.")
        )
        super().__init__(choices=zone_choices, **kwargs)


class SignupForm(forms.Form):
    """Extra fields of django-allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    time_zone = TimeZoneField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # `site.js` preselects the browser's zone; the person sees it and may change it.
        self.fields["time_zone"].widget.attrs["data-browser-zone"] = ""

    def signup(self, request, user) -> None:
        user.time_zone = self.cleaned_data.get("time_zone", "")
        user.save(update_fields=["time_zone"])
