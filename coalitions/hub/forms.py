"""Forms of the hub: asking to join (with a new or existing organization), leads' updates,
decisions and the work plan."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from coalitions.organizations.representatives import add_filer
from impact.concurrency import TOKEN_FIELD, Change, Conflict, EditToken
from impact.widgets import DateInput, Textarea

from ..models import (
    CoalitionUpdate,
    ConstituencyType,
    MilestoneUpdate,
    Organization,
    Proposal,
    Region,
    Sector,
    WorkPlanItem,
)
from .coalitions import organizations_of


class JoinForm(forms.Form):
    """Pick one of your organizations, or describe a new one, and say why you want to join."""

    organization = forms.ModelChoiceField(
        label=_("Your organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— A new organization (describe it below) —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(label=_("Organization name"), max_length=200, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=lambda: [("", "—"), *countries],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    region = forms.ModelChoiceField(
        label=_("Primary region"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("The region of your primary operation, even if you work globally."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    constituencies = forms.ModelMultipleChoiceField(
        label=_("Constituency types"),
        queryset=ConstituencyType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    message = forms.CharField(
        label=_("Why do you want to join?"),
        max_length=2000,
        widget=Textarea(attrs={"rows": 4}),
        help_text=_("What your organization brings and what it hopes to do with the coalition."),
    )

    NEW_ORG_FIELDS = ("name", "sector", "region")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = organizations_of(user)
        for name, field in self.fields.items():
            if name not in ("organization", "constituencies", "country", "sector", "region"):
                field.widget.attrs.setdefault("class", "form-control")

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("organization"):
            for name in self.NEW_ORG_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed for a new organization."))
        return data

    def organization_to_use(self) -> Organization:
        """The chosen organization, or the new one (reusing an identical entry if any)."""
        data = self.cleaned_data
        if data.get("organization"):
            return data["organization"]
        existing = Organization.objects.filter(
            name__iexact=data["name"].strip(), country=data.get("country") or ""
        ).first()
        if existing:
            return existing
        org = Organization.objects.create(
            name=data["name"].strip(),
            acronym=data.get("acronym", ""),
            sector=data["sector"],
            country=data.get("country") or "",
            region=data["region"],
            website=data.get("website", ""),
            created_by=self.user,
        )
        org.constituencies.set(data.get("constituencies") or [])
        add_filer(org, self.user)
        return org


class UpdateForm(forms.ModelForm):
    class Meta:
        model = CoalitionUpdate
        fields = ["body"]
        labels = {"body": _("Post an update")}
        widgets = {"body": Textarea(attrs={"rows": 3, "class": "form-control"})}
        help_texts = {"body": _("Shown on the coalition's public page. 2,000 characters at most.")}


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the organization (optional)"),
        max_length=1000,
        required=False,
        widget=Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class BaseWorkPlanFormSet(forms.BaseInlineFormSet):
    """A published coalition's work plan: a milestone with progress reports keeps its history,
    so it cannot be removed (it can be marked dropped)."""

    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.deleted_forms if f.instance.pk and f.instance.updates.exists()]
        for form in kept:
            form.add_error(
                None,
                _(
                    "“%(title)s” has progress reports and cannot be removed: "
                    "mark it dropped instead."
                )
                % {"title": form.instance.title},
            )
        if kept:
            raise forms.ValidationError(
                _("Some milestones cannot be removed; see below."), code="has_reports"
            )


WorkPlanFormSet = inlineformset_factory(
    Proposal,
    WorkPlanItem,
    formset=BaseWorkPlanFormSet,
    fields=["date", "title", "description"],
    extra=1,
    can_delete=True,
    widgets={
        "date": DateInput(attrs={"class": "form-control"}),
        "title": forms.TextInput(attrs={"class": "form-control"}),
        "description": Textarea(attrs={"rows": 2, "class": "form-control"}),
    },
)


# --- two leads editing the work plan (see impact.concurrency) --------------------------------

PLAN_PREFIX = "plan"
PLAN_FIELDS = ("id", "date", "title", "description", "DELETE")


def _plan(coalition: Proposal) -> list[tuple]:
    return [(i.date, i.title, i.description) for i in coalition.work_plan.all()]


def work_plan_token(coalition: Proposal) -> EditToken:
    """The edit token of the leads' work-plan form: the version and the plan they saw."""
    return EditToken.of(coalition, {"work_plan": _plan(coalition)})


