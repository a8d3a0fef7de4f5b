"""A person's rights over their data: everything the portal holds about them, and erasure.

Both walk every model Django knows (`django.apps`) rather than a list kept by hand, so a model
added later is covered without anyone remembering to add it here:

- `collect` finds the rows that point at the person (a foreign key, one-to-one or many-to-many
  to the user) or carry their e-mail address (an e-mail column), and the account itself.
- `erase_account` first lets the apps hand over what must outlive the account (the
  `erasing` signal: `coalitions.privacy` gives the person's proposals a new owner), then
  replaces their name and e-mail address wherever they appear as text (in any text or JSON
  column: a version's copy of a contact, a notification that named them, an admin log line),
  then deletes the user, whose own rows (notifications, representations, requests) go with it
  and whose other links are set to nothing, and drops the cached public pages.
"""

from __future__ import annotations

import datetime
import decimal
import logging
import re
import secrets
import uuid
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.dispatch import Signal
from django.utils.functional import Promise
from django.utils.translation import gettext

from . import pagecache
from .models import Notification

logger = logging.getLogger(__name__)

# Sent with `user=` inside the erasure's transaction, before anything is erased: receivers move
# what must survive the account (a proposal's ownership) away from it.
erasing = Signal()

# Columns never shown in the download: secrets, and what only the database uses.
HIDDEN_COLUMNS = frozenset({"password", "token", "late_token", "search_vector", "save_key"})
# Apps whose tables hold no personal data in text or are not rows people own.
SKIPPED_APPS = frozenset({"contenttypes", "sessions", "staticfiles", "messages", "humanize"})

ERASED = "[erased]"
# Whoever owns what nobody else can take over: no name, an address that cannot receive mail,
# no usable password (`placeholder_user`).
PLACEHOLDER_EMAIL = "former-account@deleted.invalid"
# A name shorter than this is not searched for in text: it would erase parts of other words.
MIN_NAME_LENGTH = 4


class ErasureRefused(Exception):
    """The account cannot be erased through the portal (its rows are kept by a protected
    link, for instance a reviewer's reviews); an administrator must do it."""


