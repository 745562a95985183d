"""Police street-level files in the official format, written for tests, and counts made
from them independently of the program (csv module, plain arithmetic)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
          "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"]
FORCE = "Hertfordshire Constabulary"
ASB = "Anti-social behaviour"


@dataclass(frozen=True)
class Spot:
    lat: float
    lon: float
    lsoa: str
    lsoa_name: str
    street: str


# The hotspot: Watford's High Street; a second busy place in St Albans; quiet places around.
HIGH_STREET = Spot(51.655600, -0.396000, "E01023838", "Watford 007B", "High Street")
ST_PETERS = Spot(51.752000, -0.336000, "E01023686", "St Albans 010C", "St Peter's Street")
QUIET = [
    Spot(51.903000, -0.202000, "E01023761", "Stevenage 004A", "Queensway"),
    Spot(51.800000, -0.210000, "E01023913", "Welwyn Hatfield 005D", "Howardsgate"),
    Spot(51.690000, -0.030000, "E01023333", "Broxbourne 011A", "High Street"),
]


def month_rows(month: str, counts: dict[tuple[Spot, str], int], unlocated: int = 0,
               force: str = FORCE) -> list[list[str]]:
    rows: list[list[str]] = []
    n = 0
    for (spot, crime_type), count in counts.items():
        for _ in range(count):
            n += 1
            crime_id = "" if crime_type == ASB else f"{month}-{n:06d}{'ab' * 28}"
            outcome = "" if crime_type == ASB else "Investigation complete; no suspect identified"
            rows.append([crime_id, month, force, force, f"{spot.lon:.6f}", f"{spot.lat:.6f}",
                         f"On or near {spot.street}", spot.lsoa, spot.lsoa_name, crime_type, outcome, ""])
    for i in range(unlocated):
        rows.append(["", month, force, force, "", "", "No Location", "", "", ASB if i % 2 else "Burglary",
                     "", ""])
    return rows


def write_month(folder: Path, month: str, rows: Iterable[list[str]], slug: str = "hertfordshire") -> Path:
    path = folder / f"{month}-{slug}-street.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def months(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def hertfordshire(folder: Path, first: str = "2024-11", last: str = "2026-10",
                  start: str = "2026-05") -> list[Path]:
    """A county's months: ASB on the High Street falls from 10 a month to 5 once the
    operation starts in `start`; St Peter's Street has 6 a month throughout; quiet places 1;
    violence and burglary beside them; two rows a month without a location."""
    paths = []
    for i, month in enumerate(months(first, last)):
        counts: dict[tuple[Spot, str], int] = {
            (HIGH_STREET, ASB): 5 if month >= start else 10,
            (HIGH_STREET, "Violence and sexual offences"): 3,
            (ST_PETERS, ASB): 6,
            (ST_PETERS, "Shoplifting"): 4 + i % 3,
        }
        for spot in QUIET:
            counts[(spot, ASB)] = 1
            counts[(spot, "Burglary")] = 1
        paths.append(write_month(folder, month, month_rows(month, counts, unlocated=2)))
    return paths


MET = "Metropolitan Police Service"
CHIPPING_BARNET = Spot(51.653000, -0.200000, "E01000248", "Barnet 001A", "High Street")
"""Over the county boundary, in the Metropolitan Police's records."""


def metropolitan(folder: Path, first: str = "2024-11", last: str = "2026-09") -> list[Path]:
    """The neighbouring force's months: 4 ASB a month on Chipping Barnet's High Street and a
    burglary."""
    return [write_month(folder, month, month_rows(month, {(CHIPPING_BARNET, ASB): 4,
                                                          (CHIPPING_BARNET, "Burglary"): 1}, force=MET),
                        slug="metropolitan")
            for month in months(first, last)]


def count(paths: Iterable[Path], *, months_: Iterable[str], crime_type: str | None = None,
          lsoa: str | None = None, near: tuple[float, float, float] | None = None) -> int:
    """Rows of the files in `months_`, of one type, in one LSOA or within `near` = (lat, lon,
    metres) of a point (by an equirectangular distance: the tests' places are far apart)."""
    import math

    wanted = set(months_)
    found: Counter[str] = Counter()
    for path in paths:
        with path.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["Month"] not in wanted or (crime_type and row["Crime type"] != crime_type):
                    continue
                if lsoa is not None and row["LSOA code"] != lsoa:
                    continue
                if near is not None:
                    if not row["Latitude"]:
                        continue
                    lat, lon = float(row["Latitude"]), float(row["Longitude"])
                    dy = (lat - near[0]) * 111_200
                    dx = (lon - near[1]) * 111_200 * math.cos(math.radians(near[0]))
                    if math.hypot(dx, dy) > near[2]:
                        continue
                found[row["Month"]] += 1
    return sum(found.values())
