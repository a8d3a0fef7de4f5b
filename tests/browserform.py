"""A form as a browser sends it back: read from the page's HTML, not from the server's form
objects, so a value the browser cannot read (a date in the wrong format, say) is lost here as
it would be there."""

from __future__ import annotations

from html.parser import HTMLParser

from django.http import QueryDict


class _Form(HTMLParser):
    def __init__(self, form_id: str | None, action: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.action = form_id, action
        self.inside = False
        self.data = QueryDict(mutable=True)
        self._select: tuple[str, list[str], list[str], bool] | None = None
        self._option: tuple[str, bool] | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def _wanted(self, attrs: dict) -> bool:
        if self.form_id is not None:
            return attrs.get("id") == self.form_id
        if self.action is not None:
            return (attrs.get("action") or "") == self.action
        return True

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and not self.inside and self._wanted(a):
            self.inside = True
            return
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.appendlist(name, a.get("value", "on"))
            else:
                self.data.appendlist(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = (name, [], [], "multiple" in a)
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            value, selected = self._option
            if value is not None:
                self._select[1].append(value)
                if selected:
                    self._select[2].append(value)
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select is not None:
            name, values, selected, multiple = self._select
            chosen = selected if (selected or multiple) else values[:1]
            for value in chosen:
                self.data.appendlist(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            # A browser drops the one newline right after <textarea>.
            self.data.appendlist(name, "".join(parts).removeprefix("\n"))
            self._textarea = None


def submitted(html: str, *, form_id: str | None = None, action: str | None = None) -> QueryDict:
    """What the browser posts for the first form (or the one with this id or action) when
    nothing is typed."""
    parser = _Form(form_id, action)
    parser.feed(html)
    return parser.data
