"""Finding the editing pages of the portal, saving a form unchanged in the browser, and what
a no-op save may not change.

The pages come from the URLconf (every named pattern, its arguments filled from the demo
data by the names of the segment and argument: `proposals/<pk>` is a proposal, `sessions/<pk>`
a session…) and from the admin's registry (the change page of one row of every registered
model). A page is an editing page when some account can open it and it shows a form that
POSTs with something to fill in (the language menu and signing out aside).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

APPS = ("impact", "coalitions", "summaries")
NOT_A_FIELD = {"hidden", "submit", "button", "image", "reset"}
# Forms on every page that edit nothing of the page: the language menu, signing out.
CHROME_ACTIONS = ("/i18n/setlang/", "/accounts/logout/")
# Fields that move on every save by design: the optimistic-locking counter and stamp
# (impact.concurrency), and `auto_now` timestamps (found by their flag, not listed here).
MOVING = {"edit_version", "edited_at", "edited_by_id", "save_key"}


@dataclass
class Route:
    name: str
    route: str
    module: str
    args: list[tuple[str, str]] = field(default_factory=list)  # (segment before, kwarg)


def routes() -> list[Route]:
    """Every named URL pattern of the site, with its namespace and its arguments."""
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                module = getattr(pattern.callback, "__module__", "") or ""
                found.append(Route(f"{namespace}{pattern.name}", route, module, arguments(route)))

    walk(get_resolver().url_patterns, "", "")
    return found


def arguments(route: str) -> list[tuple[str, str]]:
    """(segment before, kwarg name) for each argument of a route, path() or re_path() style."""
    found = []
    for match in re.finditer(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route):
        before = route[: match.start()].rstrip("/^").rsplit("/", 1)[-1]
        before = "" if "<" in before or "(" in before else before
        found.append((before, match.group(1) or match.group(2)))
    return found


class _Forms(HTMLParser):
    """The forms of a page: (method, action, how many fields one can fill in)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append([method, attrs.get("action") or "", 0])
            self.inside = True
        elif self.inside and tag in ("input", "textarea", "select"):
            if tag != "input" or (attrs.get("type") or "text").lower() not in NOT_A_FIELD:
                self.forms[-1][2] += 1
            elif attrs.get("name") == "_save":
                # The admin's Save of a change page whose fields are all read-only still
                # saves: its no-op is walked too.
                self.forms[-1][2] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def editing_forms(html: str) -> list[tuple[str, int]]:
    """The POST forms of a page with fields to fill in, or the admin's Save: (action, number
    of fields)."""
    parser = _Forms()
    parser.feed(html)
    return [
        (action, count)
        for method, action, count in parser.forms
        if method == "post" and count and not action.startswith(CHROME_ACTIONS)
    ]


# --- in the browser -------------------------------------------------------------------------

MARK_FORMS_JS = """(chrome) => {
  const fields = 'textarea, select, input:not([type=hidden]):not([type=submit])'
    + ':not([type=button]):not([type=image]):not([type=reset])';
  const actions = [];
  for (const form of document.querySelectorAll('form')) {
    const post = (form.getAttribute('method') || '').toLowerCase() === 'post';
    const path = new URL(form.action, location.href).pathname;
    const filled = form.querySelector(fields) || form.querySelector('[name=_save]');
    if (post && filled && !chrome.some(p => path.startsWith(p))) {
      form.dataset.roundTrip = actions.length;
      actions.push(path);
    }
  }
  return actions;
}"""
SUBMIT = "button[type=submit], input[type=submit], button:not([type])"
# The button a person saves with: the admin's Save, a "save" action, else the first shown.
PREFERRED = ("[name=_save]", "[type=submit][value=save]", "")


def _save_button(form):
    for preferred in PREFERRED:
        buttons = form.locator(", ".join(f"{s}{preferred}" for s in SUBMIT.split(", ")))
        for i in range(buttons.count()):
            box = buttons.nth(i).bounding_box()
            if buttons.nth(i).is_visible() and box and box["width"] > 2:
                return buttons.nth(i), True
    hidden = form.locator(SUBMIT).first
    return hidden, False


def submit_unchanged(page, index: int) -> str:
    """Click the form's save button as it is; what the server answered (or why not)."""
    form = page.locator(f"form[data-round-trip='{index}']")
    if not form.locator(SUBMIT).count():
        return "no submit button"
    button, shown = _save_button(form)
    try:
        with page.expect_response(lambda r: r.request.method == "POST", timeout=10_000) as info:
            if shown:
                button.click()
            else:  # a button shown by a menu or a dialog: submitted as its click would
                button.evaluate("b => b.form.requestSubmit(b)")
        page.wait_for_load_state()
    except Exception as exc:  # noqa: BLE001 - the browser refused to submit (a required box)
        return f"not sent: {str(exc).splitlines()[0]}"
    return str(info.value.status)


# --- what is stored ------------------------------------------------------------------------


def project_models() -> list[type[models.Model]]:
    """The project's models, and the tables of their many-to-many links."""
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.app_label in APPS]


def snapshot() -> dict[tuple[str, object], dict]:
    """Every row of every project model, as stored: its fields, those that move on every
    save by design aside (`auto_now` timestamps, the optimistic-locking stamps)."""
    rows = {}
    for model in project_models():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if not getattr(f, "auto_now", False) and f.attname not in MOVING
        ]
        for row in model._base_manager.order_by().values("pk", *names):
            rows[(model._meta.label, row.pop("pk"))] = row
    return rows


def differences(before: dict, after: dict) -> list[str]:
    """What a save changed, one line per row or field."""
    lines = [f"new {label} #{pk}: {after[(label, pk)]}" for label, pk in after.keys() - before]
    lines += [f"gone {label} #{pk}" for label, pk in before.keys() - after]
    for key in before.keys() & after.keys():
        old, new = before[key], after[key]
        lines += [
            f"{key[0]} #{key[1]} {name}: {old[name]!r} → {new[name]!r}"
            for name in old
            if old[name] != new[name]
        ]
    return sorted(lines)
