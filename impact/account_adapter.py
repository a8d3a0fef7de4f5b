"""django-allauth's mail, in the recipient's language, plain text unescaped, sent through
the notification outbox like every other message."""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import timedelta

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import roles
from .language import reading_language, supported
from .models import Notification
from .notify import notify
from .textmail import render_text

# The outbox kind of every account message; its templates pass the rendered message through.
ACCOUNT_MAIL_KIND = "account"
log = logging.getLogger(__name__)


def over_mail_cap(email: str) -> bool:
    """True when `email` has had its share of account mail: the hourly or the daily cap
    (`ACCOUNT_MAIL_PER_ADDRESS_HOUR`, `_DAY`) of confirmations and resets queued for it.

    Counted in the outbox itself, so the cap holds across web replicas and cache outages, and
    whoever asks (one client or many) cannot aim more than that at one inbox.
    """
    now = timezone.now()
    sent = Notification.objects.filter(
        kind=ACCOUNT_MAIL_KIND, email__iexact=email, created_at__gte=now - timedelta(days=1)
    )
    in_day = sent.count()
    if in_day >= settings.ACCOUNT_MAIL_PER_ADDRESS_DAY:
        return True
    in_hour = sent.filter(created_at__gte=now - timedelta(hours=1)).count()
    return in_hour >= settings.ACCOUNT_MAIL_PER_ADDRESS_HOUR


def _language(context: dict) -> str:
    user = context.get("user")
    return supported(getattr(user, "language", "")) or translation.get_language() or "en"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new account speaks the language its owner was reading when signing up.
        user.language = reading_language(request)
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request) -> str:
        """Organizers start on their own start page (what waits for them), reviewers on the
        review page, filers on their proposals (a `next` address, when there
        is one, still wins: allauth reads it first)."""
        if roles.is_organizer(request.user):
            return reverse("summaries:start")
        if roles.is_reviewer(request.user):
            return reverse("coalitions:review-home")
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up a second factor right after signing in asks for no password again (an
        organizer sent there on sign-in would otherwise type it twice); later it does."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = allauth_context.request
        if not required or app != "allauth.mfa" or request is None:
            return required
        records = get_authentication_records(request, request.user)
        if not records:
            return True
        return time.time() - records[-1]["at"] >= app_settings.REAUTHENTICATION_TIMEOUT

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed sign-ins count per account *and* client address: a flood of wrong passwords
        from one address slows that address down, never the owner signing in from theirs."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:" + (
            self.get_client_ip(request)
        )

    def render_mail(self, template_prefix: str, email, context: dict, headers=None):
        """Subject and text body without HTML escaping; in the account's language when the
        recipient has an account (a password reset asked for in another browser, say)."""
        with translation.override(_language(context)):
            return self._render_mail(template_prefix, email, context, headers)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue the message in the outbox (`impact.notify`) rather than send it here.

        Sign-up and password resets then never wait on the SMTP server or the broker, and a
        failed send is retried like any other message. The row has no `recipient`: its
        links sign people in or reset passwords, so it is not listed on anyone's
        notifications page. The same message asked for twice within a minute (a double
        click) is queued once, and an address over its cap (`over_mail_cap`) gets nothing
        more, silently: the page answers the same, so the cap tells nobody anything.
        """
        if over_mail_cap(email):
            log.warning("account mail %r not queued: %s is over its cap", template_prefix, email)
            return
        request = allauth_context.request
        full = {"request": request, "email": email, "current_site": get_current_site(request)}
        full.update(context)
        language = _language(full)
        message = self.render_mail(template_prefix, email, full)
        digest = hashlib.sha256(f"{message.subject}\n{message.body}".encode()).hexdigest()[:24]
        minute = timezone.now().strftime("%Y%m%d%H%M")
        with translation.override(language):
            notify(
                kind=ACCOUNT_MAIL_KIND,
                dedup_key=f"account:{template_prefix}:{email}:{digest}:{minute}",
                context={"subject": message.subject, "body": message.body},
                email=email,
            )

    def _render_mail(self, template_prefix: str, email, context: dict, headers=None):
        request = allauth_context.request
        to = [email] if isinstance(email, str) else email
        subject = render_text(f"{template_prefix}_subject.txt", context, request)
        subject = self.format_email_subject(" ".join(subject.splitlines()).strip())
        text = render_text(f"{template_prefix}_message.txt", context, request).strip()
        try:
            html_name = f"{template_prefix}_message.{app_settings.TEMPLATE_EXTENSION}"
            html = render_to_string(html_name, context, request).strip()
        except TemplateDoesNotExist:
            html = ""
        message: EmailMessage = EmailMultiAlternatives(
            subject, text, self.get_from_email(), to, headers=headers
        )
        if html:
            message.attach_alternative(html, "text/html")
        return message
