"""Import a conference programme from CSV: every row is validated first, and the sessions are
created only when every row is valid (all or nothing). Errors carry the CSV line number.

Columns (header row required; the first five must have a value):
  title, kind, date (YYYY-MM-DD), start (HH:MM), end (HH:MM),
  time_zone (IANA name, e.g. Africa/Nairobi; UTC when empty),
  room, format, online_link, interpretation ("en; fr; es" or "English; French"),
  moderator, speakers, panelists ("Name (Affiliation); Name (Affiliation)"),
  organizers (e-mail addresses of existing accounts, separated by ";"),
  coalition (public address or exact title of a coalition of the edition)
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from coalitions.models import Proposal
from impact.models import ConferenceEdition, User

from .enums import INTERPRETATION_LANGUAGES, ParticipantRole, SessionFormat, SessionKind
from .models import Participant, Session
from .zones import UTC, validate_time_zone

REQUIRED_COLUMNS = ["title", "kind", "date", "start", "end"]
OPTIONAL_COLUMNS = [
    "time_zone",
    "room",
    "format",
    "online_link",
    "interpretation",
    "moderator",
    "speakers",
    "panelists",
    "organizers",
    "coalition",
]
MAX_ROWS = 2000
_PERSON = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<affiliation>[^()]*)\))?$")


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _labels(label) -> set[str]:
    """A choice's label in every language the portal speaks ("French", "Français", …)."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(label).lower())
    return names


def _choice(value: str, choices) -> str:
    """Accept a slug or a label in any of the portal's languages, case-insensitively."""
    wanted = value.strip().lower()
    for slug, label in choices:
        if wanted in {slug.lower(), slug.replace("_", " ").lower(), *_labels(label)}:
            return slug
    raise ValidationError(
        _("“%(value)s” is not one of: %(options)s")
        % {"value": value, "options": ", ".join(slug for slug, _label in choices)}
    )


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def parse_people(value: str) -> list[tuple[str, str]]:
    """'Name (Affiliation); Other Name' → [(name, affiliation), …]."""
    people = []
    for part in _split(value):
        match = _PERSON.match(part)
        if not match:
            raise ValidationError(
                _("“%(value)s” should be written as Name (Affiliation).") % {"value": part}
            )
        people.append((match["name"].strip(), (match["affiliation"] or "").strip()))
    return people


class RowForm(forms.Form):
    """One CSV row. Field names are the CSV columns."""

    title = forms.CharField(max_length=250)
    kind = forms.CharField()
    date = forms.DateField(input_formats=["%Y-%m-%d"])
    start = forms.TimeField(input_formats=["%H:%M", "%H:%M:%S"])
    end = forms.TimeField(input_formats=["%H:%M", "%H:%M:%S"])
    time_zone = forms.CharField(required=False, validators=[validate_time_zone])
    room = forms.CharField(max_length=100, required=False)
    format = forms.CharField(required=False)
    online_link = forms.URLField(max_length=500, required=False, assume_scheme="https")
    interpretation = forms.CharField(required=False)
    moderator = forms.CharField(required=False)
    speakers = forms.CharField(required=False)
    panelists = forms.CharField(required=False)
    organizers = forms.CharField(required=False)
    coalition = forms.CharField(required=False)

    def __init__(self, *args, users: dict[str, User], coalitions: dict[str, Proposal], **kw):
        super().__init__(*args, **kw)
        self.users, self.coalitions = users, coalitions

    def clean_kind(self) -> str:
        return _choice(self.cleaned_data["kind"], SessionKind.choices)

    def clean_format(self) -> str:
        value = self.cleaned_data["format"]
        return _choice(value, SessionFormat.choices) if value else SessionFormat.IN_PERSON

    def clean_interpretation(self) -> list[str]:
        return [
            _choice(v, INTERPRETATION_LANGUAGES)
            for v in _split(self.cleaned_data["interpretation"])
        ]

    def clean_moderator(self) -> list[tuple[str, str]]:
        return parse_people(self.cleaned_data["moderator"])

    def clean_speakers(self) -> list[tuple[str, str]]:
        return parse_people(self.cleaned_data["speakers"])

    def clean_panelists(self) -> list[tuple[str, str]]:
        return parse_people(self.cleaned_data["panelists"])

    def clean_organizers(self) -> list[User]:
        emails = [e.lower() for e in _split(self.cleaned_data["organizers"])]
        unknown = [e for e in emails if e not in self.users]
        if unknown:
            raise ValidationError(
                _("No account with the e-mail address %(emails)s.") % {"emails": ", ".join(unknown)}
            )
        return [self.users[e] for e in emails]

    def clean_coalition(self) -> Proposal | None:
        value = self.cleaned_data["coalition"].strip()
        if not value:
            return None
        found = self.coalitions.get(value.lower())
        if found is None:
            raise ValidationError(_("No coalition “%(value)s” in this edition.") % {"value": value})
        return found


