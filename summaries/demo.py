"""Demo sessions of the 2024 programme, each with a report, so a summary compiles at once."""

from __future__ import annotations

import datetime

from django.utils import timezone

from coalitions.models import Proposal
from impact.models import ConferenceEdition, User

from .compiler import compile_draft
from .enums import ParticipantRole as R
from .enums import ReportStatus, SessionFormat, SessionKind
from .models import Participant, Session, SessionReport, SummaryDraft

ORGANIZER = "organizer@demo.impact-hub.org"
SESSION_ORGANIZERS = ["filer@demo.impact-hub.org", "coeditor@demo.impact-hub.org"]
D9, D10 = datetime.date(2024, 5, 9), datetime.date(2024, 5, 10)
LINK = "https://meet.example.org/un-csc-2024/"

# (title, kind, date, start, end, room, format, interpretation, participants, report, organizer)
SESSIONS = [
    (
        "Opening plenary: civil society and the Summit of the Future",
        SessionKind.PLENARY,
        D9,
        "10:00",
        "11:30",
        "Conference Room 1",
        SessionFormat.HYBRID,
        ["en", "fr", "es"],
        [
            (R.MODERATOR, "Grace Mwangi", "Kenya Civic Forum (fictional)"),
            (R.SPEAKER, "Tomás Ibarra", "Red Ciudadana del Sur (fictional)"),
            (R.SPEAKER, "Leila Haddad", "Arab Youth Assembly (fictional)"),
        ],
        (
            "Civil society asked for a seat at the table in the follow-up of the Pact for the "
            "Future, not only a place in the room.\nInclusion must reach small and grassroots "
            "organizations, especially from the global south.",
            "Create a civil-society focal point in the Secretary-General's office.\nPublish the "
            "negotiation drafts in time for civil society to comment.",
            "The conference networks will publish a joint statement before the Summit.",
            850,
        ),
        0,
    ),
    (
        "Youth and intergenerational action for global governance",
        SessionKind.WORKSHOP,
        D9,
        "14:00",
        "15:30",
        "CR-4",
        SessionFormat.IN_PERSON,
        [],
        [(R.MODERATOR, "Samuel Okoro", "Youth Bridges Network (fictional)")],
        (
            "Young people want to co-design, not be consulted at the end.\nIntergenerational "
            "mentoring makes coalitions last longer than one conference.",
            "Reserve speaking slots for youth-led organizations in every plenary.",
            "Participants will form a youth caucus that meets monthly online.",
            120,
        ),
        1,
    ),
    (
        "ImPACT Coalition session: financing for sustainable development",
        SessionKind.COALITION,
        D10,
        "12:30",
        "14:00",
        "CR-7",
        SessionFormat.HYBRID,
        ["en", "fr"],
        [
            (R.MODERATOR, "Amara Diallo", "Sahel Finance Watch (fictional)"),
            (R.PANELIST, "Priya Raman", "Debt Justice Collective (fictional)"),
        ],
        (
            "The coalition will push for debt relief linked to climate resilience.\nSouthern "
            "partners must lead the advocacy agenda.",
            "Member States should support a UN framework convention on sovereign debt.",
            "A first policy brief will be shared with missions in New York by July 2024.",
            95,
        ),
        0,
    ),
    (
        "ImPACT Coalition session: a UN that listens — people's participation",
        SessionKind.COALITION,
        D10,
        "12:30",
        "14:00",
        "CR-8",
        SessionFormat.IN_PERSON,
        [],
        [
            (R.MODERATOR, "Jonas Lindqvist", "Open Multilateralism Lab (fictional)"),
            (R.PANELIST, "Mei Chen", "Asia Pacific Civic Space Alliance (fictional)"),
        ],
        (
            "A UN Civil Society Envoy would give civil society a stable entry point.\nDigital "
            "participation must not replace in-person access.",
            "Adopt common standards for civil-society access across UN bodies.",
            "The coalition will draft model access standards for consultation in September.",
            70,
        ),
        1,
    ),
    (
        "Civil society – Member States dialogue ahead of the review forum",
        SessionKind.DIALOGUE,
        D10,
        "15:00",
        "16:30",
        "",
        SessionFormat.ONLINE,
        ["en", "fr", "es"],
        [
            (R.MODERATOR, "Dr. Nadia Benali", "Global Dialogue Institute (fictional)"),
            (R.PANELIST, "Carlos Ortega", "Delegation of a Member State (fictional)"),
            (R.PANELIST, "Ruth Achieng", "East Africa Women's Platform (fictional)"),
            (R.PANELIST, "Pierre Lambert", "Francophone NGO Network (fictional)"),
        ],
        (
            "Member States welcomed regular, structured dialogue with civil society.\n"
            "Interpretation in English, French and Spanish widened participation.",
            "Hold the dialogue before every review forum, with inputs shared in advance.",
            "A summary of inputs will be transmitted to the review forum's co-facilitators.",
            240,
        ),
        0,
    ),
]
# One session whose report is still a draft, so the late-report overview has something to show.
LATE = (
    "Workshop: local action for the SDGs",
    SessionKind.WORKSHOP,
    D10,
    "10:00",
    "11:00",
    "CR-3",
    SessionFormat.IN_PERSON,
    [],
    [],
    None,
    1,
)


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def _coalition_for(title: str) -> Proposal | None:
    keyword = "financing" if "financing" in title else "listens"
    return Proposal.objects.published().filter(title__icontains=keyword).first()


