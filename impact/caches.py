"""Every cache of the portal in one place: its key, what it holds, how long, what clears it.

A cached value must change when anything it was built from changes. Each entry below names its
sources and the flush function that the sources' model signals call (with the fields that
matter), or says why none is needed: a key that carries every source (the EOI form), or a
value that only a deploy can change (the country list). Code builds its keys with `key()`
and marks its flush functions with `@flushes(name)`, so what the code does and this map cannot
drift apart; tests/impact/test_caches_map.py holds the README's "Caches" table to it.

Two places keep things: the shared cache (`redis`: Redis in production, through
`impact.cache.FailOpenRedisCache`; per process without REDIS_URL) and the process itself
(`process`: module-level dictionaries and `functools.cache`).

The shared cache fails open. A write it could not make (a delete, an `incr`, a `set`) is not
lost: the process that saw it fail bumps the cache's generation, which every key goes through,
as soon as Redis answers again, so nothing cached before the failure is served after it.
The window is in the `generation` entry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from string import Formatter
from typing import TypeVar

REDIS = "redis"
PROCESS = "process"


@dataclass(frozen=True)
class Cache:
    name: str
    key: str  # a `str.format` pattern; `key(name, **fields)` fills it in
    holds: str
    lifetime: str
    sources: str
    flush: str  # the dotted path of the flush function, "" where none can help (see window)
    window: str  # how late a change of a source can show
    modules: tuple[str, ...]  # the modules that read or write it
    where: str = REDIS

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for _, f, _, _ in Formatter().parse(self.key) if f)


MAP: tuple[Cache, ...] = (
    Cache(
        name="generation",
        key="cache:generation",
        holds=(
            "the generation every other key of the shared cache is made under (and when it "
            "was last bumped: cache:generation:bumped-at)"
        ),
        lifetime="no expiry (a restarted Redis starts a new one from the clock)",
        sources=(
            "a write to the shared cache that failed (Redis unreachable or timing out), "
            "recorded in the database too (impact.LostCacheWrite)"
        ),
        flush="impact.cache.bump_generation",
        window=(
            "after an outage, every process serves nothing from before it once Redis answers: "
            "the process that saw the failure bumps at its next use of the cache, or within "
            "RETRY_AFTER (5 s) by itself; the others read the generation at most "
            "GENERATION_SECONDS (1 s) old, and the pages a process keeps for itself "
            "(page-local) 2 s more. If that process stopped before Redis answered, the "
            "sweep (celery beat, every minute) bumps it from the database's record"
        ),
        modules=("impact/cache.py",),
    ),
    Cache(
        name="page-version",
        key="pages:version",
        holds="the version the anonymous pages and the reviewers' filters are kept under",
        lifetime="no expiry",
        sources=(
            "published coalitions (proposal, members, their organizations, work plan, "
            "contacts, updates, progress, themes), regions, themes, networks, editions"
        ),
        flush="impact.pagecache.invalidate",
        window="at once where the change is made, at most 2 s (LOCAL_SECONDS) in other processes",
        modules=("impact/pagecache.py", "impact/signals.py", "coalitions/hub/signals.py"),
    ),
    Cache(
        name="page-parts",
        key="pages:{name}:{version}:{language}:{path}",
        holds="the context of a hub page or the hub's JSON, built for anonymous visitors",
        lifetime="10 minutes (PAGE_TIMEOUT)",
        sources="as page-version; the language and the address are in the key",
        flush="impact.pagecache.invalidate",
        window="as page-version",
        modules=("impact/pagecache.py", "coalitions/hub/cache.py", "coalitions/hub/api.py"),
    ),
    Cache(
        name="page-whole",
        key="pages:page:{name}:{language}:{uri}",
        holds="the home page and the hub's pages as HTML, with the version they were built at",
        lifetime="10 minutes, or until the deadline or midnight they count down to",
        sources="as page-version; the language and the address are in the key",
        flush="impact.pagecache.invalidate",
        window="as page-version",
        modules=("impact/pagecache.py", "impact/views.py", "coalitions/hub/views.py"),
    ),
    Cache(
        name="page-local",
        key="pages:page:{name}:{language}:{uri}",
        holds="the pages this process served last (LOCAL_PAGES) and the version it last read",
        lifetime="30 s a page (LOCAL_PAGE_SECONDS), 2 s the version (LOCAL_SECONDS)",
        sources="as page-version",
        flush="impact.pagecache.forget_local",
        window="at most 2 s after page-version moves",
        modules=("impact/pagecache.py",),
        where=PROCESS,
    ),
    Cache(
        name="admin-filters",
        key="admin:proposal-filters:{language}:{digest}",
        holds="the proposal change list's filter sidebar as HTML, with its page-version",
        lifetime="1 hour",
        sources="networks, themes, regions, editions (page-version); the query is in the key",
        flush="impact.pagecache.invalidate",
        window="as page-version",
        modules=("coalitions/review/admin/sidebar.py", "coalitions/templatetags/review_admin.py"),
    ),
    Cache(
        name="roles",
        key="roles:groups:{user_id}",
        holds="the names of a user's groups (their roles)",
        lifetime="5 minutes (GROUPS_CACHE_SECONDS)",
        sources="the user's groups, from either side; a group renamed or deleted",
        flush="impact.roles.forget_groups",
        window="at once (through an outage: see generation)",
        modules=("impact/roles.py", "impact/signals.py"),
    ),
    Cache(
        name="eoi-form",
        key="template.cache.eoi-page.{digest}",
        holds="the EOI form of a saved proposal and its checklist, rendered",
        lifetime="5 minutes (FORM_CACHE_SECONDS)",
        sources=(
            "the proposal (edit version, version, status), its members' organizations "
            "(updated_at, their number, the last one), the edition (updated_at), the "
            "reference tables (criteria-reference), the language, the late token, the row "
            "added: all in the key (coalitions.filing.formcache.form_key)"
        ),
        flush="coalitions.filing.formcache.touch_organizations",
        window=(
            "at once; the 'similar proposals' hint, which follows other people's proposals, "
            "at most 5 minutes"
        ),
        modules=(
            "coalitions/filing/formcache.py",
            "coalitions/filing/views/eoi.py",
            "templates/coalitions/eoi/form.html",
        ),
    ),
    Cache(
        name="coalitions-to-help",
        key="directory:to-help:{organization}:{stamp}:{version}:{language}",
        holds="the published coalitions one organization would help meet the criteria, rendered",
        lifetime="10 minutes (TO_HELP_SECONDS)",
        sources=(
            "the organization (updated_at), every public coalition (the page version), the "
            "language: all in the key (coalitions.organizations.panel.to_help_key)"
        ),
        flush="",
        window="at once: a change of any source is a new key",
        modules=("coalitions/organizations/panel.py",),
    ),
    Cache(
        name="criteria-reference",
        key="coalitions:criteria-reference:v3",
        holds="region, sector and constituency names and flags the criteria read, and a stamp",
        lifetime="1 hour",
        sources="regions, sectors, constituency types, themes (any save or delete)",
        flush="coalitions.criteria_bridge.forget_reference",
        window="at once, from the admin, a shell or a migration",
        modules=("coalitions/criteria_bridge.py", "coalitions/review/admin/reference.py"),
    ),
    Cache(
        name="sessions",
        key="django.contrib.sessions.cached_db{session_key}",
        holds="a visitor's session (the database behind it: cached_db)",
        lifetime="the session's age (SESSION_COOKIE_AGE)",
        sources="the session's own writes; signing out",
        flush="django.contrib.sessions.backends.cached_db.SessionStore.delete",
        window="at once (a sign-out during an outage: see generation)",
        modules=("impact/settings.py",),
    ),
    Cache(
        name="rate-limits",
        key="rl:{digest}",
        holds="request counts of the portal's rate limits (django-ratelimit)",
        lifetime="the limit's period",
        sources="the requests counted",
        flush="",
        window="a count, not a copy: nothing to go stale; lost in an outage (fails open)",
        modules=("impact/ratelimits.py",),
    ),
    Cache(
        name="sign-in-limits",
        key="allauth:rl:{app}:{action}:{rate}:{source}",
        holds="allauth's sign-in, sign-up and e-mail attempts",
        lifetime="the limit's period",
        sources="the attempts counted",
        flush="",
        window="a count, not a copy: nothing to go stale; lost in an outage (fails open)",
        modules=("impact/settings.py",),
    ),
    Cache(
        name="sites",
        key="SITE_CACHE[{site_id}]",
        holds="the Site (domain and name of the links in e-mails)",
        lifetime="the process",
        sources="the Site row",
        flush="django.contrib.sites.models.clear_site_cache",
        window="at once in the process that saves it (Django's own signal), a restart elsewhere",
        modules=("impact/sites.py",),
        where=PROCESS,
    ),
    Cache(
        name="countries",
        key="_COUNTRIES[{language}]",
        holds="the country list of the member rows, translated and sorted",
        lifetime="the process",
        sources="django-countries' names and their translations: they change with a deploy",
        flush="",
        window="a restart (every deploy restarts the processes)",
        modules=("coalitions/filing/forms/rows.py",),
        where=PROCESS,
    ),
    Cache(
        name="country-regions",
        key="_countries()",
        holds="the region of each country (coalitions/data/country_regions.csv)",
        lifetime="the process",
        sources="the CSV file, which changes with a deploy",
        flush="",
        window="a restart",
        modules=("coalitions/geography.py",),
        where=PROCESS,
    ),
    Cache(
        name="time-zones",
        key="time_zone_names()",
        holds="the IANA time zone names a session may use",
        lifetime="the process",
        sources="the system's time zone database, which changes with a deploy",
        flush="",
        window="a restart",
        modules=("impact/zones.py",),
        where=PROCESS,
    ),
    Cache(
        name="favicon",
        key="_icon()",
        holds="the bytes of the site's icon, served at /favicon.ico",
        lifetime="the process",
        sources="static/img/favicon.ico, which changes with a deploy",
        flush="",
        window="a restart",
        modules=("impact/favicon.py",),
        where=PROCESS,
    ),
    Cache(
        name="links",
        key="_path({name}, {script_prefix}, {urlconf})",
        holds="the path of each URL name without arguments that the navigation and footer show",
        lifetime="the process",
        sources=(
            "the URL configuration, which changes with a deploy; the script prefix is in the key"
        ),
        flush="",
        window="a restart",
        modules=("impact/templatetags/links.py",),
        where=PROCESS,
    ),
    Cache(
        name="portfolio-generation",
        key="portfolio:generation",
        holds="the generation every edition's portfolio tally is kept under",
        lifetime="no expiry",
        sources=(
            "what a portfolio's tally reads (see portfolio-tally), through the signals "
            "coalitions/review/portfolio_cache.py lists"
        ),
        flush="coalitions.review.portfolio.forget",
        window="at once where the change is made, and again when it commits",
        modules=(
            "coalitions/review/portfolio.py",
            "coalitions/review/portfolio_cache.py",
        ),
    ),
    Cache(
        name="portfolio-tally",
        key="portfolio:tally:{edition_id}:{generation}:{count}:{latest}",
        holds=(
            "the counts of an edition's portfolio (its shortlisted and published coalitions) "
            "the balance meters show before a what-if"
        ),
        lifetime="10 minutes (portfolio.TTL)",
        sources=(
            "the portfolio's proposals (their number and latest updated_at are in the key), "
            "their members, the members' organizations and constituency types, themes, co-"
            "editors, owners' and co-editors' languages, regions"
        ),
        flush="coalitions.review.portfolio.forget",
        window=(
            "as portfolio-generation; a bulk update() of a source other than the proposals: "
            "until forget() or 10 minutes"
        ),
        modules=("coalitions/review/portfolio.py",),
    ),
    Cache(
        name="calibration-far",
        key="calibration:far:{edition_id}",
        holds=(
            "the reviewers of an edition whose scores sit far from the others', as its last "
            "fit found them"
        ),
        lifetime="24 hours (FAR_TTL); fitted again at once if lost",
        sources="the edition's reviews",
        flush="coalitions.review.calibration_store.refresh",
        window=(
            "the refit a Celery task runs after each review's change commits; hourly at the "
            "latest (Celery beat)"
        ),
        modules=("coalitions/review/calibration_store.py",),
    ),
)

CACHES: dict[str, Cache] = {c.name: c for c in MAP}


def key(cache: str, /, **fields: object) -> str:
    """The key of `cache` with its fields filled in (KeyError: an unknown cache)."""
    entry = CACHES[cache]
    if set(fields) != set(entry.fields):
        raise TypeError(f"cache {cache!r} is keyed by {entry.fields}, not {tuple(fields)}")
    return entry.key.format(**fields)


F = TypeVar("F", bound=Callable)
_registered: dict[str, list[Callable]] = {}


def flushes(*names: str) -> Callable[[F], F]:
    """Mark a function as the flush function of the named caches (checked against the map)."""

    def mark(function: F) -> F:
        for name in names:
            entry = CACHES[name]
            path = f"{function.__module__}.{function.__qualname__}"
            if entry.flush != path:
                raise ValueError(f"cache {name!r} names {entry.flush!r} as its flush, not {path}")
            _registered.setdefault(name, []).append(function)
        return function

    return mark


def registered(name: str) -> list[Callable]:
    """The functions marked `@flushes(name)` so far (their modules imported)."""
    return list(_registered.get(name, []))


def resolve(path: str) -> Callable:
    """The object at a dotted path, module then attributes (`pkg.module.Class.method`)."""
    parts = path.split(".")
    for i in range(len(parts) - 1, 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attribute in parts[i:]:
            found = getattr(found, attribute)
        return found
    raise ImportError(path)
