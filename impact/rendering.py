"""A notification's text, rendered from `templates/notifications/<kind>/` in a given language.

`subject.txt` and `body.txt` are plain text (never HTML-escaped); `body.html` is optional and
may extend `notifications/base_email.html`. Templates get the context given to `notify()` plus
`recipient`, `url` (the path given), `site_url` and `site_name`. A stored row is rendered from
its frozen context (`impact.snapshots`) when it is read: on the notifications page in the
reader's language, in the e-mail in the recipient's language at send time.
"""

from __future__ import annotations

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .models import Notification
from .snapshots import thaw
from .textmail import render_text

# Given at render time, never frozen: the recipient's current name, today's site address.
LIVE_KEYS = frozenset({"recipient", "url", "site_url", "site_name"})


def live_context(*, recipient, url: str) -> dict:
    return {
        "recipient": recipient,
        "url": url,
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
    }


def render_subject(kind: str, context: dict) -> str:
    """The subject in the active language, on one line whatever the template's whitespace."""
    text = render_text(f"notifications/{kind}/subject.txt", context)
    return " ".join(text.split())[:255]


def render_message(kind: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render subject, text and HTML bodies of `kind` in `language`."""
    base = f"notifications/{kind}"
    with translation.override(language):
        # Plain text is never HTML-escaped (`people's`, not `people&#x27;s`); HTML is.
        subject = render_subject(kind, context)
        text = render_text(f"{base}/body.txt", context).strip() + "\n"
        try:
            html: str = render_to_string(f"{base}/body.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject, text, html


def _context_of(row: Notification, recipient) -> dict:
    return {**thaw(row.context), **live_context(recipient=recipient, url=row.url)}


def message_of(row: Notification, language: str) -> tuple[str, str, str]:
    """The row's subject, text and HTML in `language`. A row queued before contexts were kept
    has only the text it was rendered with then."""
    if row.context is None:
        return row.subject, row.body_text, row.body_html
    return render_message(row.kind, _context_of(row, row.recipient), language)


def subject_for(row: Notification, reader) -> str:
    """The row's subject in the active language, for its recipient `reader` (no query)."""
    if row.context is None:
        return row.subject
    try:
        return render_subject(row.kind, _context_of(row, reader))
    except TemplateDoesNotExist:
        # A kind whose templates are gone: the subject as it was queued.
        return row.subject
