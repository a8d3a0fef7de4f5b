"""Plain text rendered from templates without HTML escaping.

Django escapes every variable, which is right for HTML and wrong for a plain-text e-mail or a
notification title: "people's" must not arrive as `people&#x27;s`. Text templates (`.txt`)
are rendered here with autoescape off; HTML bodies keep going through `render_to_string`.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.context import make_context
from django.template.loader import get_template


def render_text(template_name: str, context: dict, request: HttpRequest | None = None) -> str:
    """Render `template_name` (a Django template) as plain text: nothing is HTML-escaped."""
    template = get_template(template_name).template
    return template.render(make_context(context, request, autoescape=False))
