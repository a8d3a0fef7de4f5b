"""`SITE_URL` is the one source of the portal's address.

Every absolute link (e-mails, feeds, invitations, notification links) is built from it, and
the Sites framework record — which django-allauth reads for the site's name in its e-mails —
follows it after every `migrate`, so no "example.com" is left behind.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute(path: str) -> str:
    """`path` on the portal as an absolute URL (`path` may already be absolute)."""
    if urlsplit(path).scheme:
        return path
    return f"{settings.SITE_URL}/{path.lstrip('/')}"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc or "localhost"


def sync_site(using: str = "default", **kwargs) -> None:
    """Make the current Site say `SITE_URL`'s host and `SITE_NAME` (a post_migrate handler;
    it runs before django.contrib.sites' own, which then finds the row and adds no
    example.com)."""
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site_domain(), "name": settings.SITE_NAME}
    )
    Site.objects.clear_cache()
