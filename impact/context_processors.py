from django.conf import settings

from .models import ConferenceEdition, Notification


def site(request) -> dict:
    def current_edition():
        # Evaluated only by templates that use it; cached per request.
        if not hasattr(request, "_current_edition"):
            request._current_edition = ConferenceEdition.objects.current()
        return request._current_edition

    return {"SITE_NAME": settings.SITE_NAME, "current_edition": current_edition}


def notifications(request) -> dict:
    """`unread_notifications` for the navigation badge: signed-in users only.

    A callable, so the one COUNT query runs only when a template shows the badge, once per
    request (pages without the navigation, and anonymous visitors, pay nothing).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread_notifications() -> int:
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = Notification.objects.unread_for(user).count()
        return request._unread_notifications

    return {"unread_notifications": unread_notifications}
