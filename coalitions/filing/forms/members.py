"""The members as the EOI form shows them: one compact line each (name, country, sector,
constituency types as tags, role) carrying only what its save needs, and one member edited at
a time, in the page's single editor or on a small page of its own.

A saved member's line sends its organization, name and role; the organization's details ride
along as data attributes (the checklist and the editor read them) and are sent back as fields
only once the filer edits them. A line with an error is shown whole, so it can be corrected
where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms

from ...enums import MemberRole
from ..saving import MemberRow
from .rows import MemberForm, RowChoices

CORE = ("organization", "name", "role")
# Data attribute of each detail, as the page's script reads it.
DATA_NAMES = {
    "acronym": "acronym",
    "sector": "sector",
    "country": "country",
    "region": "region",
    "is_global": "global",
    "constituencies": "constituencies",
}


@dataclass
class Labels:
    """Choice labels by value, built once per page from the shared `RowChoices`."""

    sectors: dict[str, str]
    countries: dict[str, str]
    constituencies: dict[str, str]
    roles: dict[str, str]

    @classmethod
    def of(cls, choices: RowChoices) -> Labels:
        return cls(
            sectors=dict(choices.sectors),
            countries=dict(choices.countries),
            constituencies=dict(choices.constituencies),
            roles={str(k): str(v) for k, v in MemberRole.choices},
        )


@dataclass
class MemberLine:
    index: int
    name: str
    acronym: str
    country: str
    sector: str
    role: str
    tags: list[str]
    hidden: list[tuple[str, str]]
    data: list[tuple[str, str]]
    lead: bool = False
    removing: bool = False
    errors: list[str] = field(default_factory=list)
    form: forms.Form | None = None


def _values(form: MemberForm | None, initial: dict, prefix: str, data) -> tuple[dict, bool]:
    """The row's values and whether its details travel as fields (edited, or a new
    organization) rather than as data attributes."""
    if data is None:
        values = dict(initial)
        return values, bool(values.get("details")) or not values.get("organization")
    posted = form is not None and form.details_posted()
    values = {}
    for name in (*CORE, *DATA_NAMES):
        key = f"{prefix}-{name}"
        if name == "constituencies":
            values[name] = data.getlist(key) if (posted or key in data) else None
        else:
            values[name] = data.get(key) if (posted or name in CORE) else None
        if values[name] is None:
            values[name] = initial.get(name, [] if name == "constituencies" else "")
    values["DELETE"] = bool(data.get(f"{prefix}-DELETE"))
    return values, posted or not values.get("organization")


def line(
    index: int,
    prefix: str,
    labels: Labels,
    *,
    initial: dict,
    data=None,
    form: MemberForm | None = None,
) -> MemberLine:
    values, as_fields = _values(form, initial, prefix, data)
    constituencies = [str(c) for c in values.get("constituencies") or []]
    hidden = [(f"{prefix}-{n}", str(values.get(n) or "")) for n in CORE if values.get(n)]
    attrs: list[tuple[str, str]] = []
    for name, attr in DATA_NAMES.items():
        value = values.get(name)
        if name == "constituencies":
            if as_fields:
                hidden += [(f"{prefix}-{name}", c) for c in constituencies]
            else:
                attrs.append((attr, " ".join(constituencies)))
        elif name == "is_global":
            if as_fields and value:
                hidden.append((f"{prefix}-{name}", "on"))
            elif not as_fields:
                attrs.append((attr, "1" if value else ""))
        elif as_fields:
            hidden.append((f"{prefix}-{name}", str(value or "")))
        else:
            attrs.append((attr, str(value or "")))
    if values.get("DELETE"):
        hidden.append((f"{prefix}-DELETE", "on"))
    errors = [str(e) for errs in (form.errors.values() if form is not None else []) for e in errs]
    return MemberLine(
        index=index,
        name=str(values.get("name") or ""),
        acronym=str(values.get("acronym") or ""),
        country=labels.countries.get(str(values.get("country") or ""), ""),
        sector=labels.sectors.get(str(values.get("sector") or ""), ""),
        role=labels.roles.get(str(values.get("role") or MemberRole.MEMBER), ""),
        tags=[labels.constituencies.get(c, c) for c in constituencies],
        hidden=hidden,
        data=attrs,
        lead=values.get("role") == MemberRole.LEAD,
        removing=bool(values.get("DELETE")),
        errors=errors,
        form=form if errors else None,
    )


def lines(formset, labels: Labels) -> list[MemberLine]:
    """A line for each member row of `formset` (its forms are only built when it is bound)."""
    prefix = formset.prefix
    if not formset.is_bound:
        return [
            line(i, f"{prefix}-{i}", labels, initial=initial)
            for i, initial in enumerate(formset.initial or [])
        ]
    out = []
    for i, form in enumerate(formset.forms):
        if form.empty_permitted and not form.filled():
            continue
        out.append(line(i, form.prefix, labels, initial=form.initial, data=formset.data, form=form))
    return out


class EditorForm(MemberForm):
    """One member on its own (the single-member page and the page's editor)."""

    def __init__(self, *args, choices: RowChoices, **kwargs) -> None:
        kwargs.setdefault("auto_id", "member-%s")
        super().__init__(*args, choices=choices, **kwargs)
        self.empty_permitted = False

    def filled(self) -> bool:
        return True


def member_row(form: MemberForm) -> MemberRow:
    """What a valid member form saves."""
    data = form.cleaned_data
    return MemberRow(
        name=data["name"],
        sector=data.get("sector") or "",
        country=data.get("country") or "",
        region=data.get("region") or "",
        acronym=data.get("acronym") or "",
        is_global=data.get("is_global", False),
        constituencies=data.get("constituencies") or [],
        role=data["role"],
        organization=form.organization,
    )