def _session(edition, spec: tuple, *, people: list, organizer, now) -> None:
    """One demo session with its organizers, participants and report (accepted, or to write)."""
    title, kind, day, start, end, room, fmt, languages, participants, report, who = spec
    session, _created = Session.objects.update_or_create(
        edition=edition,
        title=title,
        defaults={
            "kind": kind,
            "date": day,
            "starts_at": _time(start),
            "ends_at": _time(end),
            "room": room,
            "format": fmt,
            "online_link": LINK if fmt != SessionFormat.IN_PERSON else "",
            "interpretation": languages,
            "coalition": _coalition_for(title) if kind == SessionKind.COALITION else None,
        },
    )
    if people[who]:
        session.organizers.set([people[who]])
    session.participants.all().delete()
    Participant.objects.bulk_create(
        Participant(session=session, role=role, name=name, affiliation=aff, position=i)
        for i, (role, name, aff) in enumerate(participants)
    )
    if report is None:
        SessionReport.objects.get_or_create(session=session)
        return
    key_messages, recommendations, next_steps, attendance = report
    SessionReport.objects.update_or_create(
        session=session,
        defaults={
            "key_messages": key_messages,
            "recommendations": recommendations,
            "next_steps": next_steps,
            "attendance": attendance,
            "status": ReportStatus.ACCEPTED,
            "submitted_by": people[who],
            "submitted_at": now,
            "reviewed_by": organizer,
            "reviewed_at": now,
        },
    )


def load(stdout=None) -> list[tuple[str, str]]:
    edition = ConferenceEdition.objects.filter(slug="un-csc-2024").first()
    if edition is None:
        return []
    organizer = User.objects.filter(email=ORGANIZER).first()
    people = [User.objects.filter(email=email).first() for email in SESSION_ORGANIZERS]
    now = timezone.now()
    for spec in [*SESSIONS, LATE]:
        _session(edition, spec, people=people, organizer=organizer, now=now)
    draft, _created = SummaryDraft.objects.get_or_create(edition=edition)
    if not draft.introduction:
        draft.introduction = (
            "The 2024 UN Civil Society Conference met in Nairobi on 9 and 10 May 2024, the first "
            "time the conference was held in Africa. Participants from every region discussed "
            "how civil society can shape the Summit of the Future and its follow-up.\n\n"
            "This summary presents the key messages, recommendations and commitments reported "
            "by the organizers of each session, under the responsibility of the Co-Chairs."
        )
        draft.cross_cutting = (
            "Make participation of civil society in the UN predictable and resourced.\n"
            "Give priority to organizations from the global south and to youth-led groups.\n"
            "Follow up the Summit of the Future with measurable commitments."
        )
        draft.save(update_fields=["introduction", "cross_cutting", "updated_at"])
    compile_draft(edition, actor=organizer)
    if stdout is not None:
        stdout.write(
            f"Sessions and reports of {edition.name}: the Co-Chairs' Summary compiles at "
            f"/organizers/summaries/{edition.slug}/ (sign in as {ORGANIZER})."
        )
    return []
