"""A signed-in person's notifications: the list, opening one, marking all read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .models import Notification
from .rendering import subject_for

PAGE_SIZE = 25
# No notification has it: the link to open one is reversed once a page, then filled in.
_PK = 987654321987654321


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.visible().filter(recipient=request.user)
    fields = ("pk", "kind", "context", "subject", "url", "created_at", "read_at")
    page = Paginator(rows.only(*fields), PAGE_SIZE).get_page(request.GET.get("page"))
    before, _pk, after = reverse("notification-open", args=[_PK]).partition(str(_PK))
    for note in page.object_list:
        note.open_url = f"{before}{note.pk}{after}"
        # In the language of this request, from the row's context: no query, and the
        # templates are compiled once per process (Django's cached template loader).
        note.shown_subject = subject_for(note, request.user)
    return render(request, "impact/notifications.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read, then go where it points (or back to the list). Someone else's: 404."""
    row = get_object_or_404(Notification.objects.visible(), pk=pk, recipient=request.user)
    if row.read_at is None:
        # update(), not save(): reading a message is not a change the outbox sweep cares about.
        Notification.objects.filter(pk=row.pk).update(read_at=timezone.now())
    target = row.url if request.POST.get("go") and row.url else ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.unread_for(request.user).update(read_at=timezone.now())
    return redirect("notifications")
