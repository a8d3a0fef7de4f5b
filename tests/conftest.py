"""Shared fixtures: named users, real services, the browser.

Markers `postgres`, `redis` and `browser` say what a test needs. When the service is missing
the test is skipped with the reason, except with IMPACT_STRICT_TESTS=1 (CI), where it fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

STRICT = os.environ.get("IMPACT_STRICT_TESTS") == "1"
TEST_REDIS_URL = os.environ.get("IMPACT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("IMPACT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


def _missing(reason: str) -> None:
    if STRICT:
        pytest.fail(f"strict mode (IMPACT_STRICT_TESTS=1): {reason}", pytrace=False)
    pytest.skip(reason)


def redis_available(url: str = TEST_REDIS_URL) -> str | None:
    """None when Redis answers at `url`, else why not."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        return f"Redis is not reachable at {url}: {exc}"
    return None


@pytest.fixture(autouse=True)
def _required_services(request):
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            _missing("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if request.node.get_closest_marker("redis"):
        problem = redis_available()
        if problem:
            _missing(problem)
    if request.node.get_closest_marker("browser"):
        if not Path(CHROMIUM).exists():
            _missing(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            _missing("needs the playwright Python package")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a request through LocaleMiddleware leaves its language
    active in the test thread, which would leak into the next test's non-request code."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _second_factor_only_where_tested(request, settings):
    """Organizers, reviewers and staff must set up a second factor before anything else
    (impact.second_factor). Tests of other pages sign them in without one; the tests marked
    `second_factor` (and the browser walk of the setup) keep the requirement on."""
    if not request.node.get_closest_marker("second_factor"):
        settings.MFA_REQUIRED_FOR_PRIVILEGED = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the locmem cache outlives a test otherwise)."""
    from django.core.cache import cache

    from impact import pagecache

    cache.clear()
    pagecache.forget_local()
    yield


# --- named users -------------------------------------------------------------------------


@pytest.fixture
def edition(db):
    from tests.factories import EditionFactory

    return EditionFactory()


@pytest.fixture
def owner(db):
    from tests.factories import UserFactory

    return UserFactory(email="owner@example.org", name="Olive Owner")


@pytest.fixture
def coeditor(db):
    from tests.factories import UserFactory

    return UserFactory(email="coeditor@example.org", name="Cora Coeditor")


@pytest.fixture
def outsider(db):
    from tests.factories import UserFactory

    return UserFactory(email="outsider@example.org", name="Otto Outsider")


@pytest.fixture
def reviewer(db):
    from impact import roles
    from tests.factories import UserFactory

    return UserFactory(
        email="reviewer@example.org",
        name="Rita Reviewer",
        groups=[roles.NETWORK_REVIEWERS],
        is_staff=True,
    )


@pytest.fixture
def expert(db):
    from impact import roles
    from tests.factories import UserFactory

    return UserFactory(
        email="expert@example.org",
        name="Ezra Expert",
        groups=[roles.EXPERT_REVIEWERS],
        is_staff=True,
    )


@pytest.fixture
def organizer(db):
    from impact import roles
    from tests.factories import UserFactory

    return UserFactory(
        email="organizer@example.org",
        name="Orla Organizer",
        groups=[roles.ORGANIZERS],
        is_staff=True,
    )


def seed_migration_data() -> None:
    """Seed again what the data migrations seed: role groups and their permissions, the 2024
    edition, the reference data, the networks. Idempotent. A transactional test starts from
    tables an earlier one may have flushed; `serialized_rollback` is no cure here, as its
    restore collides with the content types that the flush's post_migrate recreated."""
    import importlib

    from django.apps import apps

    from coalitions.criteria_bridge import forget_reference

    for module in (
        "impact.migrations.0002_roles_and_2024_edition",
        "coalitions.migrations.0003_reference_data",
        "coalitions.migrations.0006_review_seed",
        "coalitions.migrations.0019_portfolio_target_permissions",
    ):
        importlib.import_module(module).forwards(apps, None)
    forget_reference()


# --- real services -----------------------------------------------------------------------


@pytest.fixture
def redis_url():
    problem = redis_available()
    if problem:
        _missing(problem)
    # Never flushed: parallel test processes share this database; each uses its own queue/keys.
    return TEST_REDIS_URL


@pytest.fixture
def redis_cache(redis_url, settings):
    """The default cache on the test Redis, as in production (the page cache's tests), under
    a key prefix of its own: the test Redis database is shared and never flushed."""
    from django.core.cache import cache

    from impact import pagecache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-pages-{uuid.uuid4().hex[:8]}",
            "TIMEOUT": 60,
        }
    }
    yield cache
    cache.delete(pagecache.VERSION_KEY)


