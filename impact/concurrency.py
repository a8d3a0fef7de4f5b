"""Optimistic concurrency for pages where several people edit the same thing.

A versioned model has `edit_version`, `edited_by` and `edited_at` (`Versioned`). Its form
carries an edit token in a hidden field: the version the editor opened and a fingerprint of
each value they saw. A save first *claims* the next version with a conditional UPDATE
(`WHERE pk = … AND edit_version = opened`) inside the save's transaction; when someone else
saved in between, nothing is written (`StaleEdit`) and the page is shown again with:

- the editor's own changes kept (every value they changed on the page),
- the values someone else changed, and they did not, taken from the database (a page may
  merge lists row by row: the EOI form's members, work plan and contacts),
- what changed since they opened it (`Conflict`: each field, its stored value, who saved
  it and when), and a new token, so saving again keeps both sets of changes.

A form posted without a token (a client that is not one of these pages) is saved unchecked.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import jsoninput

TOKEN_FIELD = "edit_token"


class Versioned(models.Model):
    """Fields every concurrently edited model carries (see the module docstring)."""

    edit_version = models.PositiveIntegerField(gettext_lazy("edit version"), default=0)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("last saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField(gettext_lazy("last saved"), null=True, blank=True)

    class Meta:
        abstract = True


class StaleEdit(Exception):
    """Someone else saved the same object after the editor opened it."""


def canonical(value: Any) -> Any:
    """A JSON-able form of a value that compares equal however it was read (from the model
    or from a form's cleaned data): text with its line ends normalized and its ends
    stripped, model instances as their key, collections in a stable order."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    return str(value)


def fingerprint(value: Any) -> str:
    raw = json.dumps(canonical(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class EditToken:
    version: int
    opened: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, obj: models.Model, values: Mapping[str, Any]) -> EditToken:
        return cls(obj.edit_version, {k: fingerprint(v) for k, v in values.items()})

    @classmethod
    def of_values(cls, values: Mapping[str, Any]) -> EditToken:
        """A token of values that are not one versioned object's (a list edited as a whole):
        only the fingerprints tell what changed."""
        return cls(0, {k: fingerprint(v) for k, v in values.items()})

    def encode(self) -> str:
        body = json.dumps(self.opened, sort_keys=True, separators=(",", ":")).encode()
        return f"{self.version}:{base64.urlsafe_b64encode(body).decode()}"

    @classmethod
    def decode(cls, raw: str | None) -> EditToken | None:
        """The posted token, or None when absent or unreadable."""
        version, _sep, body = (raw or "").partition(":")
        try:
            # Posted by the browser, so read like any other JSON sent in (impact.jsoninput).
            opened = jsoninput.loads(base64.urlsafe_b64decode(body.encode()))
            if not isinstance(opened, dict):
                return None
            return cls(int(version), {str(k): str(v) for k, v in opened.items()})
        except (ValueError, TypeError):
            return None


def claim(obj: models.Model, token: EditToken | None, *, actor) -> None:
    """Take the next edit version of `obj` (saved already) if `token` holds the stored one;
    raise `StaleEdit` otherwise. Run it inside the save's transaction: the UPDATE locks the
    row, so of two simultaneous saves of the same version exactly one wins.

    Side effects: `edit_version`, `edited_by` and `edited_at` updated in the database and
    on `obj` (so a later `obj.save()` writes the same values).
    """
    now = timezone.now()
    who = actor if actor is not None and actor.is_authenticated else None
    rows = type(obj)._base_manager.filter(pk=obj.pk)
    if token is not None:
        rows = rows.filter(edit_version=token.version)
    if not rows.update(edit_version=F("edit_version") + 1, edited_by=who, edited_at=now):
        raise StaleEdit
    obj.edit_version = type(obj)._base_manager.values_list("edit_version", flat=True).get(pk=obj.pk)
    obj.edited_by, obj.edited_at = who, now


def save_new(obj: models.Model, *, actor) -> None:
    """Save a new object; `StaleEdit` when a unique constraint says someone else created it
    meanwhile (two people opening an empty page and both saving)."""
    obj.edited_by = actor if actor is not None and actor.is_authenticated else None
    obj.edited_at = timezone.now()
    obj.edit_version = 1
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        obj.pk = None
        raise StaleEdit from exc


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    current: str
    # Also changed on the page: the editor's text is kept in the form, the stored one shown.
    conflict: bool


@dataclass(frozen=True)
class Conflict:
    changes: list[Change]
    edited_by: Any
    edited_at: dt.datetime | None


@dataclass(frozen=True)
class Reconciled:
    mine: set[str]  # keys the editor changed on the page: their value is kept
    conflict: Conflict


def reconcile(
    token: EditToken | None,
    *,
    stored: Mapping[str, Any],
    posted: Mapping[str, Any],
    current: models.Model,
    labels: Mapping[str, str],
    shown: Mapping[str, str],
) -> Reconciled:
    """Compare what the editor opened (`token`), what is stored now and what they posted.

    `labels` names each key; `shown` is the stored value of each key as a person reads it.
    Without a token every posted value counts as the editor's change.
    """
    opened = token.opened if token else {}
    stored_fp = {k: fingerprint(v) for k, v in stored.items()}
    posted_fp = {k: fingerprint(v) for k, v in posted.items()}
    mine = {k for k in posted if posted_fp[k] != opened.get(k)}
    changes = [
        Change(
            key=k,
            label=str(labels.get(k, k)),
            current=shown.get(k) or "—",
            conflict=k in mine and posted_fp[k] != stored_fp[k],
        )
        for k in stored
        if stored_fp[k] != opened.get(k)
    ]
    return Reconciled(mine, Conflict(changes, current.edited_by, current.edited_at))


def model_value(obj: models.Model, name: str) -> Any:
    """The stored value of a model field as a form field compares it (many-to-many: the
    related objects, read from a prefetch when there is one)."""
    model_field = obj._meta.get_field(name)
    if model_field.many_to_many:
        return list(getattr(obj, name).all()) if obj.pk else []
    return model_field.value_from_object(obj)


def shown_value(form_field: forms.Field, value: Any) -> str:
    """A stored value as a person reads it: choices by their label, yes/no, names."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Iterable) and not isinstance(value, str | dict):
        return ", ".join(shown_value(form_field, v) for v in value)
    choices = getattr(form_field, "choices", None)
    if choices is not None and not isinstance(value, models.Model):
        for key, label in choices:
            if str(key) == str(value):
                return str(label)
    return "" if value is None else str(value)


class VersionedModelForm(forms.ModelForm):
    """A ModelForm of a `Versioned` model that refuses stale saves (see the module)."""

    edit_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        if not self.is_bound:
            self.initial[TOKEN_FIELD] = self.token_for(self.instance).encode()

    def versioned_fields(self) -> list[str]:
        return [name for name in self.fields if name != TOKEN_FIELD]

    def token_for(self, obj: models.Model) -> EditToken:
        return EditToken.of(obj, {n: model_value(obj, n) for n in self.versioned_fields()})

    def save_checked(self, *, actor) -> models.Model:
        """Save (call `is_valid()` first) unless someone else saved since the form was
        opened: then raise `StaleEdit` and write nothing."""
        token = EditToken.decode(self.cleaned_data.get(TOKEN_FIELD))
        if self.instance.pk is None:
            obj = self.save(commit=False)
            save_new(obj, actor=actor)
            self.save_m2m()
            return obj
        with transaction.atomic():
            claim(self.instance, token, actor=actor)
            return self.save()

    def saved_as(self, obj: models.Model) -> None:
        """After a save, when the same bound form is shown again: carry `obj`'s new token."""
        self.data = self.data.copy()
        self.data[self.add_prefix(TOKEN_FIELD)] = self.token_for(obj).encode()

    def reopen(self, current: models.Model) -> VersionedModelForm:
        """The form to show after `StaleEdit`: `current` (the stored object) with the
        editor's own changes, a fresh token and the `conflict` to explain."""
        names = self.versioned_fields()
        result = reconcile(
            EditToken.decode(self.cleaned_data.get(TOKEN_FIELD)),
            stored={n: model_value(current, n) for n in names},
            posted={n: self.cleaned_data.get(n) for n in names},
            current=current,
            labels={n: self.fields[n].label or n for n in names},
            shown={n: shown_value(self.fields[n], model_value(current, n)) for n in names},
        )
        form = type(self)(
            instance=current, initial={n: self.cleaned_data.get(n) for n in result.mine}
        )
        form.conflict = result.conflict
        return form