def _read(text: str) -> tuple[list[tuple[int, dict]], list[RowError]]:
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        return [], [RowError(1, _("missing columns: %(c)s") % {"c": ", ".join(missing)})]
    unknown = [h for h in headers if h and h not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        return [], [RowError(1, _("unknown columns: %(c)s") % {"c": ", ".join(unknown)})]
    reader.fieldnames = headers
    rows = []
    try:
        for row in reader:
            if None in row:
                rows.append((reader.line_num, {"__extra__": True}))
                continue
            if any((v or "").strip() for v in row.values()):
                rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
            if len(rows) > MAX_ROWS:
                return [], [RowError(reader.line_num, _("more than %(n)d rows") % {"n": MAX_ROWS})]
    except csv.Error as exc:
        return [], [RowError(reader.line_num, str(exc))]
    return rows, []


def import_programme(edition: ConferenceEdition, text: str) -> ImportResult:
    """Validate every row of `text` (CSV); create the sessions only if all rows are valid."""
    rows, errors = _read(text)
    if errors:
        return ImportResult(errors=errors)
    if not rows:
        return ImportResult(errors=[RowError(1, _("the file has no sessions"))])
    valid = _validated(edition, rows, errors)
    if errors:
        return ImportResult(errors=errors)
    _create(valid)
    return ImportResult(created=len(valid))


def _validated(edition: ConferenceEdition, rows: list, errors: list[RowError]) -> list:
    """The rows as unsaved sessions with their cleaned data; problems go to `errors`."""
    users, coalitions, existing = _lookups(edition, rows)
    valid = []
    for line, row in rows:
        if row.get("__extra__"):
            errors.append(RowError(line, _("more values than columns")))
            continue
        form = RowForm(row, users=users, coalitions=coalitions)
        if not form.is_valid():
            for name, messages in form.errors.items():
                errors.extend(RowError(line, f"{name}: {m}") for m in messages)
            continue
        data = form.cleaned_data
        session = Session(
            edition=edition,
            title=data["title"],
            kind=data["kind"],
            date=data["date"],
            starts_at=data["start"],
            ends_at=data["end"],
            time_zone=data["time_zone"] or UTC,
            room=data["room"],
            format=data["format"],
            online_link=data["online_link"],
            interpretation=data["interpretation"],
            coalition=data["coalition"],
        )
        try:
            session.clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = {"ends_at": "end", "starts_at": "start"}.get(name, name)
                errors.extend(RowError(line, f"{column}: {m}") for m in messages)
            continue
        key = (session.title, session.date, session.starts_at)
        if key in existing:
            errors.append(
                RowError(line, _("this session (title, date, start) is already in the programme"))
            )
            continue
        existing.add(key)
        valid.append((session, data))
    return valid


def _lookups(edition: ConferenceEdition, rows: list) -> tuple[dict, dict, set]:
    """The organizers named in the file, the edition's coalitions by title and address, and
    the sessions already in the programme."""
    emails = {e.lower() for _line, row in rows for e in _split(row.get("organizers", ""))}
    users = {
        u.email.lower(): u for u in User.objects.annotate(e=Lower("email")).filter(e__in=emails)
    }
    coalitions: dict[str, Proposal] = {}
    for proposal in Proposal.objects.filter(edition=edition).only("pk", "title", "public_slug"):
        coalitions[proposal.title.lower()] = proposal
        if proposal.public_slug:
            coalitions[proposal.public_slug.lower()] = proposal
    existing = set(
        Session.objects.filter(edition=edition).values_list("title", "date", "starts_at")
    )
    return users, coalitions, existing


def _create(valid: list[tuple[Session, dict]]) -> None:
    """Create the sessions, their participants and organizers, all in one transaction."""
    with transaction.atomic():
        Session.objects.bulk_create([session for session, _data in valid])
        participants = []
        through = Session.organizers.through
        links = []
        for session, data in valid:
            people = [(ParticipantRole.MODERATOR, p) for p in data["moderator"]]
            people += [(ParticipantRole.SPEAKER, p) for p in data["speakers"]]
            people += [(ParticipantRole.PANELIST, p) for p in data["panelists"]]
            participants += [
                Participant(
                    session=session, role=role, name=name[:150], affiliation=aff[:200], position=i
                )
                for i, (role, (name, aff)) in enumerate(people)
            ]
            links += [
                through(session_id=session.pk, user_id=user.pk) for user in data["organizers"]
            ]
        Participant.objects.bulk_create(participants)
        through.objects.bulk_create(links, ignore_conflicts=True)
