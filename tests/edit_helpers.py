"""Two people on one page: the form as each one's browser received it, then posted."""

from __future__ import annotations

from django import forms
from django.test import Client

from tests.factories import TEST_PASSWORD


def browser_of(user) -> Client:
    client = Client()
    client.login(email=user.email, password=TEST_PASSWORD)
    return client


def as_opened(form: forms.BaseForm) -> dict:
    """What the browser posts back for `form` when nothing is typed: every field's value as
    the page shows it (hidden edit token included)."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [str(v) for v in value]
        else:
            value = str(value)
        data[bound.html_name] = value
    return data


def eoi_as_opened(form) -> dict:
    """The whole EOI form (`coalitions.forms.EOIForm`) as the browser posts it back."""
    data = {**as_opened(form.main), "action": "save"}
    if form.edit_token:
        data["edit_token"] = form.edit_token
    for formset in form.formsets.values():
        data.update(as_opened(formset.management_form))
        for row in formset:
            data.update(as_opened(row))
    return data
