"""The rows of the EOI form: members (with an inline new organization), work-plan items and
contacts, as plain formsets so a row can be added without JavaScript.

Choices come from `RowChoices`, built once per request and shared by every row, so the page
runs the same number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from coalitions.organizations import records as organizations
from impact.widgets import DateInput, Textarea

from ...enums import MemberRole
from ...models import ConstituencyType, Organization, Region, Sector
from .widgets import FastSelect, style

MAX_ROWS = 100


@dataclass(frozen=True)
class RowChoices:
    sectors: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    constituencies: list[tuple[str, str]]
    countries: list[tuple[str, str]]

    @classmethod
    def load(cls) -> RowChoices:
        """Three queries, whatever the number of rows; the country list (translated and sorted,
        which is slow) once per request rather than once per row."""
        return cls(
            # str() is the reader's language (see ReferenceModel), as in the hub's filters.
            sectors=[(s.slug, gettext(s.name)) for s in Sector.objects.all()],
            regions=[(r.slug, gettext(r.name)) for r in Region.objects.all()],
            constituencies=[(c.slug, gettext(c.name)) for c in ConstituencyType.objects.all()],
            countries=_countries(),
        )


_COUNTRIES: dict[str, list[tuple[str, str]]] = {}


def _countries() -> list[tuple[str, str]]:
    """The country list in the reader's language, sorted: built once per language and process
    (translating and sorting 250 names took longer than rendering the page)."""
    language = get_language() or ""
    if language not in _COUNTRIES:
        _COUNTRIES[language] = [(code, str(name)) for code, name in countries]
    return _COUNTRIES[language]


class RowForm(forms.Form):
    typed: tuple[str, ...] = ()

    def filled(self) -> bool:
        """Whether the row holds something to save: a saved row always does; a new one once
        the filer typed into it."""
        if not self.empty_permitted:
            return True
        return any(self.data.get(self.add_prefix(name)) for name in self.typed)


class MemberForm(RowForm):
    """A member: an existing organization (picked, or matched by name and country) or a new
    one described inline."""

    organization = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Organization"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "org-options", "autocomplete": "off"}),
    )
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False, widget=FastSelect)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=FastSelect)
    region = forms.ChoiceField(
        label=_("Primary region"),
        required=False,
        widget=FastSelect,
        help_text=_("Where it mainly operates. Filled in from the country."),
    )
    is_global = forms.BooleanField(label=_("We operate globally"), required=False)
    constituencies = forms.MultipleChoiceField(
        label=_("Constituency types"), required=False, widget=forms.CheckboxSelectMultiple
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER, required=False
    )
    # What the filer types; the role alone (it has a default) does not make a row filled.
    typed = ("organization", "name", "acronym", "sector", "country", "region", "constituencies")
    # The organization's own details. A saved member's row sends only its organization, name
    # and role; the details come back only when the filer edited them.
    details = ("acronym", "sector", "country", "region", "is_global", "constituencies")

    def __init__(self, *args, choices: RowChoices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        blank = [("", "—")]
        self.fields["sector"].choices = blank + choices.sectors
        self.fields["country"].choices = blank + choices.countries
        self.fields["region"].choices = [("", _("From the country"))] + choices.regions
        self.fields["constituencies"].choices = choices.constituencies
        style(self)
        self.organization: Organization | None = None

    def details_posted(self) -> bool:
        return any(self.add_prefix(n) in self.data for n in ("sector", "country", "region"))

    @cached_property
    def changed_data(self) -> list[str]:
        changed = super().changed_data
        if self.details_posted():
            return changed
        return [name for name in changed if name not in self.details]

    def clean_role(self) -> str:
        return self.cleaned_data.get("role") or MemberRole.MEMBER

    def clean(self) -> dict:
        data = super().clean()
        name = (data.get("name") or "").strip()
        if not name:
            if self.filled():
                self.add_error("name", _("Give the organization's name, or remove this row."))
            return data
        data["name"] = name
        country = data.get("country") or ""
        picked = data.get("organization")
        org = None
        if picked:
            org = Organization.objects.select_related("sector", "region").filter(pk=picked).first()
            # A picked organization whose name was then changed is a different organization.
            if org and org.name.casefold() != name.casefold():
                org = None
        if org is None:
            org = organizations.find(name, country)
        self.organization = org
        if org is None:
            if not data.get("sector"):
                self.add_error("sector", _("Choose the sector of this new organization."))
            if not data.get("region") and not organizations.derived_region(country):
                self.add_error(
                    "region",
                    _("Choose the primary region (or a country it can be derived from)."),
                )
        return data


class WorkPlanItemForm(RowForm):
    typed = ("date", "title", "description")
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    title = forms.CharField(label=_("Milestone"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, choices: RowChoices | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        style(self, limits_prefix="work_plan.")

    def clean(self) -> dict:
        data = super().clean()
        if self.filled() and not (data.get("title") or "").strip():
            self.add_error("title", _("Give this milestone a title, or remove this row."))
        return data


class ContactForm(RowForm):
    typed = ("name", "email", "organization")
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    organization = forms.CharField(label=_("Organization"), max_length=200, required=False)

    def __init__(self, *args, choices: RowChoices | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        style(self)

    def clean(self) -> dict:
        data = super().clean()
        if self.filled():
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Give the contact's name, or remove this row."))
            if not data.get("email") and "email" not in self.errors:
                self.add_error("email", _("Give the contact's e-mail address."))
        return data


class BaseRowFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # styled like every checkbox (a 24 px tap target)
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def live_forms(self) -> list[forms.Form]:
        """Valid rows that hold something and are not marked for removal."""
        return [
            f
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.filled()
        ]


class BaseMemberFormSet(BaseRowFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[tuple[str, str]] = set()
        for form in self.live_forms():
            org = form.organization
            key = (
                ("id", str(org.pk))
                if org
                else (form.cleaned_data["name"].casefold(), form.cleaned_data.get("country", ""))
            )
            if key in seen:
                form.add_error("name", _("This organization is already a member."))
            seen.add(key)


def _factory(form, base=BaseRowFormSet):
    return forms.formset_factory(
        form, formset=base, extra=0, can_delete=True, max_num=MAX_ROWS, absolute_max=MAX_ROWS
    )


MemberFormSet = _factory(MemberForm, BaseMemberFormSet)
WorkPlanFormSet = _factory(WorkPlanItemForm)
ContactFormSet = _factory(ContactForm)
