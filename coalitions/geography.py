"""Countries (ISO 3166-1 alpha-2) and the region each one belongs to.

The table lives in ``data/country_regions.csv`` (see ``data/README.md`` for how it was made):
one row per code with its UN M49 sub-region and the region slug that sub-region maps to under
the criteria. A code whose region is empty (Antarctica, codes M49 does not list) has no
derived region: an organization there must name its region itself.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import NamedTuple

DATA_FILE = Path(__file__).resolve().parent / "data" / "country_regions.csv"


class Country(NamedTuple):
    iso2: str
    name: str
    m49_subregion: str  # "" when M49 gives none
    region: str | None  # region slug, None when there is no derived region


@functools.cache
def _countries() -> dict[str, Country]:
    with DATA_FILE.open(encoding="utf-8", newline="") as f:
        return {
            row["iso2"]: Country(
                row["iso2"], row["name"], row["m49_subregion"], row["region"] or None
            )
            for row in csv.DictReader(f)
        }


@functools.cache
def _regions() -> dict[str, str | None]:
    return {code: country.region for code, country in _countries().items()}


def region_for_country(iso2: str) -> str | None:
    """The region slug derived from a country code (any case), or None.

    None means either an unknown code or a territory with no M49 sub-region (e.g. ``AQ``);
    use :func:`is_known_country` to tell the two apart.
    """
    return _regions().get(iso2.upper())


def is_known_country(iso2: str) -> bool:
    """Whether ``iso2`` (any case) is an ISO 3166-1 alpha-2 code in the table."""
    return iso2.upper() in _regions()


def country_region_map() -> dict[str, str | None]:
    """Every known code (upper case) with its region slug or None; a fresh copy per call."""
    return dict(_regions())


def countries() -> tuple[Country, ...]:
    """Every country row, ordered by code."""
    return tuple(_countries().values())
