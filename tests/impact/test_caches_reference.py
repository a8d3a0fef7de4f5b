"""The criteria reference (`criteria-reference` in impact.caches) follows every change of the
regions, sectors, constituency types and themes at once, whoever makes it: the admin, a shell,
a fixture, or a migration."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from coalitions.criteria_bridge import reference, reference_stamp
from coalitions.models import ConstituencyType, Region, Sector, Theme

pytestmark = pytest.mark.django_db


def test_the_reference_is_read_once_then_kept(django_assert_num_queries):
    reference()
    with django_assert_num_queries(0):
        assert "africa" in reference().regions


def test_a_region_changed_in_a_shell_is_seen_at_once(django_capture_on_commit_callbacks):
    assert reference().regions["africa"][1] is True
    region = Region.objects.get(slug="africa")
    region.is_global_south = False
    with django_capture_on_commit_callbacks(execute=True):
        region.save()
    assert reference().regions["africa"][1] is False


def test_a_new_and_a_deleted_constituency_type_are_seen_at_once():
    reference()
    ConstituencyType.objects.create(slug="fisherfolk", name="Fisherfolk")
    assert "fisherfolk" in reference().constituency_types
    ConstituencyType.objects.filter(slug="fisherfolk").delete()  # bulk: one signal per row
    assert "fisherfolk" not in reference().constituency_types


def test_a_sector_changed_is_seen_at_once():
    assert reference().sectors["academia"] is True
    sector = Sector.objects.get(slug="academia")
    sector.counts_as_civil_society = False
    sector.save()
    assert reference().sectors["academia"] is False


def test_a_changed_theme_renews_the_stamp_the_eoi_form_is_keyed_by():
    before = reference_stamp()
    assert reference_stamp() == before  # kept
    Theme.objects.create(slug="ocean-governance", name="Ocean governance")
    assert reference_stamp() != before


def test_a_migration_that_edits_the_tables_is_seen_when_it_is_done():
    reference()
    # What a data migration does: historical models, whose signals reach no receiver here.
    Region.objects.filter(slug="europe").update(name="Europe and Central Asia")
    assert reference().regions["europe"][0] == "Europe"  # still the cached reference
    call_command("migrate", verbosity=0)
    assert reference().regions["europe"][0] == "Europe and Central Asia"


def test_the_admin_still_drops_it(admin_client):
    reference()
    region = Region.objects.get(slug="europe")
    response = admin_client.post(
        f"/admin/coalitions/region/{region.pk}/change/",
        {"name": "Europe (wider)", "slug": "europe", "order": region.order},
    )
    assert response.status_code == 302
    assert reference().regions["europe"][0] == "Europe (wider)"
