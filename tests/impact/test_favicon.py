"""/favicon.ico answers with the site's icon, with or without DEBUG, and every page links the
icon."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

from impact import favicon

ICO_HEADER = b"\x00\x00\x01\x00"  # reserved 0, type 1 (icon)


def test_it_serves_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(ICO_HEADER)
    assert "max-age=604800" in response["Cache-Control"]
    assert client.head("/favicon.ico").status_code == 200


def test_it_refuses_a_post(client, db):
    assert client.post("/favicon.ico").status_code == 405


def test_it_serves_the_icon_with_debug_off_and_hashed_static_files(client, db, settings):
    """As in production: DEBUG=0, whitenoise's manifest storage, no collectstatic run here."""
    settings.DEBUG = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    favicon._icon.cache_clear()
    response = client.get("/favicon.ico", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200 and response.content.startswith(ICO_HEADER)


def test_pages_link_the_icon_and_the_svg_exists(client, db):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="48x48">' in html
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    svg = finders.find("img/favicon.svg")
    assert svg and open(svg).read().startswith("<svg")


@pytest.mark.parametrize("size", [16, 32, 48])
def test_the_icon_holds_each_size(size):
    from PIL import Image

    with Image.open(finders.find(favicon.ICON)) as icon:
        assert (size, size) in icon.info["sizes"]
