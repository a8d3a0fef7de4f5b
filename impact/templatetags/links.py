"""`{% link 'name' %}`: the path of a URL that takes no arguments, reversed once per process.

The navigation and the footer, on every page, name a score of such URLs; Django's `{% url %}`
reverses each of them per request. Without arguments a name's path depends only on the URL
configuration, fixed while the process runs, and the script prefix the site is served under,
which is part of the key; so the answer never goes stale.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=256)
def _path(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def link(name: str) -> str:
    return _path(name, get_script_prefix(), get_urlconf())
