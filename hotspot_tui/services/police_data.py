"""Reading the imported police data: which force-months are loaded, the crime types they
hold, and the records inside each placed area month by month.

Months are 'YYYY-MM' text throughout. Each force's month is imported on its own; an
area's month is loaded only when every force whose records lie inside it has that month
(`domain.coverage`). Counts inside areas come from `area_crime_counts`, which imports and
geography changes keep exact (`services.crime_counts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hotspot_tui.domain.coverage import Held
from hotspot_tui.domain.months import parse_month
from hotspot_tui.domain.police_records import MONTH
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.area_geography import PlacedArea, placed_areas
from hotspot_tui.services.session import Session
from hotspot_tui.store import police_data as store

__all__ = ["AreaMonthCounts", "ForceMonth", "PlacedArea", "PoliceDataSummary", "area_counts_by_month",
           "crime_types", "force_month_totals", "loaded_force_months", "loaded_months", "placed_areas",
           "police_data_summary"]


@dataclass(frozen=True)
class ForceMonth:
    """One imported file: a force's month."""

    force: str
    month: str
    rows: int
    unlocated: int
    """Rows without coordinates (kept; in no area placed by centre or polygon)."""
    sample: bool
    """Generated demonstration data, not a real data.police.uk file: say so wherever shown."""
    source_file: str
    imported_at: str
    """UTC, ISO 8601 with Z."""
    imported_by: str


@dataclass(frozen=True)
class AreaMonthCounts:
    """One placed area's records month by month."""

    area_id: str
    name: str
    active: bool
    months: dict[str, int] = field(default_factory=dict)
    """Every month in the range loaded for the area (in order), with the records inside it
    (0 when none); a month not loaded for every force covering the area is absent, never 0."""

    @property
    def total(self) -> int:
        return sum(self.months.values())


@dataclass(frozen=True)
class PoliceDataSummary:
    """What police data the file holds, in a line."""

    first_month: str | None
    last_month: str | None
    months: int
    rows: int
    unlocated: int
    forces: tuple[str, ...]
    sample: bool
    """Some of it is generated demonstration data: say so beside any figure drawn from it."""

    def describe(self) -> str:
        if not self.months:
            return "No police data imported (hotspot-tui import crime FILE)"
        span = self.first_month if self.first_month == self.last_month else \
            f"{self.first_month} to {self.last_month}"
        text = (f"Police data {span} ({self.months} month{'s' if self.months != 1 else ''}, "
                f"{self.rows:,} records, {self.unlocated:,} without a location)")
        return text + (" · SAMPLE DATA, generated for the demonstration" if self.sample else "")


def police_data_summary(session: Session) -> PoliceDataSummary:
    """The months, records and forces loaded, and whether any of it is sample data."""
    loaded = loaded_force_months(session)
    months = sorted({m.month for m in loaded})
    return PoliceDataSummary(months[0] if months else None, months[-1] if months else None,
                             len(months), sum(m.rows for m in loaded), sum(m.unlocated for m in loaded),
                             tuple(sorted({m.force for m in loaded})), any(m.sample for m in loaded))


def _month(text: str, what: str) -> str:
    value = text.strip()
    if not MONTH.fullmatch(value):
        raise ValidationFailed(f"{what} {text.strip()[:20]!r} is not a month (YYYY-MM, e.g. 2026-10)")
    return value


def loaded_force_months(session: Session) -> list[ForceMonth]:
    """Every imported force-month, by month then force."""
    with session.querying() as conn:
        rows = store.force_months(conn)
    return [ForceMonth(r["force"], r["month"], r["rows"], r["unlocated"], bool(r["sample"]),
                       r["source_file"], r["imported_at"], r["imported_by"]) for r in rows]


def loaded_months(session: Session, first_month: str, last_month: str) -> list[str]:
    """The months first..last (inclusive) for which some force's police data is loaded,
    in order."""
    first, last = _month(first_month, "from"), _month(last_month, "to")
    with session.querying() as conn:
        return store.loaded_months(conn, first, last)


def crime_types(session: Session) -> list[str]:
    """The crime types present in the imported data, alphabetically."""
    with session.querying() as conn:
        return store.crime_types(conn)


def area_counts_by_month(session: Session, first_month: str, last_month: str, *,
                         crime_type: str | None = None,
                         area_ids: list[str] | None = None) -> list[AreaMonthCounts]:
    """Records inside each placed area (or those of `area_ids` that are placed) for each
    month first..last loaded for it, of one crime type (None: all types), by area name.
    Areas with no geography are not listed."""
    first, last = _month(first_month, "from"), _month(last_month, "to")
    if first > last:
        raise ValidationFailed(f"from {first} is after to {last}")
    with session.querying() as conn:
        months = store.loaded_months(conn, first, last)
        held = Held.of((force, parse_month(month)) for force, month in store.held_force_months(conn))
        counts = store.area_counts(conn, first, last, crime_type, area_ids)
        rows = store.geographies(conn, area_ids)
        forces: dict[str, list[str]] = {}
        for area_id, force in store.area_forces(conn, [r["area_id"] for r in rows]):
            forces.setdefault(area_id, []).append(force)
    found: dict[str, dict[str, int]] = {}
    for row in counts:
        found.setdefault(row["area_id"], {})[row["month"]] = row["records"]
    out = []
    for r in rows:
        loaded = held.loaded_for(forces.get(r["area_id"], []))
        out.append(AreaMonthCounts(r["area_id"], r["area_name"], bool(r["area_active"]),
                                   {m: found.get(r["area_id"], {}).get(m, 0) for m in months
                                    if parse_month(m) in loaded}))
    return out


def force_month_totals(session: Session, first_month: str, last_month: str) -> dict[str, dict[str, int]]:
    """Month → crime type → records over every imported force (in areas or not)."""
    first, last = _month(first_month, "from"), _month(last_month, "to")
    with session.querying() as conn:
        rows = store.month_type_totals(conn, first, last)
    out: dict[str, dict[str, int]] = {}
    for row in rows:
        out.setdefault(row["month"], {})[row["crime_type"]] = row["records"]
    return out