def _models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in SKIPPED_APPS
        and model._meta.managed
        and not model._meta.proxy
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _row(obj: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in HIDDEN_COLUMNS:
            continue
        row[field.name] = _plain(field.value_from_object(obj))
    return row


def _user_links(model: type[models.Model]) -> list[str]:
    """The lookups that find a model's rows pointing at a user."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    lookups = []
    for field in model._meta.get_fields():
        if not field.is_relation or field.auto_created and not field.concrete:
            continue
        if getattr(field, "related_model", None) is user_model and (
            field.many_to_one or field.one_to_one or field.many_to_many
        ):
            lookups.append(field.name)
    return lookups


def _email_columns(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.EmailField)]


def collect(user) -> dict[str, Any]:
    """Everything the portal holds about `user`, as plain JSON-ready data: the account, then
    one section per model (its verbose name, and every row pointing at the user or carrying
    their address, each column but secrets)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    sections = []
    for model in _models():
        if model is user_model:
            continue
        query = models.Q()
        for lookup in _user_links(model):
            query |= models.Q(**{lookup: user})
        for column in _email_columns(model):
            query |= models.Q(**{f"{column}__iexact": user.email})
        if not query:
            continue
        found = model._base_manager.filter(query).distinct().order_by("pk")
        if model is Notification:
            # Held back (a decision not yet announced): not theirs to read until released.
            found = found.exclude(state=Notification.State.HELD)
        # A model may show its owners less than it holds (a proposal whose decision's letter
        # is held: `coalitions.models.held`).
        rows = [
            obj.personal_data_row(_row(obj)) if hasattr(obj, "personal_data_row") else _row(obj)
            for obj in found
        ]
        if rows:
            sections.append(
                {
                    "model": model._meta.label,
                    "title": str(model._meta.verbose_name_plural),
                    "rows": rows,
                }
            )
    return {
        "account": _row(user),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "sections": sections,
    }


def _readable_row(model: type[models.Model], row: dict[str, Any]) -> list[tuple[str, Any]]:
    shown = []
    for name, value in row.items():
        field = model._meta.get_field(name)
        if field.choices and value is not None:
            value = dict(field.flatchoices).get(value, value)
        elif isinstance(field, models.JSONField):
            # Keys are codes, not words for a reader: the download has them whole.
            value = gettext("structured data, whole in the JSON download") if value else None
        label = field.verbose_name
        if field.is_relation and not isinstance(label, Promise):
            # A link named only by its column ("proposal", "submitted by"): the linked
            # model's name, which is translated.
            label = field.related_model._meta.verbose_name
        shown.append((str(label), value))
    return shown


def readable(data: dict[str, Any]) -> dict[str, Any]:
    """`collect`'s data as a page shows it: columns by their names in the reader's language,
    coded values by their labels."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        "account": _readable_row(user_model, data["account"]),
        "roles": data["roles"],
        "sections": [
            {
                "title": section["title"],
                "rows": [
                    _readable_row(apps.get_model(section["model"]), row) for row in section["rows"]
                ],
            }
            for section in data["sections"]
        ],
    }


def placeholder_user():
    """The inactive account that owns what a deleted account left and nobody could take."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    user, created = user_model._base_manager.get_or_create(
        email=PLACEHOLDER_EMAIL, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _patterns(user) -> list[re.Pattern[str]]:
    patterns = [re.compile(re.escape(user.email), re.IGNORECASE)]
    name = (getattr(user, "name", "") or "").strip()
    if len(name) >= MIN_NAME_LENGTH:
        patterns.append(re.compile(re.escape(name), re.IGNORECASE))
    return patterns


def _scrub_text(text: str, patterns: list[re.Pattern[str]], replacement: str) -> str:
    for pattern in patterns:
        text = pattern.sub(replacement, text)
    return text


def _scrub_json(value: Any, patterns: list[re.Pattern[str]], replacement: str) -> Any:
    if isinstance(value, str):
        return _scrub_text(value, patterns, replacement)
    if isinstance(value, dict):
        return {
            _scrub_text(k, patterns, replacement): _scrub_json(v, patterns, replacement)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub_json(v, patterns, replacement) for v in value]
    return value


def _text_columns(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.choices
        and f.name not in {"password"}
    ]


def scrub(user, *, exclude: tuple[type[models.Model], ...] = ()) -> int:
    """Replace the person's e-mail address and name in every text and JSON column of every
    model (but `exclude`). A whole e-mail column becomes an address of its own that cannot
    receive mail (unique per erasure, so unique constraints hold). Returns the rows changed."""
    patterns = _patterns(user)
    name = (getattr(user, "name", "") or "").strip()
    terms = [user.email] + ([name] if len(name) >= MIN_NAME_LENGTH else [])
    erased_address = f"erased-{secrets.token_hex(6)}@deleted.invalid"
    changed = 0
    for model in _models():
        if model in exclude:
            continue
        columns = _text_columns(model)
        if not columns:
            continue
        query = models.Q()
        for column in columns:
            for term in terms:
                query |= models.Q(**{f"{column.name}__icontains": term})
        for obj in model._base_manager.filter(query):
            updated = []
            for column in columns:
                value = column.value_from_object(obj)
                if value is None:
                    continue
                if isinstance(column, models.EmailField):
                    new = erased_address if value.lower() == user.email.lower() else value
                elif isinstance(column, models.JSONField):
                    new = _scrub_json(value, patterns, ERASED)
                else:
                    new = _scrub_text(value, patterns, ERASED)
                if isinstance(column, models.CharField) and isinstance(new, str):
                    new = new[: column.max_length] if column.max_length else new
                if new != value:
                    setattr(obj, column.attname, new)
                    updated.append(column.name)
            if updated:
                # A queryset update: no model signal sends mail or rebuilds anything from a
                # row only being rid of a name.
                model._base_manager.filter(pk=obj.pk).update(
                    **{name: getattr(obj, name) for name in updated}
                )
                changed += 1
    return changed


def erase_account(user) -> None:
    """Delete `user` and their personal data. Side effects: the `erasing` signal (proposals
    re-owned), the person's name and address replaced in every row that quotes them, the user
    deleted with the rows that are theirs alone; logged. Raises `ErasureRefused` when a
    protected link keeps the account (nothing is changed then)."""
    if user.is_staff or user.is_superuser:
        # Their decisions are part of the record others rely on: an administrator removes
        # their access and their details, knowingly.
        raise ErasureRefused("staff account")
    pk = user.pk
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    try:
        with transaction.atomic():
            erasing.send(sender=user_model, user=user)
            changed = scrub(user, exclude=(user_model,))
            user.delete()
            # A cached public page may show their name (an update they posted).
            pagecache.invalidate()
    except ProtectedError as error:
        raise ErasureRefused(str(error)) from error
    logger.info("account %s erased (%s rows rid of its name or address)", pk, changed)
