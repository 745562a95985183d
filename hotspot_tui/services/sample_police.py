"""Demonstration police data: a street-level file a month in data.police.uk's format,
generated for the sample operation's areas and imported through the import production
uses, each force-month marked `sample` (shown as sample data wherever it appears).

Each area has a few dozen snap points round its town centre (as the real data's
anonymised points are), a few of them far busier than the rest; a thinner spread of
records falls across the county outside the areas, and a few have no location. Counts
follow the seasons (more anti-social behaviour in summer); from the month the operation
starts, anti-social behaviour in each patrolled area falls by 30 to 50 %, so the
before-and-after figures have something to show. Everything follows from the seed.

How many records a month there are is the `Volume`: the demo's few hundred
(`DEMO_VOLUME`), or a county force's twelve thousand or so (`COUNTY_VOLUME`, as
Hertfordshire publishes), most of them outside the areas, where a few busy streets are
hotspots no area covers yet.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hotspot_tui.domain.police_records import ASB, HEADER
from hotspot_tui.services.crime_files import CrimeFile
from hotspot_tui.services.police_import import import_into

if TYPE_CHECKING:
    from sqlite_utils import Database

FORCE = "Hertfordshire Constabulary"
COUNTY = (51.60, -0.70, 52.05, 0.15)
"""The county's rough bounding box (south, west, north, east) for records outside the areas."""
RATES = {  # records a month in an ordinary area, by crime type
    ASB: 13.0, "Violence and sexual offences": 10.0, "Shoplifting": 4.5,
    "Criminal damage and arson": 4.0, "Public order": 3.5, "Other theft": 3.0, "Vehicle crime": 2.0,
    "Burglary": 2.0, "Drugs": 1.5, "Bicycle theft": 1.0, "Theft from the person": 1.0,
    "Robbery": 0.5, "Possession of weapons": 0.5, "Other crime": 0.5,
}
BACKGROUND = 110
"""Records a month across the county outside the areas."""
UNLOCATED = 0.015
OUTCOMES = ("Investigation complete; no suspect identified", "Unable to prosecute suspect",
            "Under investigation", "Status update unavailable", "Offender given a caution",
            "Local resolution", "Awaiting court outcome", "Court result unavailable")
STREETS = ("High Street", "Market Place", "Station Road", "Church Street", "The Parade", "Queens Road",
           "London Road", "Bus Station", "Parking Area", "Shopping Area", "Park/Open Space",
           "Supermarket", "Nightclub", "Petrol Station", "Sports/Recreation Area", "Mill Lane",
           "Victoria Street", "George Street", "Kings Road", "Bridge Street", "Hospital",
           "Further/Higher Educational Building", "Theatre/Concert Hall", "Pedestrian Subway")
POINTS = 36
"""Snap points round each area's centre."""
LARGE_MEAN = 500
"""Above this many records expected, a count is drawn from the normal approximation."""


@dataclass(frozen=True)
class Volume:
    """How much police data a month holds."""

    area_scale: float
    """Records in an area, as a multiple of `RATES`."""
    background: int
    """Records a month across the county outside the areas."""
    background_points: int
    """Snap points outside the areas."""
    lsoas: int
    """LSOAs those points fall in."""
    busy_points: int = 0
    """Of those points, how many are busy streets (`BUSY` times the others' records):
    hotspots outside the areas."""
    region: tuple[float, float, float, float] = COUNTY
    """Where the points outside the areas fall (south, west, north, east)."""


BUSY = 30
DEMO_VOLUME = Volume(area_scale=1.0, background=BACKGROUND, background_points=300, lsoas=150)
COUNTY_VOLUME = Volume(area_scale=5.0, background=6_500, background_points=4_000, lsoas=600,
                       busy_points=40)

Progress = Callable[[str, int, int], None]


def months_between(first: date, last: date) -> list[str]:
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > LARGE_MEAN:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class _Place:
    """An area's snap points, each with its street, LSOA and how busy it is."""

    def __init__(self, rng: random.Random, index: int, district: str, lat: float, lon: float,
                 radius_m: int) -> None:
        sigma = radius_m * 0.6
        self.points: list[tuple[str, str, str, str]] = []
        weights: list[float] = []
        for k in range(POINTS):
            north, east = rng.gauss(0, sigma), rng.gauss(0, sigma)
            p_lat = lat + north / 111_195
            p_lon = lon + east / (111_195 * math.cos(math.radians(lat)))
            quadrant = (north >= 0) * 2 + (east >= 0)
            code = f"E0102{3000 + index * 8 + quadrant:04d}"
            name = f"{district} {index + 1:03d}{'ABCD'[quadrant]}"
            self.points.append((f"{p_lon:.6f}", f"{p_lat:.6f}", code, name))
            weights.append(1.0 / (k + 1) ** 0.9)
        self.weights = weights
        self.streets = [rng.choice(STREETS) for _ in range(POINTS)]

    def pick(self, rng: random.Random) -> tuple[str, str, str, str, str]:
        k = rng.choices(range(POINTS), weights=self.weights)[0]
        lon, lat, code, name = self.points[k]
        return lon, lat, f"On or near {self.streets[k]}", code, name


