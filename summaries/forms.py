"""Forms of the summaries pages. Word limits come from the model fields' validators."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coalitions.filing.wordlimits import word_limit
from impact.concurrency import VersionedModelForm
from impact.widgets import Textarea, typed_formfield

from .enums import ExportFormat
from .models import SessionReport, SummaryDraft, SummaryEntry

MAX_IMPORT_BYTES = 1_048_576


def _bootstrap(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


def _word_counted(form: forms.ModelForm) -> None:
    """Mark limited textareas so the page can show a live count (static/js/word-count.js)."""
    for name, field in form.fields.items():
        if name not in form._meta.fields:
            continue
        model_field = form._meta.model._meta.get_field(name)
        limit = word_limit(model_field)
        if limit:
            field.widget.attrs.update({"data-max-words": limit, "rows": 6})
            field.word_limit = limit


class ReportForm(BootstrapMixin, VersionedModelForm):
    class Meta:
        model = SessionReport
        fields = ["key_messages", "recommendations", "next_steps", "attendance", "links"]
        formfield_callback = typed_formfield
        widgets = {"links": Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_counted(self)


class ReturnForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("What should change?"),
        widget=Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class DraftForm(BootstrapMixin, VersionedModelForm):
    class Meta:
        model = SummaryDraft
        fields = ["title", "introduction", "cross_cutting"]
        widgets = {
            "introduction": Textarea(attrs={"rows": 8}),
            "cross_cutting": Textarea(attrs={"rows": 5}),
        }


class EntryForm(BootstrapMixin, VersionedModelForm):
    class Meta:
        model = SummaryEntry
        fields = ["title", "key_messages", "recommendations", "next_steps"]
        widgets = {f: Textarea(attrs={"rows": 6}) for f in fields[1:]}


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("Headings, labels and dates; the texts of the reports stay as written."),
    )
    confirmed = forms.BooleanField(
        label=_("Export anyway, with the problems listed above"), required=False
    )


class ProgrammeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Programme (CSV)"),
        help_text=_("UTF-8 CSV with a header row, at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Upload a .csv file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        raw = upload.read()
        if b"\x00" in raw:
            raise forms.ValidationError(_("This is not a text (CSV) file."))
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Save the file as UTF-8 CSV and try again.")) from exc
