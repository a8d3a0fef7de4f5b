"""django-allauth's mail, in the recipient's language, plain text unescaped."""

from __future__ import annotations

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .language import reading_language, supported
from .textmail import render_text


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new account speaks the language its owner was reading when signing up.
        user.language = reading_language(request)
        return super().save_user(request, user, form, commit=commit)

    def render_mail(self, template_prefix: str, email, context: dict, headers=None):
        """Subject and text body without HTML escaping; in the account's language when the
        recipient has an account (a password reset asked for in another browser, say)."""
        user = context.get("user")
        language = supported(getattr(user, "language", "")) or translation.get_language()
        with translation.override(language):
            return self._render_mail(template_prefix, email, context, headers)

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
