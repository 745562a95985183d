"""Street-level files for the tests: the real sample, generated months in the official
format, and an independent count of the rows inside a place (plain csv and arithmetic,
none of the application's code)."""

from __future__ import annotations

import csv
import io
import math
import random
from collections import Counter
from pathlib import Path

from tests.cli.fresh_operation import ok

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "2018-12-hertfordshire-street.head.csv"
"""The real sample: the first 133 rows of data.police.uk's Hertfordshire file for December
2018 (Open Government Licence), as the shared data folder has it."""
HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
          "Crime type,Last outcome category,Context")
FORCE = "Hertfordshire Constabulary"
HODDESDON = (51.7620, -0.0110)
"""Hoddesdon town centre, where most of the sample's rows lie."""
TYPES = ("Anti-social behaviour", "Burglary", "Criminal damage and arson", "Drugs", "Other theft",
         "Public order", "Shoplifting", "Vehicle crime", "Violence and sexual offences")


def station(folder: Path) -> Path:
    """`db init` and `setup --example`: the twelve Hertfordshire areas, through the commands."""
    db = folder / "station.db"
    ok(db, "db", "init")
    (folder / "operation.toml").write_text(ok(db, "setup", "--example"), encoding="utf-8")
    ok(db, "setup", str(folder / "operation.toml"))
    return db


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * r * math.asin(math.sqrt(a))


def rows_of(*paths: Path) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            out += list(csv.DictReader(handle))
    return out


def count_in_circle(rows: list[dict[str, str]], lat: float, lon: float, radius: float,
                    crime_type: str | None = None) -> Counter[str]:
    """Month → rows within `radius` metres of the centre."""
    return Counter(r["Month"] for r in rows
                   if r["Latitude"] and (crime_type is None or r["Crime type"] == crime_type)
                   and haversine_m(lat, lon, float(r["Latitude"]), float(r["Longitude"])) <= radius)


def count_in_lsoas(rows: list[dict[str, str]], codes: set[str],
                   crime_type: str | None = None) -> Counter[str]:
    return Counter(r["Month"] for r in rows if r["LSOA code"] in codes
                   and (crime_type is None or r["Crime type"] == crime_type))


def count_in_rectangle(rows: list[dict[str, str]], south: float, west: float, north: float, east: float,
                       crime_type: str | None = None) -> Counter[str]:
    return Counter(r["Month"] for r in rows
                   if r["Latitude"] and (crime_type is None or r["Crime type"] == crime_type)
                   and south <= float(r["Latitude"]) <= north and west <= float(r["Longitude"]) <= east)


def rectangle_geojson(south: float, west: float, north: float, east: float) -> str:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
            f'"geometry": {{"type": "Polygon", "coordinates": [{ring}]}}}}]}}')


def generated_month(month: str, rows: int, *, seed: int, unlocated: int = 0,
                    centre: tuple[float, float] = HODDESDON, spread: float = 0.02) -> str:
    """A street-level file's text for one month, in the official format: crimes with ids,
    ASB rows without (and repeated), some rows with no location, commas in the values."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    out.write(HEADER + "\n")
    for i in range(rows):
        kind = rng.choice(TYPES)
        asb = kind == "Anti-social behaviour"
        if i < unlocated:
            lon = lat = location = ""
            location = "No location"
            lsoa_code = lsoa_name = ""
        else:
            lat_v = centre[0] + rng.uniform(-spread, spread)
            lon_v = centre[1] + rng.uniform(-spread, spread)
            lat, lon = f"{lat_v:.6f}", f"{lon_v:.6f}"
            location = rng.choice(["On or near High Street", "On or near Parking Area",
                                   "On or near Amwell Street, Hoddesdon (North)"])
            n = rng.randrange(16, 24)
            lsoa_code, lsoa_name = f"E010233{n:02d}", f"Broxbourne 0{n:02d}A"
        writer.writerow([
            "" if asb else f"{rng.getrandbits(128):032x}", month, FORCE, FORCE, lon, lat, location,
            lsoa_code, lsoa_name, kind,
            "" if asb else "Investigation complete; no suspect identified", ""])
        if asb and rng.random() < 0.2:  # the same report twice: ASB rows repeat legitimately
            writer.writerow(["", month, FORCE, FORCE, lon, lat, location, lsoa_code, lsoa_name,
                             kind, "", ""])
    return out.getvalue()
