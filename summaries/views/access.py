"""The one access helper of the organizer pages."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from impact import roles


def organizer_required(view):
    """Signed-in conference organizers only: others get 403, anonymous users the log-in page."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles.is_organizer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
