"""Hotspot rankings against counts made from the files themselves: two years of a small
busy town with several crime types, many places tied on their count, cells side by side and
records on the edges between them, each place's main LSOA, name, middle and trend."""

from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from hotspot_tui.domain.grid import Grid
from hotspot_tui.domain.hotspots import HotspotQuery, hotspot_query
from hotspot_tui.services.hotspots import find_hotspots
from hotspot_tui.services.session import open_reading_session
from tests.cli.fresh_operation import ok
from tests.evidence.police_files import FORCE, HEADER, months, write_month

TYPES = ["Anti-social behaviour", "Burglary", "Shoplifting", "Vehicle crime"]
SOUTH, WEST = 51.745, -0.350
"""The town's south-west corner: about 2.5 km each way of it hold its records, most busy in
the 400 m nearest it."""
RENAMED = "E01000004"
"""An LSOA whose name the files change from April 2026."""


@dataclass(frozen=True)
class Record:
    month: str
    crime_type: str
    lat: float
    lon: float
    lsoa: str
    lsoa_name: str


def _lsoa(lat: float, lon: float, rng: random.Random) -> str:
    """The LSOA a point lies in (a 3 by 3 patchwork over the town), now and then another."""
    row, column = min(int((lat - SOUTH) / 0.0075), 2), min(int((lon - WEST) / 0.0120), 2)
    number = row * 3 + column + 1 if rng.random() > 0.2 else rng.randint(1, 9)
    return f"E0100000{number}"


def _name(code: str, month: str) -> str:
    if code == RENAMED and month >= "2026-04":
        return "Testtown 001Z"
    return f"Testtown 00{code[-1]}A"


def _records(rng: random.Random) -> Iterator[Record]:
    grid = Grid(250)
    edges = [round(x / grid.kx - 180.0, 6) for x in range(grid.cell_of(SOUTH, WEST).x, grid.cell_of(
        SOUTH, WEST + 0.036).x + 1)]
    for month in months("2025-01", "2026-12"):
        for _ in range(rng.randint(50, 70)):
            scale = 0.15 if rng.random() < 0.3 else 1.0
            lat = round(SOUTH + rng.random() * 0.0225 * scale, 6)
            lon = round(WEST + rng.random() * 0.0360 * scale, 6)
            if rng.random() < 0.1:
                lon = rng.choice(edges)
            code = _lsoa(lat, lon, rng)
            yield Record(month, rng.choice(TYPES), lat, lon, code, _name(code, month))


def _write(folder: Path, records: list[Record]) -> list[Path]:
    by_month: dict[str, list[list[str]]] = defaultdict(list)
    for r in records:
        crime_id = "" if r.crime_type == TYPES[0] else f"{r.month}-{len(by_month[r.month])}"
        by_month[r.month].append([crime_id, r.month, FORCE, FORCE, f"{r.lon:.6f}", f"{r.lat:.6f}",
                                  "On or near High Street", r.lsoa, r.lsoa_name, r.crime_type, "", ""])
    for month, rows in by_month.items():
        rows.append(["", month, FORCE, FORCE, "", "", "No Location", "", "", "Burglary", "", ""])
    return [write_month(folder, month, rows) for month, rows in sorted(by_month.items())]


def _read(paths: list[Path]) -> list[Record]:
    """The files' located records, read with the csv module."""
    out = []
    for path in paths:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            assert next(reader) == HEADER
            for row in reader:
                if row[4]:
                    out.append(Record(row[1], row[9], float(row[5]), float(row[4]), row[7], row[8]))
    return out


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Record]]:
    folder = tmp_path_factory.mktemp("town")
    paths = _write(folder, list(_records(random.Random(41))))
    db = folder / "station.db"
    ok(db, "db", "init")
    ok(db, "import", "crime", *map(str, paths))
    return db, _read(paths)


