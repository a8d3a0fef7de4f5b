"""The caches of `impact.caches` not tested elsewhere, each against a change of each of its
sources. Elsewhere: eoi-form (test_caches_eoi_form), criteria-reference
(test_caches_reference), generation and the caches through an outage (test_caches_outage),
roles (test_roles_cache), page-version, page-parts and page-whole (test_home_cache,
tests/coalitions/hub/test_hub_cache.py), page-local (test_home_cache), rate-limits and
sign-in-limits (test_ratelimits, test_cache)."""

from __future__ import annotations

import pytest
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils import translation

from coalitions import geography
from coalitions.filing.forms import rows
from coalitions.models import Region, Theme
from impact import caches, pagecache, zones
from tests.coalitions.review.review_helpers import fast_hashing  # noqa: F401
from tests.factories import EditionFactory

CHANGELIST = reverse("admin:coalitions_proposal_changelist")


def sidebar(client) -> str:
    html = client.get(CHANGELIST).content.decode()
    return html[html.index('<nav id="changelist-filter"') :]


@pytest.mark.django_db
@pytest.mark.usefixtures("fast_hashing")
@pytest.mark.parametrize("source", ["theme", "region", "edition"])
def test_the_reviewers_filters_follow_their_sources_at_once(client, reviewer, source):
    pagecache.invalidate()  # a version of its own: nothing cached before counts
    client.force_login(reviewer)
    assert sidebar(client) == sidebar(client)  # kept
    if source == "theme":
        Theme.objects.create(slug="ocean-governance", name="Ocean governance")
        expected = "Ocean governance"
    elif source == "region":
        region = Region.objects.get(slug="europe")
        region.name = "Europe and Central Asia"
        region.save()
        expected = "Europe and Central Asia"
    else:
        EditionFactory(slug="summit-2031", name="Summit of 2031")
        expected = "Summit of 2031"
    assert expected in sidebar(client)


@pytest.mark.django_db
def test_a_renamed_site_is_seen_at_once():
    site = Site.objects.get_current()
    site.name = "ImPACT Hub, renamed"
    site.save()  # Django's own signal: `sites`' flush
    assert Site.objects.get_current().name == "ImPACT Hub, renamed"
    assert caches.resolve(caches.CACHES["sites"].flush) is not None


def test_the_country_list_is_kept_per_language():
    with translation.override("en"):
        english = dict(rows._countries())
    with translation.override("fr"):
        french = dict(rows._countries())
    with translation.override("es"):
        spanish = dict(rows._countries())
    assert (english["DE"], french["DE"], spanish["DE"]) == ("Germany", "Allemagne", "Alemania")


def test_the_country_regions_are_read_again_after_a_restart(tmp_path, monkeypatch):
    assert geography.region_for_country("KE") == "africa"
    changed = tmp_path / "country_regions.csv"
    changed.write_text(
        "iso2,name,m49_subregion,region\nKE,Kenya,Eastern Africa,somewhere_else\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(geography, "DATA_FILE", changed)
    assert geography.region_for_country("KE") == "africa"  # kept for the process
    geography._countries.cache_clear()
    geography._regions.cache_clear()  # what a restart does
    try:
        assert geography.region_for_country("KE") == "somewhere_else"
    finally:
        monkeypatch.undo()
        geography._countries.cache_clear()
        geography._regions.cache_clear()
    assert geography.region_for_country("KE") == "africa"


def test_the_time_zones_are_read_again_after_a_restart(monkeypatch):
    assert "Africa/Nairobi" in zones.time_zone_names()
    monkeypatch.setattr(zones, "available_timezones", lambda: {"Pacific/Fiji"})
    assert "Africa/Nairobi" in zones.time_zone_names()  # kept for the process
    zones.time_zone_names.cache_clear()  # what a restart does
    try:
        assert zones.time_zone_names() == ["Pacific/Fiji", "UTC"]
    finally:
        monkeypatch.undo()
        zones.time_zone_names.cache_clear()
