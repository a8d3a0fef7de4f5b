"""Forms of the organization directory: the listing setting and a partner invitation."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from impact.widgets import Textarea


class LookingForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["looking_for_coalitions"]
        widgets = {
            "looking_for_coalitions": forms.CheckboxInput(attrs={"class": "form-check-input"})
        }


class PartnerInviteForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the organization (optional)"),
        max_length=1000,
        required=False,
        widget=Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
