"""The reader's language, kept on their account.

An anonymous visitor reads the site in their browser's language (or the one they pick in the
menu, kept in a cookie). Once a person has an account, the account's language decides: the
menu and the profile page change it, sign-up records the language the visitor was reading,
and signing in — on any browser — switches the site to it (see `use_account_language`).
E-mails, in-site notifications and exports use it too (`impact.notify` renders in
`User.language`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def supported(code: str | None) -> str | None:
    """`code` when the site speaks it (a regional variant counts as its language), else None."""
    if not code:
        return None
    code = code.lower().split("-")[0]
    return code if code in LANGUAGE_CODES and check_for_language(code) else None


def remember(user, code: str | None) -> None:
    """Store `code` as `user`'s language, when it is one the site speaks and a change."""
    code = supported(code)
    if code and user.is_authenticated and user.language != code:
        user.language = code
        user.save(update_fields=["language"])


def use(request: HttpRequest, code: str) -> None:
    """Switch this request to `code`; `LanguageCookieMiddleware` keeps it for the next ones."""
    translation.activate(code)
    request.LANGUAGE_CODE = code
    request._account_language = code


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language menu view; a signed-in person's choice is kept on their account."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        remember(request.user, request.POST.get("language"))
    return response


@receiver(user_logged_in)
def use_account_language(sender, request, user, **kwargs) -> None:
    """Signing in switches the site to the account's language, on whatever browser.

    One exception: an account still on the default language (created before the portal
    recorded languages) takes the language its owner picked in the menu on this browser.
    """
    if request is None or not hasattr(user, "language"):
        return
    picked = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if picked and user.language == settings.LANGUAGE_CODE:
        remember(user, picked)
    code = supported(user.language)
    if code:
        use(request, code)


def reading_language(request: HttpRequest | None) -> str:
    """The language this request is read in (the menu's cookie, else the browser's)."""
    code = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
    return supported(code) or settings.LANGUAGE_CODE


class LanguageCookieMiddleware:
    """Sets the language cookie when a request switched to the account's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        code = getattr(request, "_account_language", None)
        if code:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
