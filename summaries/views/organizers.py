"""Conference organizers' pages: their start page, editions, report overview, late reports,
programme import."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from impact.models import ConferenceEdition
from impact.roles import organizer_required

from .. import workflow
from ..enums import ReportStatus
from ..forms import ProgrammeImportForm
from ..models import Session
from ..organizer_desk import organizer_desk
from ..programme import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, import_programme
from ..scheduling import find_clashes, in_time_order


@organizer_required
def start(request: HttpRequest) -> HttpResponse:
    """The organizers' start page (where they land after signing in): what waits for them."""
    desk = organizer_desk(request.user, request.GET.get("edition", ""))
    return render(request, "summaries/organizers/start.html", {"desk": desk})


@organizer_required
def index(request: HttpRequest) -> HttpResponse:
    # One query: every edition with its session and report counts.
    editions = ConferenceEdition.objects.annotate(
        session_count=Count("sessions", distinct=True),
        accepted=Count("sessions", filter=Q(sessions__report__status=ReportStatus.ACCEPTED)),
        submitted=Count("sessions", filter=Q(sessions__report__status=ReportStatus.SUBMITTED)),
    ).order_by("-starts_on")
    return render(request, "summaries/organizers/index.html", {"editions": editions})


@organizer_required
def edition(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    status = request.GET.get("status", "")
    # Two queries: the sessions with their reports, and their organizers.
    sessions = (
        Session.objects.filter(edition=edition)
        .select_related("report")
        .prefetch_related("organizers")
        .in_programme_order()
    )
    if status == "none":
        sessions = sessions.filter(report__isnull=True)
    elif status in ReportStatus.values:
        sessions = sessions.filter(report__status=status)
    sessions = in_time_order(sessions)
    # Clashes are looked for across the whole programme, whatever the filter shows.
    timings = Session.objects.filter(edition=edition).only(
        "pk", "title", "room", "date", "starts_at", "ends_at", "time_zone"
    )
    clashes = find_clashes(timings)
    for session in sessions:
        session.clashes = clashes.get(session.pk, [])
    counts = dict(
        Session.objects.filter(edition=edition)
        .values_list("report__status")
        .annotate(n=Count("pk"))
        .values_list("report__status", "n")
    )
    return render(
        request,
        "summaries/organizers/edition.html",
        {
            "edition": edition,
            "sessions": sessions,
            "status": status,
            "statuses": ReportStatus.choices,
            "counts": {
                "none": counts.get(None, 0),
                **{value: counts.get(value, 0) for value in ReportStatus.values},
            },
            "total": sum(counts.values()),
            "clash_count": len(clashes),
        },
    )


@organizer_required
def late(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    sessions = in_time_order(workflow.late_sessions(edition))
    return render(
        request,
        "summaries/organizers/late.html",
        {"edition": edition, "sessions": sessions, "remind_every": workflow.REMIND_EVERY_DAYS},
    )


@require_POST
@organizer_required
def remind(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    late_sessions = workflow.late_sessions(edition).select_related("edition")
    chosen = [request.POST["session"]] if request.POST.get("session") else []
    chosen = chosen or request.POST.getlist("sessions")
    ids = [int(value) for value in chosen if value.isdigit()]
    if ids:
        late_sessions = late_sessions.filter(pk__in=ids)
    elif not request.POST.get("all"):
        messages.error(request, _("Choose the sessions to remind."))
        return redirect("summaries:late", slug=edition.slug)
    queued = workflow.remind(late_sessions)
    if queued:
        messages.success(
            request,
            ngettext("%(n)d reminder queued.", "%(n)d reminders queued.", queued) % {"n": queued},
        )
    else:
        messages.info(
            request,
            _("Nobody to remind: they were reminded in the last %(days)d days, or have no account.")
            % {"days": workflow.REMIND_EVERY_DAYS},
        )
    return redirect("summaries:late", slug=edition.slug)


@organizer_required
def import_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(ConferenceEdition, slug=slug)
    form = ProgrammeImportForm()
    errors = []
    if request.method == "POST":
        form = ProgrammeImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = import_programme(edition, form.cleaned_data["file"])
            if result.ok:
                messages.success(
                    request,
                    ngettext("%(n)d session imported.", "%(n)d sessions imported.", result.created)
                    % {"n": result.created},
                )
                return redirect("summaries:edition", slug=edition.slug)
            errors = result.errors
    return render(
        request,
        "summaries/organizers/import.html",
        {
            "edition": edition,
            "form": form,
            "errors": errors,
            "columns": REQUIRED_COLUMNS + OPTIONAL_COLUMNS,
            "required": REQUIRED_COLUMNS,
        },
        status=400 if errors or form.errors else 200,
    )