def work_plan_conflict(coalition: Proposal) -> Conflict:
    """What the stale form is shown: the work plan as saved now, who saved it, when."""
    shown = "\n".join(
        f"{i.date.isoformat() if i.date else '—'} {i.title}" for i in coalition.work_plan.all()
    )
    change = Change("work_plan", str(_("Work plan")), shown or "—", conflict=True)
    return Conflict([change], coalition.edited_by, coalition.edited_at)


def rebased_plan(data: QueryDict, coalition: Proposal) -> QueryDict:
    """The posted work-plan rows, as typed, over the plan saved now: rows whose milestone
    another lead removed meanwhile become new rows (unless this lead removed them too);
    milestones another lead added are left alone. Saving it keeps both leads' changes."""
    existing = {str(pk) for pk in coalition.work_plan.values_list("pk", flat=True)}

    def count(name: str) -> int:
        try:
            return max(0, min(int(data.get(f"{PLAN_PREFIX}-{name}", "0")), 1000))
        except ValueError:
            return 0

    total, initial = count("TOTAL_FORMS"), count("INITIAL_FORMS")
    rows = [{f: data.getlist(f"{PLAN_PREFIX}-{i}-{f}") for f in PLAN_FIELDS} for i in range(total)]
    kept = [r for r in rows[:initial] if (r["id"] or [""])[0] in existing]
    gone = [{**r, "id": []} for r in rows[:initial] if r not in kept and not r["DELETE"]]
    result = QueryDict(mutable=True)
    for i, row in enumerate(kept + gone + rows[initial:]):
        for name, values in row.items():
            result.setlist(f"{PLAN_PREFIX}-{i}-{name}", values)
    result[f"{PLAN_PREFIX}-TOTAL_FORMS"] = str(len(kept) + len(gone) + len(rows[initial:]))
    result[f"{PLAN_PREFIX}-INITIAL_FORMS"] = str(len(kept))
    result[TOKEN_FIELD] = work_plan_token(coalition).encode()
    return result


class ProgressForm(forms.ModelForm):
    """A lead reports progress on one milestone (one form per milestone, prefixed by its id)."""

    evidence_url = forms.URLField(
        label=_("Evidence link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Optional: a report, an article or a recording that shows it."),
        widget=forms.URLInput(attrs={"class": "form-control"}),
    )

    class Meta:
        model = MilestoneUpdate
        fields = ["status", "happened_on", "note", "evidence_url"]
        labels = {"status": _("Status"), "happened_on": _("As of")}
        help_texts = {
            "note": _("What was done or what changed. 500 characters at most."),
        }
        widgets = {
            "status": forms.Select(attrs={"class": "form-select"}),
            "happened_on": DateInput(attrs={"class": "form-control"}),
            "note": forms.TextInput(attrs={"class": "form-control", "maxlength": 500}),
        }

    def __init__(self, *args, milestone: WorkPlanItem, **kwargs):
        kwargs.setdefault("prefix", f"m{milestone.pk}")
        kwargs.setdefault(
            "initial", {"status": milestone.status, "happened_on": timezone.localdate()}
        )
        super().__init__(*args, **kwargs)
        self.milestone = milestone

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        unchanged = data.get("status") == self.milestone.status
        if unchanged and not (data.get("note") or "").strip() and "status" not in self.errors:
            self.add_error("note", _("Change the status or say what happened."))
        return data
