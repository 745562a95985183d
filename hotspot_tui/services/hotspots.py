"""Find hotspots: rank grid cells or LSOAs by police records over chosen months, with each
place's trend against the months before and the areas it already lies in; and turn a place
into a new hotspot area in one write."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.coverage import Held
from hotspot_tui.domain.evidence import Comparison
from hotspot_tui.domain.geography import Geography, GeographyError, lsoa_set, polygon
from hotspot_tui.domain.grid import Cell, Grid
from hotspot_tui.domain.hotspots import (
    HotspotQuery,
    Place,
    RankPlan,
    district_of,
    plan,
    trend_of,
)
from hotspot_tui.domain.months import parse_month
from hotspot_tui.errors import FormInvalid, ValidationFailed
from hotspot_tui.services.area_geography import place_area
from hotspot_tui.services.crime_counts import geography_of
from hotspot_tui.services.organisation import insert_area
from hotspot_tui.services.session import Session
from hotspot_tui.store import hotspots as store
from hotspot_tui.store import police_data
from hotspot_tui.store.schema_history import SqlReader


@dataclass(frozen=True)
class Ranking:
    query: HotspotQuery
    plan: RankPlan
    places: list[Place]
    more: bool
    """Whether more places follow this page."""

    def describe(self) -> str:
        return self.plan.describe()


def _held(conn: SqlReader) -> Held:
    return Held.of((force, parse_month(month)) for force, month in police_data.held_force_months(conn))


def _trend(query: HotspotQuery, held: Held, forces: dict[int, str], found: dict[str, Any]) -> Comparison:
    """A place's trend over the pairs loaded for the forces whose records lie in it."""
    loaded = held.loaded_for({forces[f] for f in found.get("force_months", ())})
    counts = {parse_month(m): n for m, n in found.get("by_month", {}).items()}
    return trend_of(query, loaded, counts)


def find_hotspots(session: Session, query: HotspotQuery) -> Ranking:
    """The page of places `query` asks for, most records first."""
    with session.querying() as conn:
        held = _held(conn)
        chosen = plan(query, held.any_force())
        if not chosen.months:
            return Ranking(query, chosen, [], False)
        months = [m.text() for m in chosen.months]
        during = [m.text() for m in chosen.trend.during_months]
        before = [m.text() for m in chosen.trend.before_months]
        forces = police_data.force_names(conn)
        places: list[Place] = []
        every = sorted({*months, *during, *before})
        if query.by == "cell":
            grid = Grid(query.cell_size)
            rows = store.rank_cells(conn, months, query.crime_type, grid.kx, grid.ky,
                                    query.limit + 1, query.offset)
            page = rows[:query.limit]
            details = store.cell_details(conn, [(r["x"], r["y"]) for r in page], grid.kx, grid.ky,
                                         grid.longitude_spans(r["x"] for r in page), every,
                                         query.crime_type)
            for row in page:
                cell = Cell(query.cell_size, row["x"], row["y"])
                found = details.get((cell.x, cell.y), {})
                lat, lon = found.get("latitude") or cell.centre[0], found.get("longitude") or cell.centre[1]
                places.append(Place("cell", cell.key, found.get("lsoa_name") or cell.label(),
                                    row["records"], _trend(query, held, forces, found),
                                    lat, lon, found.get("lsoa_code"), found.get("lsoa_name"), cell))
        else:
            rows = store.rank_lsoas(conn, months, query.crime_type, query.limit + 1, query.offset)
            page = rows[:query.limit]
            by_code = store.lsoa_details(conn, [r["lsoa_code"] for r in page], every, query.crime_type)
            for row in page:
                found = by_code.get(row["lsoa_code"], {})
                name = found.get("lsoa_name") or row["lsoa_code"]
                places.append(Place("lsoa", row["lsoa_code"], name, row["records"],
                                    _trend(query, held, forces, found),
                                    found.get("latitude"), found.get("longitude"), row["lsoa_code"],
                                    found.get("lsoa_name")))
        geographies = [(r["area_name"], geography_of(r)) for r in police_data.geographies(conn)
                       if r["area_active"]]
    return Ranking(query, chosen, _with_areas(places, geographies), len(rows) > query.limit)


def _with_areas(places: list[Place], geographies: list[tuple[str, Geography]]) -> list[Place]:
    """The places, each with the names of the active areas it lies in: by the middle of its
    records (a circle or polygon), or by its LSOA (a cell: the one most of its records lie
    in)."""
    points = [(p.latitude, p.longitude, p.lsoa_code) for p in places]
    inside: list[list[str]] = [[] for _ in places]
    for name, geography in geographies:
        for i, hit in enumerate(geography.inside(points) if points else []):
            if hit:
                inside[i].append(name)
    return [Place(p.kind, p.key, p.name, p.count, p.trend, p.latitude, p.longitude, p.lsoa_code,
                  p.lsoa_name, p.cell, tuple(found)) for p, found in zip(places, inside, strict=True)]


@dataclass(frozen=True)
class NewArea:
    """What the form for a new area from a place starts with."""

    name: str
    district: str
    geography: Geography
    where: str
    """The place in words: "the 250 m cell at 51.65460, -0.39710", "LSOA E01023838"."""


def geography_for(place: Place) -> Geography:
    """Where a new area made from `place` lies: a cell's own square, or the one LSOA."""
    try:
        if place.kind == "lsoa":
            return lsoa_set([place.key])
        cell = place.cell
        if cell is None:
            raise ValidationFailed(f"{place.name} has no cell to make an area of")
        return polygon(json.dumps({"type": "Polygon", "coordinates": [cell.ring()]}))
    except GeographyError as exc:
        raise ValidationFailed(str(exc)) from None


def new_area_for(place: Place) -> NewArea:
    """The new area's suggested name, district and geography: named after the LSOA the
    place's records lie in (a cell: "… cell"), in the district that LSOA's name gives."""
    base = place.lsoa_name or place.name
    name = base if place.kind == "lsoa" else f"{base} ({place.cell.size if place.cell else ''} m cell)"
    where = f"the {place.cell.label()}" if place.cell else f"LSOA {place.key}"
    return NewArea(name, district_of(place.lsoa_name) or "", geography_for(place), where)


def make_area(session: Session, name: str, district: str, cost_code: str,
              geography: Geography) -> str:
    """A new hotspot area placed at once (one write, both changes audited); its id."""
    if not cost_code.strip():
        raise FormInvalid({"cost_code": "give the finance cost code its patrol pay is charged to"})
    session.require(Permission.POLICE_DATA)
    with session.writing(Permission.SETTINGS) as db:
        area = insert_area(db, session.actor, name, district, cost_code)
        place_area(db, area["id"], area["name"], geography, session.actor)
    return str(area["id"])


def latest_months(session: Session, count: int = 12) -> tuple[str, str] | None:
    """The latest `count` months up to the latest loaded one (YYYY-MM, first and last), or
    None when no police data is loaded."""
    with session.querying() as conn:
        last = _held(conn).latest()
    if last is None:
        return None
    return last.shift(1 - count).text(), last.text()
