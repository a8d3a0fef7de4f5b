"""Two-factor sign-in, required of those who decide.

django-allauth's MFA does the enrolment and the second step of sign-in (an authenticator
app's code, a recovery code or a security key). What it leaves to the site is who *must*
have one: organizers, reviewers and staff (`must_have_second_factor`). Until they have set
one up, every page sends them to the setup page; they can still sign out, change the
language and read the setup pages themselves.
"""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import roles

# A recovery code alone is not a second factor: it only stands in for a lost one.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def must_have_second_factor(user) -> bool:
    """Organizers, reviewers (of either kind) and staff (the admin's users)."""
    if not settings.MFA_REQUIRED_FOR_PRIVILEGED or not user.is_authenticated:
        return False
    return bool(user.is_staff or roles.is_reviewer(user))


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def _open_prefixes() -> tuple[str, ...]:
    """What someone without their required second factor may still reach."""
    return (
        reverse("mfa_index"),  # the setup pages (authenticator app, keys, recovery codes)
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        reverse("set_language"),
        reverse("healthz"),
        reverse("favicon"),
        settings.STATIC_URL,
    )


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and must_have_second_factor(user)
            and not request.path_info.startswith(_open_prefixes())
            and not has_second_factor(user)
        ):
            messages.warning(
                request,
                _(
                    "Your role needs two-factor sign-in. Set up an authenticator app (or a "
                    "security key) to continue."
                ),
                fail_silently=True,
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Someone who must have a second factor keeps at least one."""
        user = authenticator.user
        if authenticator.type not in SECOND_FACTORS or not must_have_second_factor(user):
            return True
        others = Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