@pytest.fixture
def celery_broker(redis_url, settings):
    """Point this process's Celery app at the test Redis, on a queue of its own."""
    from impact.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    saved = {
        key: app.conf.get(key)
        for key in ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    }
    app.conf.update(
        broker_url=redis_url,
        result_backend=redis_url,
        task_always_eager=False,
        task_default_queue=queue,
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_celery_connections(app)
    yield {"url": redis_url, "queue": queue}
    app.conf.update(saved)
    reset_celery_connections(app)


class RedisServer:
    """A redis-server of the test's own on a free port, which the test may stop and restart.

    Nothing is persisted: a restart starts empty, as a replaced cache server would.
    """

    def __init__(self, tmp_path: Path):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.dir = tmp_path
        self.proc: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        import redis

        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_for(lambda: self._answers(client), timeout=10, message="redis-server did not start")

    @staticmethod
    def _answers(client) -> bool:
        try:
            return client.ping()
        except Exception:  # noqa: BLE001
            return False

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture
def own_redis(tmp_path):
    """A running `RedisServer` of this test's own (`redis-server` from Debian's package)."""
    import shutil

    if not shutil.which("redis-server"):
        _missing("needs redis-server (apt-get install redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def fail_open_cache(url: str, **params) -> dict:
    """A CACHES setting for the production backend at `url`, with a key prefix of its own."""
    return {
        "default": {
            "BACKEND": "impact.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
            "TIMEOUT": 60,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
            **params,
        }
    }


def reset_celery_connections(app) -> None:
    """Drop pooled broker connections so the next publish uses the current broker_url."""
    from kombu import pools

    # app._pool and the producer pool live in kombu's process-wide registry, keyed by
    # connection: closing them without clearing it hands a closed pool to the next user.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    # The result backend is cached per thread once used; drop it too.
    app._backend_cache = None
    app._local = threading.local()


def worker_env(broker: dict, extra: dict | None = None) -> dict:
    """Environment for a worker process that uses the test database and broker."""
    from django.db import connection

    env = dict(os.environ)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (
            f"postgres://{db['USER'] or ''}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    env.update(
        {
            "CELERY_BROKER_URL": broker["url"],
            "CELERY_RESULT_BACKEND": broker["url"],
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_TASK_DEFAULT_QUEUE": broker["queue"],
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "DJANGO_SETTINGS_MODULE": "impact.settings",
        }
    )
    env.update(extra or {})
    return env


@pytest.fixture
def start_worker(celery_broker, tmp_path):
    """Start real Celery workers (solo pool) as subprocesses; stopped after the test.

    Returns a function `start(name="w1", **env) -> Path` giving the directory where that
    worker's file-based e-mail backend writes messages.
    """
    procs: list[subprocess.Popen] = []

    def start(name: str = "w1", **extra) -> Path:
        mail_dir = tmp_path / f"mail-{name}"
        mail_dir.mkdir()
        env = worker_env(celery_broker, {"EMAIL_FILE_PATH": str(mail_dir), **extra})
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "impact",
                "worker",
                "--pool",
                "solo",
                "--concurrency",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-Q",
                celery_broker["queue"],
                "-n",
                f"{name}@%h",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        procs.append(proc)
        return mail_dir

    yield start
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.2, message: str = ""):
    """Poll `predicate` until it returns a truthy value; fail with `message` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(message or f"condition not met within {timeout}s")


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright():
    if not Path(CHROMIUM).exists():
        _missing(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ (kept by CI for people to look at)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, user, password: str = "pass-w0rd-for-tests") -> None:
    """Sign a browser page in through the real log-in form."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
