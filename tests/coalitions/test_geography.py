import csv

import pytest

from coalitions import geography
from coalitions.geography import country_region_map, is_known_country, region_for_country

REGION_SLUGS = {
    "africa",
    "asia_pacific",
    "latin_america_caribbean",
    "western_asia",
    "europe",
    "north_america",
}


@pytest.mark.parametrize(
    ("iso2", "region"),
    [
        # Western Asia as M49 draws it, not as "Europe" or "Asia" would suggest.
        ("TR", "western_asia"),
        ("IL", "western_asia"),
        ("CY", "western_asia"),
        ("AM", "western_asia"),
        ("AZ", "western_asia"),
        ("GE", "western_asia"),
        ("SA", "western_asia"),
        ("AE", "western_asia"),
        ("PS", "western_asia"),
        # Northern America is exactly these five; Mexico is Latin America.
        ("US", "north_america"),
        ("CA", "north_america"),
        ("BM", "north_america"),
        ("GL", "north_america"),
        ("PM", "north_america"),
        ("AU", "asia_pacific"),
        ("NZ", "asia_pacific"),
        ("FJ", "asia_pacific"),
        ("KZ", "asia_pacific"),
        ("IN", "asia_pacific"),
        ("MX", "latin_america_caribbean"),
        ("BR", "latin_america_caribbean"),
        ("JM", "latin_america_caribbean"),
        # Northern Africa, Arab States included, is Africa.
        ("EG", "africa"),
        ("MA", "africa"),
        ("KE", "africa"),
        ("NA", "africa"),  # Namibia's code must not be read as a missing value
        ("GB", "europe"),
        ("GR", "europe"),
        ("RU", "europe"),
        ("FR", "europe"),
    ],
)
def test_country_maps_to_its_m49_region(iso2, region):
    assert region_for_country(iso2) == region


def test_lookup_ignores_case():
    assert region_for_country("ke") == "africa"
    assert region_for_country("Tr") == "western_asia"
    assert is_known_country("gb")


@pytest.mark.parametrize("iso2", ["AQ", "TW", "XK"])
def test_territory_without_m49_sub_region_is_known_but_has_no_region(iso2):
    assert is_known_country(iso2)
    assert region_for_country(iso2) is None


@pytest.mark.parametrize("iso2", ["ZZ", "UK", "EL", "", "KEN", "K"])
def test_unknown_code_is_not_known_and_has_no_region(iso2):
    assert not is_known_country(iso2)
    assert region_for_country(iso2) is None


def test_map_covers_every_iso_code_with_a_region_slug_or_none():
    regions = country_region_map()
    assert len(regions) >= 249
    assert all(len(code) == 2 and code.isupper() for code in regions)
    assert set(regions.values()) == REGION_SLUGS | {None}
    assert [code for code, region in regions.items() if region is None] == ["AQ", "TW", "XK"]


def test_map_is_a_copy_that_callers_may_change():
    country_region_map()["KE"] = "europe"
    assert region_for_country("KE") == "africa"


def test_data_file_has_the_documented_columns_and_consistent_rows():
    with geography.DATA_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["iso2", "name", "m49_subregion", "region"]
    codes = [row["iso2"] for row in rows]
    assert codes == sorted(set(codes))
    # A region comes from a sub-region and never without one.
    assert all(bool(row["region"]) == bool(row["m49_subregion"]) for row in rows)
    north_america = {row["iso2"] for row in rows if row["region"] == "north_america"}
    assert north_america == {"US", "CA", "BM", "GL", "PM"}
