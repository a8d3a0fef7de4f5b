"""The map of the caches (`impact.caches`) is the whole truth: the README's table says what it
says, every module that uses a cache is named in it, the code's keys follow its patterns and
its flush functions are the ones the code marks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_PREFIX
from django.core.cache.utils import make_template_fragment_key

from coalitions import criteria_bridge
from coalitions.review.admin import sidebar
from impact import caches, pagecache, roles

ROOT = Path(settings.BASE_DIR)
SOURCES = ("impact", "coalitions", "summaries")
# What makes a module a user of a cache: the shared one, a template fragment, or one of its own.
USES_A_CACHE = re.compile(
    r"from django\.core\.cache import|django\.core\.cache\.caches|\{% cache |"
    r"functools\.cache|lru_cache|from functools import cache\b|_COUNTRIES"
)


def readme_rows() -> dict[str, list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Caches\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"\| `([a-z-]+)` \|", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in line.strip("|").split(" | ")]
    return rows


def test_the_readme_table_is_the_map():
    rows = readme_rows()
    assert list(rows) == [c.name for c in caches.MAP]
    for entry in caches.MAP:
        name, where, key, holds, lifetime, sources, flush, window = rows[entry.name]
        assert (where, key) == (entry.where, f"`{entry.key}`"), entry.name
        assert (holds, lifetime, sources, window) == (
            entry.holds,
            entry.lifetime,
            entry.sources,
            entry.window,
        ), entry.name
        assert flush == (f"`{entry.flush}`" if entry.flush else "—"), entry.name


def cache_users() -> set[str]:
    found = set()
    for top in SOURCES:
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts or path.name == "caches.py":
                continue
            if USES_A_CACHE.search(path.read_text(encoding="utf-8")):
                found.add(str(path.relative_to(ROOT)))
    for path in (ROOT / "templates").rglob("*.html"):
        if "{% cache " in path.read_text(encoding="utf-8"):
            found.add(str(path.relative_to(ROOT)))
    return found


def test_every_module_that_uses_a_cache_is_in_the_map():
    named = {module for entry in caches.MAP for module in entry.modules}
    assert cache_users() - named == set()
    assert [m for m in sorted(named) if not (ROOT / m).exists()] == []


def test_every_flush_function_is_the_one_the_code_marks():
    for entry in caches.MAP:
        if not entry.flush:
            # Nothing to flush: a count, a value only a deploy changes, or a key that carries
            # every source.
            assert (
                "restart" in entry.window
                or "count" in entry.window
                or "all in the key" in entry.sources
            ), entry.name
            continue
        function = caches.resolve(entry.flush)
        assert callable(function), entry.name
        if not entry.flush.startswith("django."):
            assert function in caches.registered(entry.name), entry.name


def pattern(name: str) -> re.Pattern:
    parts = re.split(r"\{[a-z_]+\}", caches.CACHES[name].key)
    return re.compile(".+".join(re.escape(p) for p in parts) + r"\Z")


def test_the_codes_keys_follow_the_map():
    assert pattern("roles").match(roles.groups_cache_key(7))
    assert pagecache.VERSION_KEY == caches.key("page-version")
    assert criteria_bridge.REFERENCE_CACHE_KEY == caches.key("criteria-reference")
    assert pattern("eoi-form").match(make_template_fragment_key("eoi-page", ["1:2:3"]))
    assert pattern("sessions").match(SESSION_PREFIX + "abc123")
    assert pattern("rate-limits").match(getattr(settings, "RATELIMIT_CACHE_PREFIX", "rl:") + "f0")
    assert sidebar.TIMEOUT == 3600 and "1 hour" == caches.CACHES["admin-filters"].lifetime


def test_a_key_needs_exactly_its_fields():
    assert caches.key("roles", user_id=3) == "roles:groups:3"
    with pytest.raises(TypeError):
        caches.key("roles")
    with pytest.raises(TypeError):
        caches.key("roles", user_id=3, language="fr")
    with pytest.raises(KeyError):
        caches.key("no-such-cache")


def test_a_flush_function_must_be_the_one_the_map_names():
    with pytest.raises(ValueError):

        @caches.flushes("roles")
        def some_other_function():
            pass
