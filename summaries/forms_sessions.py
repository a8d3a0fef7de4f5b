"""The organizers' session form: the session, its panel and its timed agenda (two formsets)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coalitions.models import Proposal
from impact.models import ConferenceEdition, User
from impact.widgets import DateInput, Textarea, TimeInput, typed_formfield

from .enums import INTERPRETATION_LANGUAGES
from .forms import BootstrapMixin
from .models import AgendaItem, Participant, Session
from .zones import time_zone_names, validate_time_zone


class ZoneListField(forms.CharField):
    """Time zone names typed one after another, separated by commas or spaces."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        names: list[str] = []
        for name in text.replace(",", " ").split():
            if name not in names:
                names.append(name)
        return names

    def validate(self, value: list[str]) -> None:
        super().validate(", ".join(value))
        for name in value:
            validate_time_zone(name)


class OrganizerEmailsField(forms.CharField):
    """The session's organizers as the e-mail addresses of their accounts, one after another."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            users = [u if isinstance(u, User) else User.objects.filter(pk=u).first() for u in value]
            return ", ".join(sorted(u.email for u in users if u is not None))
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        emails: list[str] = []
        for email in text.replace(",", " ").replace(";", " ").split():
            if email.lower() not in emails:
                emails.append(email.lower())
        return emails

    def validate(self, value) -> None:
        super().validate(", ".join(value))

    def clean(self, value) -> list[User]:
        emails = super().clean(value)
        found = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
        unknown = [email for email in emails if email not in found]
        if unknown:
            raise forms.ValidationError(
                _("No account has this address: %(emails)s. They must sign up first."),
                params={"emails": ", ".join(unknown)},
            )
        return [found[email] for email in emails]


SESSION_FIELDS = [
    "title",
    "kind",
    "date",
    "starts_at",
    "ends_at",
    "time_zone",
    "additional_zones",
    "times_to_be_confirmed",
    "format",
    "room",
    "online_link",
    "interpretation",
    "coalition",
    "expected_outcomes",
    "organizers",
]


class SessionForm(BootstrapMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("The start and end are wall-clock times in this zone."),
    )
    additional_zones = ZoneListField(
        label=_("Additional official time zones"),
        required=False,
        max_length=1000,
        help_text=_(
            "Other zones the times are announced in, separated by commas, e.g. "
            "America/New_York, Europe/Paris."
        ),
    )
    organizers = OrganizerEmailsField(
        label=_("Session organizers"),
        required=False,
        max_length=2000,
        help_text=_(
            "E-mail addresses of their accounts, separated by commas. They write and submit "
            "the session's report."
        ),
    )
    online_link = forms.URLField(
        label=_("online link"), max_length=500, required=False, assume_scheme="https"
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation languages"),
        choices=INTERPRETATION_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Simultaneous interpretation offered in the session."),
    )

    class Meta:
        model = Session
        fields = SESSION_FIELDS
        formfield_callback = typed_formfield
        widgets = {
            "date": DateInput,
            "starts_at": TimeInput,
            "ends_at": TimeInput,
            "expected_outcomes": Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, edition: ConferenceEdition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.edition = edition
        self.fields["time_zone"].choices = [(name, name) for name in time_zone_names()]
        self.fields["coalition"].queryset = Proposal.objects.filter(edition=edition).order_by(
            "title"
        )
        self.fields["coalition"].required = False
        # Checkboxes are not selects: Bootstrap styles them through the template.
        self.fields["interpretation"].widget.attrs.pop("class", None)

    def clean_additional_zones(self) -> list[str]:
        # The session's own zone is shown first anyway.
        own = self.cleaned_data.get("time_zone")
        return [name for name in self.cleaned_data["additional_zones"] if name != own]

    def clean_interpretation(self) -> list[str]:
        chosen = set(self.cleaned_data["interpretation"])
        # Stored in the UN's order, whatever order they were ticked in.
        return [code for code, _name in INTERPRETATION_LANGUAGES if code in chosen]


class ParticipantForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["role", "name", "title", "affiliation", "group"]


class AgendaItemForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["starts_at", "duration", "title", "speakers"]
        formfield_callback = typed_formfield
        widgets = {"starts_at": TimeInput}


class OrderedFormSet(forms.BaseInlineFormSet):
    """Rows keep the order they have on the page; blank extra rows are ignored."""

    def save(self, commit: bool = True) -> list:
        kept = []
        for form in self.forms:
            if form in self.deleted_forms:
                if form.instance.pk:
                    form.instance.delete()
                continue
            if not form.instance.pk and not form.has_changed():
                continue
            setattr(form.instance, self.fk.name, self.instance)
            form.instance.position = len(kept)
            form.instance.save()
            kept.append(form.instance)
        return kept


ParticipantFormSet = forms.inlineformset_factory(
    Session,
    Participant,
    form=ParticipantForm,
    formset=OrderedFormSet,
    extra=6,
    can_delete=True,
)
AgendaFormSet = forms.inlineformset_factory(
    Session,
    AgendaItem,
    form=AgendaItemForm,
    formset=OrderedFormSet,
    extra=5,
    can_delete=True,
)