def _expected(query: HotspotQuery, records: list[Record]) -> tuple[list[tuple[object, ...]], bool]:
    """The page the query asks for, worked out from the records: (key, count, before, during,
    main LSOA, its name) for each place, most records first, then by cell (x, y) or code;
    whether more follow."""
    chosen = {m.text() for m in query.months}
    span = len(chosen)
    before = {m.shift(-span).text() for m in query.months}
    grid = Grid(query.cell_size)

    def place(r: Record) -> tuple[int, int] | str:
        if query.by == "lsoa":
            return r.lsoa
        cell = grid.cell_of(r.lat, r.lon)
        return (cell.x, cell.y)

    of_type = [r for r in records if query.crime_type in (None, r.crime_type)]
    counts = Counter(place(r) for r in of_type if r.month in chosen)
    ranked = sorted(counts, key=lambda p: (-counts[p], p))
    page = ranked[query.offset:query.offset + query.limit]
    rows = []
    for key in page:
        own = [r for r in of_type if place(r) == key and r.month in chosen | before]
        lsoas = Counter(r.lsoa for r in own)
        main = min(lsoas, key=lambda code: (-lsoas[code], code))
        latest = max((r for r in own if r.lsoa == main), key=lambda r: r.month)
        name = f"{query.cell_size}m:{key[0]}:{key[1]}" if isinstance(key, tuple) else key
        rows.append((name, counts[key], sum(r.month in before for r in own),
                     sum(r.month in chosen for r in own), main, latest.lsoa_name,
                     sum(r.lat for r in own) / len(own), sum(r.lon for r in own) / len(own)))
    return rows, len(ranked) > query.offset + query.limit


QUERIES = [
    ("2026-01", "2026-12", None, "cell", 250),
    ("2026-01", "2026-12", None, "cell", 50),
    ("2026-07", "2026-12", "Burglary", "cell", 250),
    ("2026-01", "2026-12", "ASB", "cell", 1000),
    ("2026-01", "2026-12", None, "lsoa", 250),
    ("2026-04", "2026-09", "Shoplifting", "lsoa", 250),
]


@pytest.mark.parametrize(("first", "last", "crime", "by", "size"), QUERIES)
@pytest.mark.parametrize(("limit", "offset"), [(20, 0), (5, 0), (5, 5), (7, 12)])
def test_a_page_of_places_is_the_files_own_ranking(town: tuple[Path, list[Record]], first: str, last: str,
                                                   crime: str | None, by: str, size: int, limit: int,
                                                   offset: int) -> None:
    db, records = town
    query = replace(hotspot_query(first, last, crime=crime, by=by, size=size, count=limit), offset=offset)
    expected, more = _expected(query, records)
    session = open_reading_session(db, "PS Tester")
    try:
        ranking = find_hotspots(session, query)
    finally:
        session.close()
    found = [(p.key, p.count, p.trend.before, p.trend.during, p.lsoa_code, p.lsoa_name, p.latitude,
              p.longitude) for p in ranking.places]
    assert [f[:6] for f in found] == [e[:6] for e in expected]
    assert [f[6:] for f in found] == [pytest.approx(e[6:], abs=1e-9) for e in expected]
    assert ranking.more is more


@pytest.mark.parametrize(("crime", "size"), [(None, 250), (None, 50), ("Burglary", 250)])
def test_the_town_has_places_tied_across_a_page_break(town: tuple[Path, list[Record]], crime: str | None,
                                                     size: int) -> None:
    """The rankings above are tested where places tie: the order among them decides the pages."""
    query = hotspot_query("2026-01", "2026-12", crime=crime, size=size, count=500)
    ranked, _ = _expected(query, town[1])
    counts = [row[1] for row in ranked]
    assert any(counts[i] == counts[i + 1] for i in (4, 11, 18)), counts[:20]


def test_a_place_is_named_as_its_latest_records_name_it(town: tuple[Path, list[Record]]) -> None:
    """An LSOA renamed part way through the files is named as the latest month counted names it."""
    db = town[0]
    session = open_reading_session(db, "PS Tester")
    try:
        places = find_hotspots(session, hotspot_query("2026-01", "2026-12", by="lsoa")).places
        earlier = find_hotspots(session, hotspot_query("2025-04", "2025-12", by="lsoa")).places
    finally:
        session.close()
    assert {p.key: p.name for p in places}[RENAMED] == "Testtown 001Z"
    assert {p.key: p.name for p in earlier}[RENAMED] == "Testtown 004A"
