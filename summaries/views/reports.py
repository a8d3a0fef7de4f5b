"""Session organizers' pages: their sessions and the report of each; review by organizers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impact import roles
from impact.concurrency import StaleEdit

from .. import workflow
from ..forms import ReportForm, ReturnForm
from ..models import Participant, Session, SessionReport
from ..permissions import can_edit_report, can_view_report


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    # Two queries: the user's sessions with edition and report, their organizers.
    sessions = (
        Session.objects.organized_by(request.user)
        .select_related("edition", "report")
        .prefetch_related("organizers")
        .order_by("-date", "starts_at", "pk")
    )
    return render(
        request,
        "summaries/my_sessions.html",
        {"sessions": sessions, "is_organizer": roles.is_organizer(request.user)},
    )


def _session_or_404(request: HttpRequest, pk: int) -> Session:
    """The session if the user may see its report; 404 for everyone else (no existence leak)."""
    session = (
        Session.objects.filter(pk=pk)
        .select_related("edition", "report", "coalition")
        .prefetch_related("organizers", Prefetch("participants", Participant.objects.all()))
        .first()
    )
    if session is None or not can_view_report(request.user, session):
        raise Http404
    return session


def _report_of(session: Session) -> SessionReport | None:
    try:
        return session.report
    except SessionReport.DoesNotExist:
        return None


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    current = _report_of(session)
    can_edit = can_edit_report(request.user, session, current)
    form = ReportForm(instance=current or SessionReport(session=session))
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = ReportForm(request.POST, instance=current or SessionReport(session=session))
        if form.is_valid():
            try:
                return _save_report(request, session, form)
            except StaleEdit:
                current = SessionReport.objects.get(session=session)
                form, status = form.reopen(current), 409
    return render(
        request,
        "summaries/report.html",
        {
            "session": session,
            "report": current,
            "form": form,
            "can_edit": can_edit,
            "can_review": roles.is_organizer(request.user),
            "return_form": ReturnForm(),
        },
        status=status,
    )


def _save_report(request: HttpRequest, session: Session, form: ReportForm) -> HttpResponse:
    """Save a valid report form (`StaleEdit` when someone saved since it was opened), then
    submit it when asked; a submission problem is shown next to its field."""
    saved = form.save_checked(actor=request.user)
    if request.POST.get("action") != "submit":
        messages.success(request, _("Draft saved."))
        return redirect("summaries:report", pk=session.pk)
    try:
        workflow.submit(saved, actor=request.user)
    except ValidationError as exc:
        form.saved_as(saved)  # the draft is saved: its next save carries the new version
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    except workflow.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("summaries:report", pk=session.pk)
    else:
        messages.success(request, _("Report submitted. Thank you!"))
        return redirect("summaries:report", pk=session.pk)
    return render(
        request,
        "summaries/report.html",
        {
            "session": session,
            "report": saved,
            "form": form,
            "can_edit": True,
            "can_review": roles.is_organizer(request.user),
            "return_form": ReturnForm(),
        },
    )


@require_POST
@login_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    current = _report_of(session)
    if not roles.is_organizer(request.user):
        raise PermissionDenied
    if current is None:
        raise Http404
    try:
        workflow.accept(current, actor=request.user)
    except workflow.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Report accepted."))
    return redirect("summaries:report", pk=session.pk)


@require_POST
@login_required
def return_report(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    current = _report_of(session)
    if not roles.is_organizer(request.user):
        raise PermissionDenied
    if current is None:
        raise Http404
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            workflow.return_for_changes(
                current, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except workflow.TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Report returned to the session's organizers."))
            return redirect("summaries:report", pk=session.pk)
    return render(
        request,
        "summaries/report.html",
        {
            "session": session,
            "report": current,
            "form": ReportForm(instance=current),
            "can_edit": True,
            "can_review": True,
            "return_form": form,
        },
        status=200 if form.is_valid() else 400,
    )