def month_text(rng: random.Random, month: str, places: list[tuple[_Place, float, float]],
               background: list[tuple[str, str, str, str, str]], records: float = BACKGROUND,
               weights: list[float] | None = None) -> str:
    """One month's street-level file: `places` are (place, busyness, ASB kept after the
    operation's start: 1.0 before it); about `records` more fall on the `background`
    points (weighted by the cumulative `weights`, else evenly)."""
    number = int(month[5:])
    summer = 1 + 0.25 * math.cos((number - 7) / 12 * 2 * math.pi)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    rows: list[list[str]] = []
    for place, busy, kept in places:
        for crime_type, rate in RATES.items():
            mean = rate * busy * (summer if crime_type == ASB else 1.0) * (kept if crime_type == ASB else 1.0)
            for _ in range(_poisson(rng, mean)):
                rows.append(_row(rng, month, crime_type, place.pick(rng)))
    types = list(RATES)
    type_weights = list(RATES.values())
    for _ in range(_poisson(rng, records)):
        crime_type = rng.choices(types, weights=type_weights)[0]
        where = rng.choice(background) if weights is None else rng.choices(background, cum_weights=weights)[0]
        rows.append(_row(rng, month, crime_type, where))
    for row in rows:
        if rng.random() < UNLOCATED:
            row[4:9] = ["", "", "No location", "", ""]
    rng.shuffle(rows)
    writer.writerows(rows)
    return out.getvalue()


def _row(rng: random.Random, month: str, crime_type: str,
         where: tuple[str, str, str, str, str]) -> list[str]:
    lon, lat, location, code, name = where
    asb = crime_type == ASB
    return ["" if asb else f"{rng.getrandbits(256):064x}", month, FORCE, FORCE, lon, lat, location,
            code, name, crime_type, "" if asb else rng.choice(OUTCOMES), ""]


def load_sample_police_data(db: Database, *, seed: int,
                            areas: list[tuple[str, str, float, float, int]],
                            first_month: date, last_month: date, starts: date, actor: str,
                            at_utc: str, progress: Progress | None = None,
                            volume: Volume = DEMO_VOLUME) -> int:
    """Generate a file a month from `first_month` to `last_month` for `areas` (name,
    district, centre latitude, longitude, radius in metres) and import each, marked sample,
    inside the caller's write transaction; the rows imported."""
    rng = random.Random(f"police-{seed}")
    places = []
    for index, (_, district, lat, lon, radius) in enumerate(areas):
        busy = rng.uniform(0.7, 1.5) * volume.area_scale
        drop = rng.choice((0.3, 0.35, 0.4, 0.45, 0.5))
        places.append((_Place(rng, index, district, lat, lon, radius), busy, 1.0 - drop))
    background = []
    for k in range(volume.background_points):
        south, west, north, east = volume.region
        lat, lon = rng.uniform(south, north), rng.uniform(west, east)
        code = k % volume.lsoas
        background.append((f"{lon:.6f}", f"{lat:.6f}", f"On or near {rng.choice(STREETS)}",
                           f"E0102{4000 + code:04d}", f"Hertfordshire {code + 1:03d}X"))
    weights = None
    if volume.busy_points:
        weights = list(itertools.accumulate(float(BUSY if k < volume.busy_points else 1)
                                            for k in range(len(background))))
    months = months_between(first_month, last_month)
    start = f"{starts.year:04d}-{starts.month:02d}"
    total = 0
    for done, month in enumerate(months):
        here = [(p, busy, kept if month >= start else 1.0) for p, busy, kept in places]
        data = month_text(rng, month, here, background, volume.background, weights).encode("utf-8")
        name = f"{month}-hertfordshire-street.csv"
        result = import_into(db, actor, CrimeFile(name, Path(name), size=len(data)), io.BytesIO(data),
                             sample=True, at_utc=at_utc)
        total += result.rows
        if progress:
            progress("police data", done + 1, len(months))
    return total
