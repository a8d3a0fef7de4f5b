"""The audit trail as organizers read it: actions, fields and values in their language.

Rows keep codes (`proposal.shortlist`, `is_staff`, `in_review`), which the CSV gives as
they are; the page shows each with its label: the field's verbose name and choice label
from the model the row is about, and the action's label from whoever registered it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import roles
from .models import AuditEntry

# Labels of the keys that are not fields of the row's model.
KEY_LABELS = {
    "reason": gettext_lazy("reason"),
    "details": gettext_lazy("details"),
    "groups": gettext_lazy("roles"),
    "table": gettext_lazy("table"),
    "rows": gettext_lazy("rows"),
    "proposals": gettext_lazy("proposals"),
    "query": gettext_lazy("search"),
}
ACTIONS = {
    "user.signed_in": gettext_lazy("Signed in"),
    "user.roles.changed": gettext_lazy("Administration rights changed"),
    "user.groups.changed": gettext_lazy("Roles changed"),
    "audit.exported": gettext_lazy("Audit trail exported"),
    "proposals.exported": gettext_lazy("Proposals exported"),
    "progress.exported": gettext_lazy("Coalition progress exported"),
}
CHANGES = {
    "created": gettext_lazy("%(what)s created"),
    "changed": gettext_lazy("%(what)s changed"),
    "deleted": gettext_lazy("%(what)s deleted"),
    "exported": gettext_lazy("%(what)s exported"),
}
# Labels for action prefixes the apps register (`register_prefix`): a function of the rest.
_prefixes: dict[str, Callable[[str], str]] = {}


def register_prefix(prefix: str, label: Callable[[str], str]) -> None:
    """`label(rest)` names the actions `<prefix>.<rest>` (coalitions: proposal events)."""
    _prefixes[prefix] = label


def _model(entry: AuditEntry):
    if not entry.target_type:
        return None
    try:
        return apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        return None


def action_label(entry: AuditEntry) -> str:
    if entry.action in ACTIONS:
        return str(ACTIONS[entry.action])
    prefix, _dot, rest = entry.action.partition(".")
    if prefix in _prefixes:
        return _prefixes[prefix](rest)
    model = _model(entry)
    change = entry.action.rsplit(".", 1)[-1]
    if model is not None and change in CHANGES:
        return str(CHANGES[change]) % {"what": str(model._meta.verbose_name).capitalize()}
    return entry.action


def _value(field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(roles.label(v) if isinstance(v, str) else str(v) for v in value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation:
        return f"#{value}"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(label, before, after) for each key the row holds."""
    model = _model(entry)
    keys = list(dict.fromkeys([*entry.before, *entry.after]))
    out = []
    for key in keys:
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                field = None
        label = str(field.verbose_name) if field is not None else str(KEY_LABELS.get(key, key))
        before = _value(field, entry.before.get(key)) if key in entry.before else ""
        after = _value(field, entry.after.get(key)) if key in entry.after else ""
        out.append((label, before, after))
    return out
