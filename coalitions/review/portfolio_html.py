"""The portfolio's meters and candidate rows as HTML, written in Python.

The portfolio page shows some fifty meters and a page of fifty candidates. As template loops
they were half of the page's CPU: each meter is a dozen conditions and look-ups, and Django's
template engine pays for every node. The markup and the words are those of the templates
they replace (the same catalogue entries); `format_html` escapes every value.
"""

from __future__ import annotations

from django.utils.formats import localize, number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .portfolio import Meter


def _target_note(m: Meter) -> SafeString:
    if m.target is None:
        return mark_safe("")
    parts = [escape(_("target ≥ %(t)s%%") % {"t": localize(m.target)})]
    if m.met is False:
        parts.append(format_html(', <span class="text-danger-emphasis">{}</span>', _("under")))
    if m.after_met is not None and m.after_met != m.met:
        parts.append(escape(", " + (_("met after") if m.after_met else _("missed after"))))
    return format_html(' <span class="text-secondary">({})</span>', mark_safe("".join(parts)))


def _bar(m: Meter) -> SafeString:
    if m.after is not None:
        bars = format_html(
            '<rect x="0" y="0" width="{}" height="5" class="bar-before"/>'
            '<rect x="0" y="5" width="{}" height="5" class="bar-after"/>',
            m.share,
            m.after,
        )
    else:
        under = " bar-under" if m.met is False else ""
        bars = format_html(
            '<rect x="0" y="0" width="{}" height="10" class="bar-before{}"/>', m.share, under
        )
    target = (
        format_html(
            '<line x1="{0}" x2="{0}" y1="0" y2="10" class="bar-target"'
            ' vector-effect="non-scaling-stroke"/>',
            m.target,
        )
        if m.target is not None
        else ""
    )
    return format_html(
        '<svg class="portfolio-bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%"'
        ' height="10" aria-hidden="true" focusable="false">'
        '<rect x="0" y="0" width="100" height="10" class="bar-bg"/>{}{}</svg>',
        bars,
        target,
    )


def meter(dimension: str, m: Meter) -> SafeString:
    """One meter: its label, its share (→ the share after the what-if), its target, its bar.
    Data attributes carry the shares unlocalized, for the page's script and the tests."""
    after = (
        format_html(' → <strong data-testid="after">{}%</strong>', localize(m.after))
        if m.after is not None
        else ""
    )
    return format_html(
        '<li class="portfolio-meter{}" data-testid="meter-{}-{}" data-share="{}"{}>'
        '<div class="d-flex flex-wrap justify-content-between column-gap-2 small">'
        '<span class="meter-label">{}</span>'
        '<span class="meter-value ms-auto text-end"><strong>{}%</strong>{}{}</span></div>{}</li>',
        " is-under" if m.met is False else "",
        dimension,
        m.key,
        m.share,
        format_html(' data-after="{}"', m.after) if m.after is not None else "",
        m.label,
        localize(m.share),
        after,
        _target_note(m),
        _bar(m),
    )


def meters(dimension: str, found: list[Meter]) -> SafeString:
    return mark_safe("".join(meter(dimension, m) for m in found))


def _two_places(value: float) -> str:
    """As the template filter `floatformat:2` writes it, localized, for a fraction of its
    cost (it goes through Decimal)."""
    return number_format(round(value, 2), decimal_pos=2)


def _scores(scores) -> tuple[SafeString, SafeString]:
    if scores is None:
        return mark_safe("—"), mark_safe("—")
    calibrated = escape(_two_places(scores.calibrated))
    if scores.uncertainty is not None:
        calibrated = format_html(
            '{} <span class="text-secondary small">± {}</span>',
            calibrated,
            _two_places(scores.uncertainty),
        )
    reviews = ngettext("%(n)s review", "%(n)s reviews", scores.reviews) % {"n": scores.reviews}
    raw = format_html(
        '{} <span class="text-secondary small">({})</span>', _two_places(scores.raw), reviews
    )
    return calibrated, raw


def candidate(row: dict) -> SafeString:
    """One candidate's row: its tick box, its title as the box's label, its scores."""
    pk = row["proposal"].pk
    calibrated, raw = _scores(row["scores"])
    return format_html(
        '<tr data-testid="candidate-{0}"><td><input class="form-check-input" type="checkbox"'
        ' name="tick" value="{0}" id="tick-{0}"{1}></td>'
        '<td><label for="tick-{0}">{2}</label></td>'
        '<td class="text-end text-nowrap">{3}</td><td class="text-end text-nowrap">{4}</td></tr>',
        pk,
        " checked" if row["ticked"] else "",
        row["proposal"].title,
        calibrated,
        raw,
    )


def candidates(rows: list[dict]) -> SafeString:
    return mark_safe("".join(candidate(r) for r in rows))
