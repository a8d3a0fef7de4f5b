import copy
import socket

import pytest
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.module_loading import import_string

from impact import views


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_database() -> BaseDatabaseWrapper:
    """A real connection object for the same engine, aimed where no database answers."""
    settings_dict = copy.deepcopy(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-directory/impact.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=unused_port())
        settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "connect_timeout": 2}
    wrapper_class = import_string(f"{settings_dict['ENGINE']}.base.DatabaseWrapper")
    return wrapper_class(settings_dict, alias="unreachable")


@pytest.mark.django_db
def test_it_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_it_answers_503_naming_the_database_when_it_is_unreachable(client, monkeypatch):
    broken = unreachable_database()
    monkeypatch.setattr(views, "connection", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "failed"
    assert body["failed"] == ["database"]
    broken.close()


@pytest.mark.django_db
def test_it_answers_503_naming_the_broker_when_it_is_unreachable(client, settings):
    from impact.celery import app

    settings.HEALTHZ_CHECK_BROKER = True
    saved = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{unused_port()}/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = saved
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert response.json()["checks"] == {"database": "ok", "broker": "failed"}


@pytest.mark.redis
@pytest.mark.django_db
def test_it_checks_a_real_broker(client, settings, redis_url):
    from impact.celery import app

    settings.HEALTHZ_CHECK_BROKER = True
    saved = app.conf.broker_url
    app.conf.broker_url = redis_url
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = saved
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_it_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.redis
@pytest.mark.django_db
def test_it_reports_a_real_redis_cache_on_its_own_line(client, settings, redis_url):
    from tests.conftest import fail_open_cache

    settings.HEALTHZ_CHECK_CACHE = True
    settings.CACHES = fail_open_cache(redis_url)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_a_cache_outage_is_reported_but_keeps_the_site_in_service(client, settings):
    from tests.conftest import fail_open_cache

    settings.HEALTHZ_CHECK_CACHE = True
    settings.CACHES = fail_open_cache(f"redis://127.0.0.1:{unused_port()}/0")
    response = client.get("/healthz")
    # The pages work without the cache, only slower: degraded, not unavailable.
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "failed"},
        "degraded": ["cache"],
    }


@pytest.mark.django_db
def test_a_cache_outage_with_a_database_outage_is_unavailable(client, settings, monkeypatch):
    from tests.conftest import fail_open_cache

    settings.HEALTHZ_CHECK_CACHE = True
    settings.CACHES = fail_open_cache(f"redis://127.0.0.1:{unused_port()}/0")
    broken = unreachable_database()
    monkeypatch.setattr(views, "connection", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert response.json()["checks"] == {"database": "failed", "cache": "failed"}
    broken.close()
