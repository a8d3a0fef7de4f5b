"""The audit trail: every privileged action, who did it, when, from where, before and after.

Rows are `impact.models.AuditEntry`, written by `record()`. Three ways lead there:

- domain code calls `record()` for what is not a plain row change (an export, a sign-in);
- `track(Model, fields)` records each change of those fields made in a request of a
  privileged person (organizer, reviewer, staff), with the values before and after;
- signals here record role changes (groups, staff and superuser flags) whoever makes them,
  and each sign-in of a privileged person.

`AuditRequestMiddleware` keeps who is asking and from which address for the length of a
request, so `track()` needs no request passed down. Work done outside a request (a Celery
task, a management command) has no actor and is only recorded where a call says so.

Why not django-auditlog: it logs every save of a registered model by anyone (a filer's
every keystroke-save of a draft too) and knows nothing of exports or sign-ins; what is
needed here is a short list of actions by a few roles, which fits in this module.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
import ipaddress
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from . import roles
from .models import AuditEntry, ConferenceEdition, User

_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the proxy's header named by
    RATELIMIT_IP_META_KEY (the same the rate limits trust)."""
    raw = request.META.get(settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR", "") or ""
    raw = raw.split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


class AuditRequestMiddleware:
    """Keeps the request being answered where `track()` finds it (its user stays lazy,
    read only when something is recorded)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(request):
            return self.get_response(request)


@contextlib.contextmanager
def acting(request):
    """Within this block, tracked changes are `request`'s (its user and address)."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def current_actor() -> User | None:
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def current_ip() -> str | None:
    request = _request.get()
    return client_ip(request) if request is not None else None


def is_privileged(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and (user.is_staff or roles.is_reviewer(user))
    )


def label_of(user) -> str:
    if user is None:
        return ""
    name = getattr(user, "name", "")
    return f"{name} <{user.email}>" if name else user.email


def record(
    action: str,
    *,
    target: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    actor: User | None = None,
    ip: str | None = None,
    request=None,
) -> AuditEntry:
    """Write one row. The actor and address default to the current request's."""
    if request is not None:
        actor = actor or (request.user if request.user.is_authenticated else None)
        ip = ip or client_ip(request)
    actor = actor or current_actor()
    ip = ip or current_ip()
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=label_of(actor),
        ip=ip,
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        before=before or {},
        after=after or {},
    )


def plain(value):
    """A field's value as JSON keeps it."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)  # a country, a file, a value type of a library's field


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = plain(getattr(instance, field.attname))
    return values


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


# The optimistic-locking stamps (impact.concurrency.Versioned) move on every save by design.
STAMPS = {"edit_version", "edited_at", "edited_by"}


def tracked_fields(model: type[models.Model]) -> tuple[str, ...]:
    """Every stored field but the key, the automatic time stamps and the editing stamps."""
    return tuple(
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.name not in STAMPS
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    )


def track(model: type[models.Model], *, action: str, fields: Iterable[str] | None = None) -> None:
    """Record the creation, change (of `fields`, by default all) and deletion of `model` rows
    made in a privileged person's request, as `<action>.created`, `.changed`, `.deleted`."""
    fields = tuple(fields) if fields is not None else tracked_fields(model)
    uid = f"audit:{model._meta.label}"

    def before_save(sender, instance, raw=False, **kwargs):
        if raw or not is_privileged(current_actor()):
            return
        instance._audit_before = None
        if instance.pk is not None:
            old = (
                sender._default_manager.filter(pk=instance.pk)
                .values(*[sender._meta.get_field(f).attname for f in fields])
                .first()
            )
            if old is not None:
                instance._audit_before = {
                    f: plain(old[sender._meta.get_field(f).attname]) for f in fields
                }

    def after_save(sender, instance, created, raw=False, **kwargs):
        if raw or not hasattr(instance, "_audit_before"):
            return
        before = instance._audit_before
        del instance._audit_before
        now = snapshot(instance, fields)
        if before is None:
            record(f"{action}.created", target=instance, after=now)
            return
        old, new = _diff(before, now)
        if old or new:
            record(f"{action}.changed", target=instance, before=old, after=new)

    def after_delete(sender, instance, **kwargs):
        if not is_privileged(current_actor()):
            return
        record(f"{action}.deleted", target=instance, before=snapshot(instance, fields))

    pre_save.connect(before_save, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(after_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(after_delete, sender=model, weak=False, dispatch_uid=uid)


# --- role changes and sign-ins, whoever makes them ----------------------------------------

ROLE_FLAGS = ("is_staff", "is_superuser", "is_active")


def _user_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._audit_flags = User.objects.filter(pk=instance.pk).values(*ROLE_FLAGS).first() or None


def _user_after(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_audit_flags", None)
    if raw:
        return
    instance._audit_flags = None
    now = {f: getattr(instance, f) for f in ROLE_FLAGS}
    if created:
        if instance.is_staff or instance.is_superuser:
            record("user.roles.changed", target=instance, after=now)
        return
    if before is None:
        return
    old, new = _diff(before, now)
    if old:
        record("user.roles.changed", target=instance, before=old, after=new)


def _groups_of(user_pk: int) -> list[str]:
    return sorted(
        User.groups.through.objects.filter(user_id=user_pk).values_list("group__name", flat=True)
    )


def _groups_changed(sender, instance, action, pk_set, reverse, **kwargs):
    """A user's groups, changed from either side (`user.groups` or `group.user_set`): the
    names before (kept on the instance at pre_*) and after (at post_*)."""
    if action.startswith("pre_"):
        if not reverse:
            user_pks = [instance.pk]
        elif pk_set is None:  # group.user_set.clear()
            user_pks = list(instance.user_set.values_list("pk", flat=True))
        else:
            user_pks = list(pk_set)
        instance._audit_groups = {pk: _groups_of(pk) for pk in user_pks}
        return
    for user_pk, old in getattr(instance, "_audit_groups", {}).items():
        new = _groups_of(user_pk)
        # Becoming a filer (on filing a first proposal) gives no privilege.
        if set(old) ^ set(new) - {roles.FILERS}:
            user = instance if not reverse else User.objects.filter(pk=user_pk).first()
            record(
                "user.groups.changed",
                target=user,
                before={"groups": old},
                after={"groups": new},
            )
    instance._audit_groups = {}


def _signed_in(sender, request, user, **kwargs):
    if is_privileged(user):
        record("user.signed_in", target=user, actor=user, request=request)


def connect() -> None:
    pre_save.connect(_user_before, sender=User, dispatch_uid="audit:user")
    post_save.connect(_user_after, sender=User, dispatch_uid="audit:user")
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="audit:groups")
    user_logged_in.connect(_signed_in, dispatch_uid="audit:signin")
    # An edition's dates, deadline and criteria thresholds are the portal's settings.
    track(ConferenceEdition, action="edition")
