from django.conf import settings

from .models import ConferenceEdition


def site(request) -> dict:
    def current_edition():
        # Evaluated only by templates that use it; cached per request.
        if not hasattr(request, "_current_edition"):
            request._current_edition = ConferenceEdition.objects.current()
        return request._current_edition

    return {"SITE_NAME": settings.SITE_NAME, "current_edition": current_edition}
