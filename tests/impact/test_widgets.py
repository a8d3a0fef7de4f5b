"""Every typed input of every form renders its value in the format browsers read, in French
and Spanish too: an `<input type="date">` handed `30/01/2027` shows an empty box and posts it
back empty. The forms are found by walking the project's modules and the admin's registry,
so a new form is checked without being named here."""

from __future__ import annotations

import datetime
import importlib
import pkgutil
import re
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.test import RequestFactory
from django.utils import timezone, translation

from impact.widgets import (
    AdminTextarea,
    DateInput,
    DateTimeInput,
    NumberInput,
    Textarea,
    TimeInput,
    typed_formfield,
)

APPS = ("impact", "coalitions", "summaries")
BROWSER_FORMAT = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "number": re.compile(r"-?\d+(\.\d+)?"),
}
TAG = re.compile(r"<input\b[^>]*>")


def project_modules() -> list:
    modules = []
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or info.name.endswith((".wsgi", ".asgi")):
                continue
            modules.append(importlib.import_module(info.name))
    return modules


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def project_forms() -> dict[str, type[forms.BaseForm]]:
    """Every form class defined in the project, and the forms of its formsets."""
    modules = project_modules()
    found = {
        f"{cls.__module__}.{cls.__qualname__}": cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in APPS
        # A model form's base without a model (VersionedModelForm) is no form of its own.
        and not (issubclass(cls, forms.BaseModelForm) and cls._meta.model is None)
    }
    for module in modules:
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, forms.BaseFormSet):
                if getattr(value, "form", None) is not None:
                    found[f"{module.__name__}.{name}.form"] = value.form
    return found


def admin_forms(superuser) -> dict[str, type[forms.BaseForm]]:
    """The add and change forms of every ModelAdmin, and of their inlines."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    found = {}
    for model, model_admin in admin.site._registry.items():
        label = f"admin:{model._meta.label}"
        found[label] = model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            found[f"{label}.{type(inline).__name__}"] = inline.get_formset(request).form
    return found


def sample(field: forms.Field, input_type: str):
    if input_type == "date":
        return datetime.date(2027, 1, 30)
    if input_type == "time":
        return datetime.time(9, 5)
    if input_type == "datetime-local":
        return timezone.make_aware(datetime.datetime(2027, 1, 30, 9, 5))
    if isinstance(field, forms.DecimalField):
        return Decimal("12345.50")
    if isinstance(field, forms.FloatField):
        return 12345.5
    return 12345


def fields_of(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The form's fields as a page shows them: those added by `__init__` too when the form
    can be built without arguments, else the declared ones."""
    try:
        return form_class().fields
    except (TypeError, KeyError, AttributeError):
        return form_class.base_fields


def misread_inputs(form_class: type[forms.BaseForm]) -> list[str]:
    wrong = []
    for name, field in fields_of(form_class).items():
        widgets = getattr(field.widget, "widgets", [field.widget])
        if not any(getattr(w, "input_type", None) in BROWSER_FORMAT for w in widgets):
            continue
        input_type = next(w.input_type for w in widgets if w.input_type in BROWSER_FORMAT)
        html = str(field.widget.render(name, field.prepare_value(sample(field, input_type))))
        for tag in TAG.findall(html):
            kind = re.search(r'type="([^"]+)"', tag).group(1)
            if kind not in BROWSER_FORMAT:
                continue
            value = re.search(r'value="([^"]*)"', tag)
            if value is None or not BROWSER_FORMAT[kind].fullmatch(value.group(1)):
                wrong.append(f"{name}: {tag}")
    return wrong


@pytest.fixture
def every_form(db):
    from tests.factories import UserFactory

    superuser = UserFactory(is_staff=True, is_superuser=True)
    return {**project_forms(), **admin_forms(superuser)}


def test_the_walk_finds_the_forms_with_typed_inputs(every_form):
    # The forms known to carry dates, times and numbers are among those walked.
    names = set(every_form)
    for expected in (
        "coalitions.filing.forms.rows.WorkPlanItemForm",
        "coalitions.hub.forms.ProgressForm",
        "coalitions.hub.forms.WorkPlanFormSet.form",
        "summaries.forms_sessions.SessionForm",
        "summaries.forms_sessions.AgendaItemForm",
        "summaries.forms.ReportForm",
        "admin:coalitions.Proposal",
        "admin:summaries.Session.AgendaInline",
    ):
        assert expected in names


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("thousands", [False, True])
def test_every_typed_input_renders_in_the_browser_format(every_form, settings, lang, thousands):
    settings.USE_THOUSAND_SEPARATOR = thousands
    wrong = {}
    with translation.override(lang):
        for name, form_class in every_form.items():
            if found := misread_inputs(form_class):
                wrong[name] = found
    assert not wrong, wrong


def test_numbers_are_never_shown_with_separators():
    # A template's `{{ number }}` in a `value=` is localized unless this stays off.
    assert settings.USE_THOUSAND_SEPARATOR is False


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_shared_inputs_ignore_the_language(settings, lang):
    settings.USE_THOUSAND_SEPARATOR = True
    localized = forms.DecimalField(localize=True, widget=NumberInput)
    with translation.override(lang):
        assert 'value="12345.5"' in localized.widget.render("n", Decimal("12345.5"))
        assert 'value="2027-01-30"' in DateInput().render("d", datetime.date(2027, 1, 30))
        assert 'value="09:05"' in TimeInput().render("t", datetime.time(9, 5))
        assert 'value="2027-01-30T09:05"' in DateTimeInput().render(
            "dt", datetime.datetime(2027, 1, 30, 9, 5)
        )


def test_a_posted_browser_value_reads_back_in_every_language():
    # What the browser sends (ISO, dot decimal) is what the fields read, in any language.
    for lang in ("en", "fr", "es"):
        with translation.override(lang):
            assert forms.DateField(widget=DateInput).clean("2027-01-30") == datetime.date(
                2027, 1, 30
            )
            assert forms.TimeField(widget=TimeInput).clean("09:05") == datetime.time(9, 5)
            assert forms.DecimalField(widget=NumberInput).clean("1234.5") == Decimal("1234.5")


def test_a_model_form_gets_typed_inputs_unless_it_chose_a_widget():
    from summaries.models import AgendaItem

    class Form(forms.ModelForm):
        class Meta:
            model = AgendaItem
            fields = ["starts_at", "duration"]
            widgets = {"starts_at": forms.HiddenInput}
            formfield_callback = typed_formfield

    assert type(Form.base_fields["duration"].widget) is NumberInput
    assert type(Form.base_fields["starts_at"].widget) is forms.HiddenInput


def test_a_text_area_reads_a_browsers_line_breaks_as_stored():
    # Browsers post a text area's line breaks as CRLF, whatever the stored text had.
    posted = {"text": "One.\r\nTwo.\rThree."}
    assert Textarea().value_from_datadict(posted, {}, "text") == "One.\nTwo.\nThree."
    assert AdminTextarea().value_from_datadict(posted, {}, "text") == "One.\nTwo.\nThree."
    assert Textarea().value_from_datadict({}, {}, "text") is None


def test_every_admin_text_area_reads_line_breaks_as_stored(every_form):
    plain = {
        name: field
        for label, form_class in every_form.items()
        if label.startswith("admin:")
        for name, field in form_class.base_fields.items()
        if type(field.widget) in (forms.Textarea, AdminTextareaWidget)
    }
    assert not plain, plain
