"""Demo sessions of the 2024 programme, each with a report, so a summary compiles at once."""

from __future__ import annotations

import datetime

from django.utils import timezone

from coalitions.models import Proposal
from impact.models import ConferenceEdition, User

from .compiler import compile_draft
from .demo_programme import LINK, NAIROBI, SESSIONS
from .enums import ReportStatus, SessionFormat
from .models import AgendaItem, Participant, Session, SessionReport, SummaryDraft

ORGANIZER = "organizer@demo.impact-hub.org"
SESSION_ORGANIZERS = ["filer@demo.impact-hub.org", "coeditor@demo.impact-hub.org"]
# Demo sessions of earlier versions, replaced by the sessions of the seed documents.
RETIRED = [
    "ImPACT Coalition session: a UN that listens — people's participation",
    "Civil society – Member States dialogue ahead of the review forum",
]
SESSION_FIELDS = ("kind", "date", "room", "format", "interpretation", "expected_outcomes")


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def _session(edition: ConferenceEdition, spec: dict) -> Session:
    defaults = {name: spec[name] for name in SESSION_FIELDS if name in spec}
    defaults["starts_at"], defaults["ends_at"] = _time(spec["starts_at"]), _time(spec["ends_at"])
    defaults["time_zone"] = spec.get("time_zone", NAIROBI)
    defaults["times_to_be_confirmed"] = spec.get("times_to_be_confirmed", False)
    online = spec["format"] != SessionFormat.IN_PERSON
    defaults["online_link"] = spec.get("online_link", LINK) if online else ""
    keyword = spec.get("coalition")
    defaults["coalition"] = (
        # Only published coalitions: a session links to a coalition the public can find.
        Proposal.objects.published().filter(title__icontains=keyword).order_by("pk").first()
        if keyword
        else None
    )
    session, _created = Session.objects.update_or_create(
        edition=edition, title=spec["title"], defaults=defaults
    )
    session.participants.all().delete()
    Participant.objects.bulk_create(
        Participant(session=session, position=i, **p) for i, p in enumerate(spec.get("people", []))
    )
    session.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(session=session, position=i, **{**a, "starts_at": _time(a["starts_at"])})
        for i, a in enumerate(spec.get("agenda", []))
    )
    return session


def load(stdout=None) -> list[tuple[str, str]]:
    edition = ConferenceEdition.objects.filter(slug="un-csc-2024").first()
    if edition is None:
        return []
    organizer = User.objects.filter(email=ORGANIZER).first()
    people = [User.objects.filter(email=email).first() for email in SESSION_ORGANIZERS]
    now = timezone.now()
    Session.objects.filter(edition=edition, title__in=RETIRED).delete()
    for spec in SESSIONS:
        session = _session(edition, spec)
        who, report = spec["organizer"], spec["report"]
        if people[who]:
            session.organizers.set([people[who]])
        if report is None:
            SessionReport.objects.get_or_create(session=session)
            continue
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
