"""The proposal change list's filter sidebar, rendered once and kept in the cache.

Its choices come from the networks, themes, regions and editions and from fixed lists, its
links from the list's query: the same HTML for every reviewer with the same query in the same
language. It is kept under the site's page-cache version (`impact.pagecache`), which a change
to any of those tables bumps (`coalitions.hub.signals`), and is never kept with the counts
shown ("Show counts"), which change with every proposal.
"""

from __future__ import annotations

import hashlib

from django.contrib.admin.templatetags.admin_list import admin_list_filter
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from impact import caches, pagecache

TIMEOUT = 3600


def filters_html(cl) -> SafeString:
    """What the admin's `{% for spec in cl.filter_specs %}{% admin_list_filter cl spec %}`
    renders, from the cache when it can be."""
    if cl.add_facets:
        return _render(cl)
    key = _key(cl)
    found = cache.get_many([pagecache.VERSION_KEY, key])
    current = found.get(pagecache.VERSION_KEY)
    if current is None:
        current = pagecache.version()
    cached = found.get(key)
    if cached and cached[0] == current:
        return mark_safe(cached[1])
    html = _render(cl)
    cache.set(key, (current, str(html)), TIMEOUT)
    return html


def _render(cl) -> SafeString:
    return mark_safe("".join(admin_list_filter(cl, spec) for spec in cl.filter_specs))


def _key(cl) -> str:
    specs = [
        (type(spec).__name__, getattr(spec, "parameter_name", "") or spec.field_path)
        if hasattr(spec, "field_path") or hasattr(spec, "parameter_name")
        else (type(spec).__name__, "")
        for spec in cl.filter_specs
    ]
    query = sorted((str(k), str(v)) for k, v in cl.params.items())
    digest = hashlib.sha256(repr((specs, query)).encode()).hexdigest()[:32]
    return caches.key("admin-filters", language=translation.get_language(), digest=digest)
