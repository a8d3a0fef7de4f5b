"""The Co-Chairs' Summary compiler.

`compile_draft()` turns an edition's accepted session reports into the editable draft (one
`SummaryEntry` per session), keeping what organizers wrote or changed. `build_document()` reads
the draft into plain data (`SummaryDocument`) that every exporter renders. Both run a constant
number of queries whatever the number of reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from coalitions.enums import MemberRole
from coalitions.models import Proposal, ProposalMember
from impact.models import ConferenceEdition

from .dates import date_range, long_date, short_date
from .enums import ParticipantRole, ReportStatus, SessionKind
from .models import Participant, Session, SessionReport, SummaryDraft, SummaryEntry
from .scheduling import in_time_order, official_times, when_text

KIND_ORDER = {kind: index for index, kind in enumerate(SessionKind.order())}
POSITION_STEP = 10
# A list marker a writer typed at the start of a line ("- ", "* ", "• ", "1. ", "2) "): kept
# apart from the text, so every format shows a bulleted or numbered list. Three digits or more
# ("2024. ") are text.
_MARKER = re.compile(r"^\s*([-*+•–]|\d{1,2}[.)])\s+")
# Control characters cannot be stored in DOCX (XML) and mean nothing in a document.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- plain data the exporters render ---------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One line of a report: its text, and the list marker the writer typed before it ("-",
    "*", "3." …; empty when none). A line without a marker is a bullet point too."""

    text: str
    marker: str = ""

    @property
    def number(self) -> int | None:
        """The number of a numbered line ("3." or "3)"), None for a bullet."""
        digits = self.marker.rstrip(".)")
        return int(digits) if digits.isdigit() else None

    def __str__(self) -> str:
        return self.text


@dataclass
class EntryData:
    title: str
    kind: str
    when: str
    format: str
    room: str
    key_messages: list[Point]
    recommendations: list[Point]
    next_steps: list[Point]
    coalition: str = ""
    moderators: list[str] = field(default_factory=list)
    # The panel as the session groups it: (group, names); "" for panelists in no group.
    panel_groups: list[tuple[str, list[str]]] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    interpretation: list[str] = field(default_factory=list)

    @property
    def people(self) -> list[tuple[str, str]]:
        """(label, text) lines naming the moderator, the panel and the interpretation."""
        lines = [
            (_("Moderator"), self.moderators),
            *((group or _("Panelists"), names) for group, names in self.panel_groups),
            (_("Speakers"), self.speakers),
            (_("Interpretation"), self.interpretation),
        ]
        return [(label, "; ".join(values)) for label, values in lines if values]


@dataclass
class SectionData:
    kind: str
    title: str
    entries: list[EntryData]


@dataclass
class SessionRow:
    date: str
    time: str
    title: str
    kind: str
    format: str
    room: str


@dataclass
class CoalitionRow:
    title: str
    leads: list[str]
    members: list[str]
    published_on: str


@dataclass
class SummaryDocument:
    title: str
    edition: str
    city: str
    dates: str
    introduction: list[str]
    sections: list[SectionData]
    cross_cutting: list[Point]
    sessions: list[SessionRow]
    coalitions: list[CoalitionRow]
    produced_on: str = ""
    total_entries: int = field(default=0)

    def entries(self) -> list[EntryData]:
        return [entry for section in self.sections for entry in section.entries]


# --- text helpers ------------------------------------------------------------------------------


def clean(text: str) -> str:
    return _CONTROL.sub("", text or "")


def points(text: str) -> list[Point]:
    """One point per non-empty line, its list marker (if the writer typed one) kept apart."""
    found = []
    for line in clean(text).splitlines():
        match = _MARKER.match(line)
        marker = match.group(1) if match else ""
        line = line[match.end() :].strip() if match else line.strip()
        if line:
            found.append(Point(line, marker))
    return found


def paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; single line breaks inside one become spaces."""
    blocks = re.split(r"\n\s*\n", clean(text).replace("\r\n", "\n").strip())
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks if block]


def programme_key(session: Session) -> tuple:
    """Sections by kind, then by the instant sessions start (zones apart compare right)."""
    return (
        KIND_ORDER.get(session.kind, len(KIND_ORDER)),
        session.starts,
        session.ends,
        session.title.lower(),
        session.pk,
    )


# --- compiling the draft -----------------------------------------------------------------------


def _copy_report(entry: SummaryEntry, report: SessionReport) -> None:
    entry.title = report.session.title
    entry.key_messages = report.key_messages
    entry.recommendations = report.recommendations
    entry.next_steps = report.next_steps


def _texts(entry: SummaryEntry) -> tuple[str, ...]:
    return (entry.title, entry.key_messages, entry.recommendations, entry.next_steps)


def compile_draft(edition: ConferenceEdition, *, actor=None) -> SummaryDraft:
    """Create or refresh the edition's draft from its accepted reports.

    Side effects: creates the `SummaryDraft` if needed; adds an entry for each newly accepted
    report; refreshes the text of entries organizers have not edited; removes entries whose
    report is no longer accepted; re-sorts entries in programme order unless the organizers
    reordered them (then new entries go to the end of their section). The introduction,
    cross-cutting recommendations, edited texts and left-out flags are kept.
    """
    with transaction.atomic():
        draft, _created = SummaryDraft.objects.get_or_create(edition=edition)
        draft = SummaryDraft.objects.select_for_update().get(pk=draft.pk)
        reports = sorted(
            SessionReport.objects.filter(
                session__edition=edition, status=ReportStatus.ACCEPTED
            ).select_related("session"),
            key=lambda report: programme_key(report.session),
        )
        # Locked: an organizer saving an entry meanwhile waits, then finds it changed.
        existing = {entry.session_id: entry for entry in draft.entries.select_for_update()}
        next_position = max((e.position for e in existing.values()), default=0) + POSITION_STEP
        to_create: list[SummaryEntry] = []
        to_update: list[SummaryEntry] = []
        for index, report in enumerate(reports, start=1):
            entry = existing.pop(report.session_id, None)
            if entry is None:
                entry = SummaryEntry(draft=draft, session=report.session)
                _copy_report(entry, report)
                to_create.append(entry)
                if draft.reordered:
                    entry.position, next_position = next_position, next_position + POSITION_STEP
            else:
                if not entry.edited:
                    before = _texts(entry)
                    _copy_report(entry, report)
                    if _texts(entry) != before:
                        entry.edit_version += 1  # an entry form opened before is now stale
                to_update.append(entry)
            if not draft.reordered:
                entry.position = index * POSITION_STEP
        if existing:
            SummaryEntry.objects.filter(pk__in=[e.pk for e in existing.values()]).delete()
        SummaryEntry.objects.bulk_create(to_create, batch_size=500)
        SummaryEntry.objects.bulk_update(
            to_update,
            ["position", "title", "key_messages", "recommendations", "next_steps", "edit_version"],
            batch_size=500,
        )
        draft.compiled_at = timezone.now()
        draft.compiled_by = actor if actor and actor.is_authenticated else None
        draft.save(update_fields=["compiled_at", "compiled_by", "updated_at"])
    return draft


# --- reading the draft into a document ---------------------------------------------------------


def person(participant: Participant) -> str:
    """ "Name, title (affiliation)": how the summary names a moderator or panelist."""
    name = ", ".join(clean(part) for part in (participant.name, participant.title) if part)
    return f"{name} ({clean(participant.affiliation)})" if participant.affiliation else name


def session_when(session: Session) -> str:
    when = when_text(
        session, pgettext("summary date with weekday format (Django date syntax)", "l j F Y")
    )
    if session.times_to_be_confirmed:
        when += f" — {_('times to be confirmed')}"
    return when


def _annex_times(session: Session) -> str:
    lines = []
    for times in official_times(session):
        span = times.span
        if times.two_days:
            span = f"{times.start_clock}–{short_date(times.end_day)} {times.end_clock}"
        lines.append(f"{span} ({times.label})")
    return "; ".join(lines)


def panel_groups(panelists: list[Participant]) -> list[tuple[str, list[str]]]:
    """Panelists by their group, groups in the order their first member appears."""
    groups: dict[str, list[str]] = {}
    for participant in panelists:
        groups.setdefault(clean(participant.group), []).append(person(participant))
    return list(groups.items())


def _entry_data(entry: SummaryEntry) -> EntryData:
    session = entry.session
    people = list(session.participants.all())
    by_role = {
        role: [person(p) for p in people if p.role == role] for role in ParticipantRole.values
    }
    return EntryData(
        title=clean(entry.title),
        kind=session.kind,
        when=session_when(session),
        moderators=by_role[ParticipantRole.MODERATOR],
        panel_groups=panel_groups([p for p in people if p.role == ParticipantRole.PANELIST]),
        speakers=by_role[ParticipantRole.SPEAKER],
        interpretation=session.interpretation_names,
        format=str(session.get_format_display()),
        room=session.room,
        key_messages=points(entry.key_messages),
        recommendations=points(entry.recommendations),
        next_steps=points(entry.next_steps),
        coalition=session.coalition.title if session.coalition is not None else "",
    )


def _coalitions(edition: ConferenceEdition) -> list[CoalitionRow]:
    members = Prefetch(
        "members",
        # Organizations listed without their name: "an organization from <region>", last.
        queryset=ProposalMember.objects.select_related("organization__region").order_by(
            "organization__listed_without_name", "organization__name"
        ),
    )
    rows = []
    published = (
        Proposal.objects.published()
        .filter(edition=edition)
        .order_by("title", "pk")
        .prefetch_related(members)
    )
    for proposal in published:
        leads = [
            clean(m.organization.public_name)
            for m in proposal.members.all()
            if m.role == MemberRole.LEAD
        ]
        others = [
            clean(m.organization.public_name)
            for m in proposal.members.all()
            if m.role != MemberRole.LEAD
        ]
        rows.append(
            CoalitionRow(
                title=clean(proposal.title),
                leads=leads,
                members=others,
                published_on=long_date(timezone.localdate(proposal.published_at))
                if proposal.published_at
                else "",
            )
        )
    return rows


def build_document(
    edition: ConferenceEdition, draft: SummaryDraft | None = None
) -> SummaryDocument:
    """The draft as plain data, ready for any exporter. Six queries whatever its size: the
    draft, its entries with their sessions, their participants, the programme, the coalitions,
    their members."""
    if draft is None:
        draft = SummaryDraft.objects.filter(edition=edition).first() or SummaryDraft(
            edition=edition
        )
    titles = SessionKind.section_titles()
    sections = {kind: SectionData(kind, str(titles[kind]), []) for kind in SessionKind.order()}
    if draft.pk:
        entries = sorted(
            draft.entries.filter(included=True)
            .select_related("session", "session__coalition")
            .prefetch_related("session__participants"),
            key=lambda e: (KIND_ORDER.get(e.session.kind, len(KIND_ORDER)), e.position, e.pk),
        )
        for entry in entries:
            sections[entry.session.kind].entries.append(_entry_data(entry))
    # Annex I: by the instant each session starts, wherever it is held; times in every
    # official zone.
    programme = in_time_order(Session.objects.filter(edition=edition))
    sessions = [
        SessionRow(
            date=short_date(s.date),
            time=_annex_times(s),
            title=clean(s.title),
            kind=str(s.get_kind_display()),
            format=str(s.get_format_display()),
            room=s.room,
        )
        for s in programme
    ]
    document = SummaryDocument(
        title=clean(draft.title) or _("Co-Chairs' Summary"),
        edition=edition.name,
        city=edition.city,
        dates=date_range(edition.starts_on, edition.ends_on),
        introduction=paragraphs(draft.introduction),
        sections=[section for section in sections.values() if section.entries],
        cross_cutting=points(draft.cross_cutting),
        sessions=sessions,
        coalitions=_coalitions(edition),
        produced_on=long_date(timezone.localdate()),
    )
    document.total_entries = len(document.entries())
    return document
