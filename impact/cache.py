"""A Redis cache that fails open: an unreachable Redis costs a cache miss, never a 500.

Everything the portal keeps in the cache can be rebuilt from the database (hub pages, the
criteria reference data) or is a safeguard that should let people through rather than lock
everyone out (allauth's rate limits). So when Redis does not answer, every operation behaves
as a miss: `get` returns the default, `set`/`delete` do nothing, `add` reports success (a
lock or a rate limit lets the user through), `incr` answers as a fresh counter would.

After a failure the cache is presumed down for `RETRY_AFTER` seconds (a process-wide circuit
breaker per server), so during an outage requests do not each wait for a connect timeout.
Failures are logged, at most once every `LOG_EVERY` seconds per server with a count of the
ones in between, and the recovery is logged once.

A write that fails (`set`, `delete`, `incr`… — an invalidation, often) is not forgotten:
every key is made under a generation kept in Redis (`cache:generation`, see `impact.caches`),
and the process that saw a write fail bumps it as soon as Redis answers again — at its next
use of the cache, or by itself within `RETRY_AFTER` — so nothing cached before the failure is
served after it, by any process. Each process reads the generation at most
`GENERATION_SECONDS` old. The failure is also recorded in the database (`LostCacheWrite`):
should that process stop before Redis answers, `sweep_lost_writes` (celery beat, every
minute) bumps the generation instead.

Configure with `BACKEND: "impact.cache.FailOpenRedisCache"`; besides RedisCache's own
parameters it reads `RETRY_AFTER` (seconds, default 5), `LOG_EVERY` (default 60) and
`GENERATION_SECONDS` (default 1).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from . import caches

log = logging.getLogger(__name__)

# What an unreachable, restarting, full or read-only Redis raises. A missing key for `incr`
# is a ValueError and still propagates, as Django's contract says.
CACHE_ERRORS = (RedisError, OSError)


@dataclass
class _Health:
    down_until: float = 0.0  # monotonic time before which Redis is not tried
    failing: bool = False
    logged_at: float = float("-inf")
    unlogged: int = 0  # failures since the last log line
    generation: int | None = None  # as last read from Redis
    generation_read_at: float = float("-inf")
    lost: bool = False  # a write failed: bump the generation once Redis answers
    retrying: bool = False  # a thread is waiting for Redis to bump it


# What leaves a stale value behind when it fails: the value it replaces or removes stays.
WRITES = frozenset({"set", "set_many", "delete", "delete_many", "incr", "clear"})


_health: dict[str, _Health] = {}
_lock = threading.Lock()


def reset_breakers() -> None:
    """Forget every recorded failure (tests, or after an operator fixed Redis)."""
    with _lock:
        _health.clear()


def _record_lost_write() -> None:
    """Note the failure in the database, where `sweep_lost_writes` finds it if this process
    stops before it could bump the generation itself."""
    from django.db import transaction

    from .models import LostCacheWrite

    try:
        transaction.on_commit(LostCacheWrite.objects.create, robust=True)
    except Exception as exc:  # noqa: BLE001 - no database either: the entries' lifetime bounds it
        log.warning("a lost cache write could not be recorded: %s", exc)


def sweep_lost_writes() -> int:
    """Bump the generation if a write was lost after its last bump (its process stopped before
    Redis answered again); forget the recorded ones. Returns how many were found."""
    from datetime import UTC, datetime

    from django.core.cache import caches as backends
    from django.utils import timezone

    from .models import LostCacheWrite

    now = timezone.now()
    backend = backends["default"]
    if not isinstance(backend, FailOpenRedisCache):
        LostCacheWrite.objects.filter(at__lte=now).delete()
        return 0
    try:
        since = datetime.fromtimestamp(backend.bumped_at(), tz=UTC)
        found = LostCacheWrite.objects.filter(at__gt=since, at__lte=now).count()
        if found:
            backend.bump_generation()
    except CACHE_ERRORS as exc:
        log.warning("lost cache writes not swept, the cache does not answer: %s", exc)
        return 0
    LostCacheWrite.objects.filter(at__lte=now).delete()
    return found


@caches.flushes("generation")
def bump_generation() -> None:
    """Retire everything in the shared cache at once (a per-process cache is simply cleared)."""
    from django.core.cache import caches as backends

    backend = backends["default"]
    if isinstance(backend, FailOpenRedisCache):
        backend.bump_generation()
    else:
        backend.clear()


class _ReusedClients(RedisCacheClient):
    """Django's client, keeping one `redis.Redis` per connection pool.

    Django builds a new `redis.Redis` for every operation, and each one copies redis-py's
    table of several hundred response callbacks: about a fifth of a millisecond per cache
    operation, several per signed-in page (its session, the user's roles). A `redis.Redis`
    holds no connection of its own (it takes one from the pool per command) and is safe to
    share between threads, so one per pool serves every operation.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients
        self.retry_after = float(params.get("RETRY_AFTER", 5))
        self.log_every = float(params.get("LOG_EVERY", 60))
        self.generation_seconds = float(params.get("GENERATION_SECONDS", 1))
        self._health_key = ",".join(self._servers) + "|" + self.key_prefix
        self._generation_key = super().make_key(caches.key("generation"))
        self._bumped_at_key = self._generation_key + ":bumped-at"

    # --- the breaker and its log -------------------------------------------------------

    @property
    def _state(self) -> _Health:
        with _lock:
            return _health.setdefault(self._health_key, _Health())

    def _available(self) -> bool:
        return time.monotonic() >= self._state.down_until

    def _failed(self, operation: str, exc: BaseException) -> None:
        state = self._state
        now = time.monotonic()
        with _lock:
            state.down_until = now + self.retry_after
            state.failing = True
            state.unlogged += 1
            if now - state.logged_at < self.log_every:
                return
            count, state.unlogged, state.logged_at = state.unlogged, 0, now
        log.warning(
            "cache %s unavailable (%s: %s); serving without it (%s failure(s) since last report)",
            operation,
            type(exc).__name__,
            exc,
            count,
        )

    def _succeeded(self) -> None:
        state = self._state
        if state.failing:
            with _lock:
                state.failing, state.unlogged, state.logged_at = False, 0, float("-inf")
            log.warning("cache is answering again")

    def _call(self, operation: str, fallback: Any, method, *args, **kwargs) -> Any:
        if not self._available():
            self._lost(operation)
            return fallback
        try:
            if self._state.lost:
                self._bump()
            result = method(*args, **kwargs)
        except CACHE_ERRORS as exc:
            self._failed(operation, exc)
            self._lost(operation)
            return fallback
        self._succeeded()
        return result

    # --- the generation --------------------------------------------------------------------

    def make_key(self, key, version=None):
        return super().make_key(f"g{self._generation()}:{key}", version)

    def _generation(self) -> int:
        """The current generation, read from Redis at most `generation_seconds` ago (raises
        what Redis raises: the operation that asked fails as a whole)."""
        state = self._state
        now = time.monotonic()
        if (
            state.generation is not None
            and now - state.generation_read_at < self.generation_seconds
        ):
            return state.generation
        client = self._cache.get_client(write=True)
        value = client.get(self._generation_key)
        if value is None:
            # From the clock: a Redis that lost the key never reuses a generation.
            client.set(self._generation_key, time.time_ns(), nx=True)
            value = client.get(self._generation_key)
        state.generation, state.generation_read_at = int(value), now
        return state.generation

    def _bump(self) -> None:
        state = self._state
        with _lock:
            state.lost = False
        try:
            client = self._cache.get_client(write=True)
            value = client.incr(self._generation_key)
            client.set(self._bumped_at_key, time.time())
        except CACHE_ERRORS:
            with _lock:
                state.lost = True
            raise
        state.generation, state.generation_read_at = int(value), time.monotonic()
        log.warning("cache generation bumped to %s: writes were lost while it failed", value)

    def bump_generation(self) -> None:
        """Retire everything cached so far (raises when Redis does not answer)."""
        self._bump()

    def bumped_at(self) -> float:
        """When the generation was last bumped (a Unix time; 0 if never); raises when Redis
        does not answer."""
        value = self._cache.get_client(write=True).get(self._bumped_at_key)
        return float(value) if value is not None else 0.0

    def _lost(self, operation: str) -> None:
        if operation not in WRITES:
            return
        state = self._state
        with _lock:
            first, state.lost = not state.lost, True
            start, state.retrying = not state.retrying, True
        if first:
            _record_lost_write()
        if start:
            thread = threading.Thread(target=self._retry_bump, name="cache-generation", daemon=True)
            thread.start()

    def _retry_bump(self) -> None:
        """Bump the generation as soon as Redis answers, even if this process does not use the
        cache again (an idle worker)."""
        state = self._state
        while True:
            time.sleep(max(self.retry_after, 0.1))
            with _lock:
                if not state.lost or _health.get(self._health_key) is not state:  # or reset
                    state.retrying = False
                    return
            try:
                self._bump()
            except CACHE_ERRORS:
                continue
            with _lock:
                state.retrying = state.lost
                if not state.lost:
                    return

    def ping(self) -> None:
        """Ask Redis directly, bypassing the breaker; raises when it does not answer."""
        self._cache.get_client(write=True).ping()

    # --- the cache API -------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True: a lock (allauth's rate limiter) or a once-only marker lets the caller go on.
        return self._call("add", True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # As a counter that starts now would answer.
        return self._call("incr", delta, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)
