"""A notification's context kept as plain JSON, so the message can be rendered again later, in
whatever language its reader has then.

`notify()` renders a kind's templates once, when the message is queued, with every object of
the caller's context wrapped in a `Recorder`, which notes each value the templates read
(`proposal.title`, `proposal.edition.name`, `assignment.proposal.title`…). `freeze()` turns
those notes into JSON: the objects' ids and the plain values read, nothing else. `thaw()` turns
the JSON back into what the templates read, without a query: the notifications page renders each
row's subject in the reader's language, and the mailer renders the e-mail at send time in the
recipient's.

So titles and names are shown as they were when the message was queued. A message tells of an
event ("Shortlisted: Water for all"), reads the same however the proposal is renamed later, and
the page costs no query per row.

Kept as they are: text, numbers, booleans and None; dates, times and decimals (revived as such,
so `|date` formats them in the reader's language); lazy translations (kept in every language of
the site). Templates must read the same values in every language: branch on data, not language.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise, lazy

DATE, DATETIME, TIME, DECIMAL, I18N = (
    "__date__",
    "__datetime__",
    "__time__",
    "__decimal__",
    "__i18n__",
)
PLAIN = (str, bool, int, float, Decimal, datetime.date, datetime.time, Promise, type(None))


class Recorder:
    """Stands for one object while the templates are rendered at queue time; notes what they
    read of it (a model instance's `pk` always, to tell later which object it was)."""

    def __init__(self, obj: Any) -> None:
        self._obj = obj
        self._seen: dict[str, Any] = {"pk": obj.pk} if isinstance(obj, models.Model) else {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # never a template variable; Python's own protocols
            raise AttributeError(name)
        if name in self._seen:
            return self._seen[name]
        value = getattr(self._obj, name)
        if callable(value) and not getattr(value, "do_not_call_in_templates", False):
            if getattr(value, "alters_data", False):
                return value  # the template engine refuses to call it; nothing to note

            @functools.wraps(value)  # keeps the signature the engine checks
            def call() -> Any:
                return self._keep(name, value())

            return call
        return self._keep(name, value)

    def _keep(self, name: str, value: Any) -> Any:
        kept = self._seen[name] = record(value)
        return kept

    def __str__(self) -> str:
        if "__str__" not in self._seen:
            self._seen["__str__"] = str(self._obj)
        return self._seen["__str__"]


def record(value: Any) -> Any:
    """`value` ready for the queue-time render: plain values as they are, objects and the items
    of lists and query sets wrapped so that what the templates read of them is noted."""
    if isinstance(value, PLAIN):
        return value
    if isinstance(value, dict):
        return {str(key): record(item) for key, item in value.items()}
    if isinstance(value, Iterable) and not isinstance(value, models.Model | bytes):
        return [record(item) for item in value]
    return Recorder(value)


def freeze(value: Any) -> Any:
    """What was recorded, as JSON-serializable values."""
    if isinstance(value, Recorder):
        return {key: freeze(item) for key, item in value._seen.items()}
    if isinstance(value, dict):
        return {key: freeze(item) for key, item in value.items()}
    if isinstance(value, list):
        return [freeze(item) for item in value]
    if isinstance(value, datetime.datetime):
        return {DATETIME: value.isoformat()}
    if isinstance(value, datetime.date):
        return {DATE: value.isoformat()}
    if isinstance(value, datetime.time):
        return {TIME: value.isoformat()}
    if isinstance(value, Decimal):
        return {DECIMAL: str(value)}
    if isinstance(value, Promise):
        texts = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                texts[code] = str(value)
        return {I18N: texts}
    return value


class Snapshot(dict):
    """A recorded object: templates read its values by name; shown whole, its recorded text."""

    def __str__(self) -> str:
        return str(self.get("__str__", ""))


def _in_current_language(texts: dict[str, str]) -> str:
    code = translation.get_language() or settings.LANGUAGE_CODE
    return texts.get(code) or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), "")


_REVIVE = {
    DATETIME: datetime.datetime.fromisoformat,
    DATE: datetime.date.fromisoformat,
    TIME: datetime.time.fromisoformat,
    DECIMAL: Decimal,
    I18N: lazy(_in_current_language, str),
}


def thaw(value: Any) -> Any:
    """Frozen values back into what templates read (dates as dates, objects as `Snapshot`)."""
    if isinstance(value, list):
        return [thaw(item) for item in value]
    if isinstance(value, dict):
        if len(value) == 1:
            [(key, inner)] = value.items()
            if key in _REVIVE:
                return _REVIVE[key](inner)
        return Snapshot({key: thaw(item) for key, item in value.items()})
    return value
