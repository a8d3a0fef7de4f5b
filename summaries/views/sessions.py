"""Sessions: the organizers' create and edit page, the session page and calendar files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from impact import roles
from impact.models import ConferenceEdition
from impact.roles import organizer_required

from .. import webhook_events
from ..calendar import calendar_for
from ..forms_sessions import AgendaFormSet, ParticipantFormSet, SessionForm
from ..models import Session
from ..scheduling import clashes_with, official_times, times_in
from ..zones import viewer_zone


def _default_zone(edition: ConferenceEdition) -> str:
    """A new session starts in the zone of the edition's latest one (usually the venue's)."""
    latest = Session.objects.filter(edition=edition).order_by("-pk").first()
    return latest.time_zone if latest else "UTC"


def _edit(request: HttpRequest, edition: ConferenceEdition, session: Session) -> HttpResponse:
    """The one form of both pages: the session, its panel and agenda, saved together."""
    data = request.POST if request.method == "POST" else None
    initial = None if session.pk else {"time_zone": _default_zone(edition)}
    form = SessionForm(data, instance=session, edition=edition, initial=initial)
    panel = ParticipantFormSet(data, instance=session, prefix="panel")
    agenda = AgendaFormSet(data, instance=session, prefix="agenda")
    if data is not None and all([form.is_valid(), panel.is_valid(), agenda.is_valid()]):
        with transaction.atomic():
            created = session.pk is None
            changed = created or any(f.has_changed() for f in (form, panel, agenda))
            session = form.save()
            panel.instance = agenda.instance = session
            panel.save()
            agenda.save()
            if changed:  # saved unchanged, nothing happened to tell anyone about
                webhook_events.session_saved(session, created=created)
        messages.success(request, _("Session created.") if created else _("Session saved."))
        return redirect("summaries:session", pk=session.pk)
    return render(
        request,
        "summaries/sessions/form.html",
        {
            "edition": edition,
            "session": session,
            "form": form,
            "panel": panel,
            "agenda": agenda,
            "clashes": clashes_with(session) if session.pk else [],
        },
        status=400 if data is not None else 200,
    )


@organizer_required
def create(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    return _edit(request, edition, Session(edition=edition))


@organizer_required
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    session = get_object_or_404(Session, pk=pk, edition=edition)
    return _edit(request, edition, session)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme is public: anyone may read a session's page and add it to a calendar."""
    session = get_object_or_404(Session.objects.select_related("edition", "coalition"), pk=pk)
    is_organizer = roles.is_organizer(request.user)
    # The reader's zone: their profile's when they set one; otherwise only the browser knows
    # it, and the page's script writes that line (never a guessed UTC one).
    reader_zone = viewer_zone(request.user)
    return render(
        request,
        "summaries/sessions/detail.html",
        {
            "session": session,
            "official_times": official_times(session),
            "reader_times": times_in(session, reader_zone) if reader_zone else None,
            "participants": list(session.participants.all()),
            "agenda": list(session.agenda.all()),
            "is_organizer": is_organizer,
            "clashes": clashes_with(session) if is_organizer else [],
        },
    )


def _ics(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.prefetch_related("participants"), pk=pk)
    return _ics(calendar_for([session], name=session.title), f"session-{session.pk}")


@login_required
def my_sessions_ics(request: HttpRequest) -> HttpResponse:
    """The sessions the signed-in person organizes, in one calendar."""
    sessions = (
        Session.objects.organized_by(request.user)
        .prefetch_related("participants")
        .in_programme_order()
    )
    name = _("My sessions")
    return _ics(calendar_for(sessions, name=name), slugify(f"sessions {request.user.pk}"))
