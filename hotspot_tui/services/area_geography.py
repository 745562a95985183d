"""Where each hotspot area lies: set (or clear) an area's geography, audited, and count
the police records inside it again in the same transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.geography import Circle, Geography, GeographyError, LsoaSet, Polygon, polygon
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services import crime_counts
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit
from hotspot_tui.store import organisation as areas
from hotspot_tui.store import police_data as store

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class PlacedArea:
    """An area and where it lies."""

    area_id: str
    name: str
    active: bool
    geography: Geography


GEOJSON_MAX_BYTES = 5 * 1024 * 1024


def polygon_from_file(path: Path) -> Polygon:
    """The (Multi)Polygon in a GeoJSON file, checked; ValidationFailed in one line."""
    if not path.exists():
        raise ValidationFailed(f"no GeoJSON file at {path}")
    if not path.is_file():
        raise ValidationFailed(f"{path} is not a regular file")
    try:
        if path.stat().st_size > GEOJSON_MAX_BYTES:
            raise ValidationFailed(f"{path.name} is over 5 MB; simplify the polygon")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(f"{path.name} is not UTF-8 text (GeoJSON is)") from None
    except OSError as exc:
        raise ValidationFailed(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return polygon(text)
    except GeographyError as exc:
        raise ValidationFailed(f"{path.name}: {exc}") from None


def stored_row(area_id: str, geography: Geography, actor: str,
               at_utc: str | None = None) -> dict[str, Any]:
    """The `area_geographies` row for a geography (every column, so a change clears the
    columns of the kind it had before)."""
    row: dict[str, Any] = {
        "area_id": area_id, "kind": geography.kind, "lsoa_codes": None, "centre_lat": None,
        "centre_lon": None, "radius_m": None, "polygon": None, "min_lat": None, "min_lon": None,
        "max_lat": None, "max_lon": None, "updated_at": at_utc or utc_now_text(), "updated_by": actor,
    }
    if isinstance(geography, LsoaSet):
        row["lsoa_codes"] = json.dumps(list(geography.codes))
    elif isinstance(geography, Circle):
        row.update(centre_lat=geography.lat, centre_lon=geography.lon, radius_m=geography.radius_m)
    elif isinstance(geography, Polygon):
        row["polygon"] = geography.geojson
    box = geography.box()
    if box is not None:
        row.update(min_lat=box.min_lat, min_lon=box.min_lon, max_lat=box.max_lat, max_lon=box.max_lon)
    return row


def set_area_geography(session: Session, area_name: str, geography: Geography) -> None:
    """Place an area (in place of any geography it had); its police-record counts are
    worked out again at once."""
    with session.writing(Permission.POLICE_DATA) as db:
        area = areas.find_area_by_name(db, area_name)
        if area is None:
            raise NotFound(f"no area called {area_name.strip()}")
        place_area(db, area["id"], area["name"], geography, session.actor)


def place_area(db: Database, area_id: str, area_name: str, geography: Geography, actor: str,
               at_utc: str | None = None) -> None:
    """Store where an area lies, count its records again and audit it, inside the caller's
    write transaction (`set_area_geography`'s, or the demo builder's at its `at_utc`)."""
    before = store.set_geography(db, stored_row(area_id, geography, actor, at_utc))
    crime_counts.recount(db, area_ids=[area_id])
    audit.append(db, actor=actor, action="area.geography", entity="area", entity_id=area_id,
                 details={"name": area_name, "kind": geography.kind,
                          "geography": geography.describe(),
                          "before": None if before is None else before["kind"]}, at_utc=at_utc)


def clear_area_geography(session: Session, area_name: str) -> bool:
    """Forget where an area lies (its counts go with it); False if it had no geography."""
    with session.writing(Permission.POLICE_DATA) as db:
        area = areas.find_area_by_name(db, area_name)
        if area is None:
            raise NotFound(f"no area called {area_name.strip()}")
        before = store.clear_geography(db, area["id"])
        if before is None:
            return False
        crime_counts.recount(db, area_ids=[area["id"]])
        audit.append(db, actor=session.actor, action="area.geography_cleared", entity="area",
                     entity_id=area["id"], details={"name": area["name"], "before": before["kind"]})
    return True


def area_geography(session: Session, area_name: str) -> Geography | None:
    """Where the named area lies, or None if it has no geography; NotFound if no such area."""
    with session.reading() as db:
        area = areas.find_area_by_name(db, area_name)
        if area is None:
            raise NotFound(f"no area called {area_name.strip()}")
        rows = store.geographies(db, [area["id"]])
    return crime_counts.geography_of(rows[0]) if rows else None


def placed_areas(session: Session) -> list[PlacedArea]:
    """Every area that has a geography, by name (retired ones too: `active` says)."""
    with session.querying() as conn:
        rows = store.geographies(conn)
    return [PlacedArea(r["area_id"], r["area_name"], bool(r["area_active"]), crime_counts.geography_of(r))
            for r in rows]
