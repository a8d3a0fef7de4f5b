"""Forms of the organization directory: the listing setting, a partner invitation, and the
representatives' edit of an organization's details."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from coalitions.models import ConstituencyType, Organization, Region, Sector
from coalitions.organizations import changes
from coalitions.organizations.changes import SHARED
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


class DetailsForm(forms.ModelForm):
    """An organization's shared details, edited by those who answer for it. Saved through
    `changes.edit` (never `save()`), so the change is kept as a version; the edit token is
    the number of the version the editor opened."""

    edit_token = forms.CharField(required=False, widget=forms.HiddenInput)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = list(SHARED)
        widgets = {"constituencies": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.all()
        self.fields["region"].queryset = Region.objects.all()
        self.fields["constituencies"].queryset = ConstituencyType.objects.all()
        for name in ("sector", "region"):
            self.fields[name].to_field_name = "slug"
        self.fields["constituencies"].to_field_name = "slug"
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            elif name != "edit_token":
                widget.attrs["class"] = "form-control"
        if not self.is_bound and self.instance.pk:
            self.initial["edit_token"] = str(changes.latest_number(self.instance))

    def clean(self) -> dict:
        data = super().clean()
        name, country = (data.get("name") or "").strip(), data.get("country") or ""
        if name and changes.name_taken(name, country, but=self.instance.pk):
            self.add_error("name", _("Another organization already has this name in this country."))
        return data

    def opened_version(self) -> int | None:
        raw = (self.cleaned_data.get("edit_token") or "").strip()
        return int(raw) if raw.isdigit() else None

    def values(self) -> dict:
        """The cleaned details as `changes.details` writes them."""
        data = self.cleaned_data
        return changes.clean(
            {
                **{k: data.get(k) for k in ("name", "acronym", "country", "website")},
                "is_global": data.get("is_global"),
                "sector": data["sector"].slug,
                "region": data["region"].slug,
                "constituencies": [c.slug for c in data.get("constituencies") or ()],
            }
        )
