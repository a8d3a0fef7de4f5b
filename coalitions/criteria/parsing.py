"""The interchange JSON (docs/interchange.md) read into `ProposalData`, checked field by field:
`parse_proposal`, raising `InputError` that names the first bad field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from coalitions.geography import is_known_country, region_for_country
from impact import jsoninput
from impact.jsoninput import JSONInputError

from .inputs import ROLES, Contact, Engagement, Member, ProposalData, Reference, WorkPlanItem

# date.fromisoformat also takes "20240510" and week dates; the interchange format is YYYY-MM-DD.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# --- the interchange format -------------------------------------------------------------------


class InputError(JSONInputError):
    """Invalid interchange data. ``field`` is a path such as ``members[2].country``.

    A kind of :class:`impact.jsoninput.JSONInputError` (code ``invalid``), so a reader of the
    format answers a document the decoder refuses and one the format refuses alike."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__("invalid", field, message)


def parse_proposal(data: Any, ref: Reference) -> ProposalData:
    """Validate the interchange JSON (already decoded) and build a :class:`ProposalData`.

    Required: ``title`` (non-blank string), ``members`` (list), ``engagement`` (object) and
    ``work_plan`` (list; may be empty). Optional: ``conference``, ``principles``, ``asks``
    (strings), ``youth_focus`` (bool, default false), ``contacts`` (list of objects with
    optional ``name``, ``email``, ``organization`` strings). ``null`` counts as absent for an
    optional key; unknown keys are ignored.

    A member needs ``name`` (non-blank) and a known ``sector``; ``country`` (ISO alpha-2, any
    case), ``region``, ``global`` (bool), ``constituencies`` (list of slugs) and ``role``
    (``lead`` or ``member``, default ``member``) are optional, but the member must end up with
    a region: its own, or its country's. In ``engagement`` every key is optional: ``targets``
    (list of slugs), ``plan``, ``support_needed``. A work-plan item needs a ``title`` string and
    may have ``date`` (``YYYY-MM-DD``; absent or null means undated) and ``description``.

    Raises :class:`InputError` naming the first bad field. Text from
    :func:`impact.jsoninput.loads` has been checked already; data built otherwise is checked
    here the same way (no NUL character or lone surrogate anywhere: the database stores
    neither), with the same :class:`~impact.jsoninput.JSONInputError`.
    """
    jsoninput.check_tree(data)
    top = _object(data, "")
    title = _string(top, "title", "", required=True)
    if not title.strip():
        raise InputError("title", _("must not be blank"))
    # Keyword arguments are evaluated in order, so errors come in the order of the format.
    return ProposalData(
        title=title,
        conference=_string(top, "conference", ""),
        principles=_string(top, "principles", ""),
        asks=_string(top, "asks", ""),
        youth_focus=_bool(top, "youth_focus", ""),
        members=tuple(
            _member(item, f"members[{i}]", ref)
            for i, item in enumerate(_list(top, "members", "", required=True))
        ),
        engagement=_engagement_data(top, ref),
        work_plan=tuple(
            _work_plan_item(item, f"work_plan[{i}]")
            for i, item in enumerate(_list(top, "work_plan", "", required=True))
        ),
        contacts=tuple(
            _contact(item, f"contacts[{i}]") for i, item in enumerate(_list(top, "contacts", ""))
        ),
    )


def _path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(path, _("must be an object"))
    return value


def _get(obj: Mapping[str, Any], key: str, path: str, required: bool) -> Any:
    value = obj.get(key)
    if value is None and required:
        raise InputError(_path(path, key), _("is required"))
    return value


def _string(obj: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> str:
    value = _get(obj, key, path, required)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(_path(path, key), _("must be a string"))
    return value


def _bool(obj: Mapping[str, Any], key: str, path: str) -> bool:
    value = _get(obj, key, path, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InputError(_path(path, key), _("must be true or false"))
    return value


def _list(obj: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> list[Any]:
    value = _get(obj, key, path, required)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(_path(path, key), _("must be a list"))
    return value


def _slugs(
    obj: Mapping[str, Any], key: str, path: str, known: Mapping[str, Any], unknown: str
) -> tuple[str, ...]:
    """A list of known slugs; ``unknown`` is the message (with ``%(value)r``) for others."""
    slugs = []
    for i, value in enumerate(_list(obj, key, path)):
        where = f"{_path(path, key)}[{i}]"
        if not isinstance(value, str):
            raise InputError(where, _("must be a string"))
        if value not in known:
            raise InputError(where, unknown % {"value": value})
        slugs.append(value)
    return tuple(dict.fromkeys(slugs))  # drop repeats, keep order


def _member(value: Any, path: str, ref: Reference) -> Member:
    obj = _object(value, path)
    name = _string(obj, "name", path, required=True)
    if not name.strip():
        raise InputError(_path(path, "name"), _("must not be blank"))
    sector = _string(obj, "sector", path, required=True)
    if sector not in ref.sectors:
        raise InputError(_path(path, "sector"), _("unknown sector %(value)r") % {"value": sector})
    country = _string(obj, "country", path).upper()
    if country and not is_known_country(country):
        raise InputError(
            _path(path, "country"), _("unknown country code %(value)r") % {"value": country}
        )
    region = _string(obj, "region", path)
    if region and region not in ref.regions:
        raise InputError(_path(path, "region"), _("unknown region %(value)r") % {"value": region})
    if not region and region_for_country(country) not in ref.regions:
        raise InputError(
            _path(path, "region"),
            _("is required: %(country)s has no region of its own") % {"country": country}
            if country
            else _("is required when no country is given"),
        )
    role = _string(obj, "role", path) or "member"
    if role not in ROLES:
        raise InputError(_path(path, "role"), _("must be 'lead' or 'member'"))
    return Member(
        name=name,
        sector=sector,
        country=country,
        region=region,
        is_global=_bool(obj, "global", path),
        constituencies=_slugs(
            obj,
            "constituencies",
            path,
            ref.constituency_types,
            _("unknown constituency type %(value)r"),
        ),
        role=role,
    )


def _engagement_data(top: Mapping[str, Any], ref: Reference) -> Engagement:
    obj = _object(_get(top, "engagement", "", True), "engagement")
    return Engagement(
        targets=_slugs(
            obj,
            "targets",
            "engagement",
            ref.engagement_targets,
            _("unknown engagement target %(value)r"),
        ),
        plan=_string(obj, "plan", "engagement"),
        support_needed=_string(obj, "support_needed", "engagement"),
    )


def _work_plan_item(value: Any, path: str) -> WorkPlanItem:
    obj = _object(value, path)
    raw = _string(obj, "date", path)
    day = None
    if raw:
        try:
            if not _ISO_DATE.fullmatch(raw):
                raise ValueError
            day = dt.date.fromisoformat(raw)
        except ValueError:
            raise InputError(
                _path(path, "date"),
                _("must be a date as YYYY-MM-DD, not %(value)r") % {"value": raw},
            ) from None
    return WorkPlanItem(
        date=day,
        title=_string(obj, "title", path, required=True),
        description=_string(obj, "description", path),
    )


def _contact(value: Any, path: str) -> Contact:
    obj = _object(value, path)
    return Contact(
        name=_string(obj, "name", path),
        email=_string(obj, "email", path),
        organization=_string(obj, "organization", path),
    )
