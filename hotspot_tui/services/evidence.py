"""Did it work: each placed area's police-recorded counts over its months of the operation
against the same months a year before and against the months just before it started,
month by month for the chart, with the sentences that say so (`domain.evidence`).

An area is measured from the day its patrols started (`domain.evidence.area_starts`: the
operation's start, or the day a later area was added), and over the months loaded for the
forces whose records lie inside it (`domain.coverage`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from hotspot_tui.domain.clock import from_utc_text
from hotspot_tui.domain.coverage import Held
from hotspot_tui.domain.evidence import (
    ASB,
    Comparison,
    against_run_up,
    against_year_before,
    area_starts,
    claim,
    combine,
    operation_months,
)
from hotspot_tui.domain.months import Month, month_range, parse_month
from hotspot_tui.errors import NotFound
from hotspot_tui.services.crime_counts import geography_of
from hotspot_tui.services.session import Session
from hotspot_tui.store import police_data
from hotspot_tui.store import report as report_store


@dataclass(frozen=True)
class AreaEvidence:
    area_id: str
    name: str
    crime_type: str
    placed: bool
    """Whether the area has a geography (else it counts nothing)."""
    starts: Month
    """The month the area's patrols started (marked on the chart)."""
    months: dict[Month, int]
    """Every month loaded for the area from the earliest compared to the latest, with its
    count."""
    year_before: Comparison
    run_up: Comparison
    place: str | None = None
    """Where the area lies, in words (None: no place set)."""
    added: date | None = None
    """The day the area was added, when that was after the operation started (it is
    measured from then); None for an area of the operation from its start."""

    def claims(self) -> list[str]:
        if not self.placed:
            return [f"{self.name} has no place set: set where it lies to count its police data."]
        lines = [claim(self.year_before), claim(self.run_up)]
        if self.added is not None:
            lines.append(f"Added on {self.added:%d %b %Y}: measured from {self.starts.label()}, "
                         "not from the operation's start.")
        return lines


@dataclass(frozen=True)
class _Area:
    """One area's reading: its months of the operation and the months loaded for it."""

    area_id: str
    name: str
    starts_on: date
    added: date | None
    during: list[Month]
    loaded: frozenset[Month]

    @property
    def first(self) -> Month:
        """The earliest month its chart and comparisons read."""
        if not self.during:
            return Month.of(self.starts_on).shift(-12)
        span = self.during[-1].index - self.during[0].index + 1
        return self.during[0].shift(-max(span, 12))

    @property
    def last(self) -> Month:
        if self.during:
            return self.during[-1]
        latest = max(self.loaded) if self.loaded else Month.of(self.starts_on)
        return max(latest, Month.of(self.starts_on))


def _operation_days(conn: Any) -> tuple[date, date]:
    budget = report_store.budget_row(conn)
    if budget is None:
        raise NotFound("the operation is not set up yet")
    return date.fromisoformat(budget["starts_on"]), date.fromisoformat(budget["ends_on"])


def _areas(conn: Any, rows: list[dict[str, Any]], operation_starts: date, first_day: date,
           last_day: date) -> list[_Area]:
    """Each area of `rows` (id, name) measured from when it started, between `first_day`
    and `last_day` (days of the operation), over the months loaded for it."""
    ids = [str(r["id"]) for r in rows]
    held = Held.of((force, parse_month(month)) for force, month in police_data.held_force_months(conn))
    latest = held.latest()
    set_up = report_store.set_up_at(conn)
    entries = report_store.area_first_entries(conn, ids)
    forces: dict[str, list[str]] = {}
    for area_id, force in police_data.area_forces(conn, ids):
        forces.setdefault(area_id, []).append(force)
    out = []
    for row in rows:
        entry = entries.get(str(row["id"]))
        starts_on = area_starts(operation_starts, from_utc_text(set_up) if set_up else None,
                                from_utc_text(entry) if entry else None)
        during = operation_months(max(first_day, starts_on), last_day, latest)
        out.append(_Area(str(row["id"]), str(row["name"]), starts_on,
                         starts_on if starts_on > operation_starts else None, during,
                         held.loaded_for(forces.get(str(row["id"]), []))))
    return out


def _counts(conn: Any, areas: list[_Area], crime_type: str | None) -> dict[str, dict[Month, int]]:
    if not areas:
        return {}
    first, last = min(a.first for a in areas), max(a.last for a in areas)
    counts: dict[str, dict[Month, int]] = {}
    for row in police_data.area_counts(conn, first.text(), last.text(), crime_type,
                                       [a.area_id for a in areas]):
        counts.setdefault(row["area_id"], {})[parse_month(row["month"])] = row["records"]
    return counts


def _evidence(area: _Area, crime_type: str, placed: bool, counts: dict[Month, int]) -> AreaEvidence:
    shown = {m: counts.get(m, 0) for m in month_range(area.first, area.last) if m in area.loaded}
    return AreaEvidence(area.area_id, area.name, crime_type, placed, Month.of(area.starts_on), shown,
                        against_year_before(crime_type, area.during, area.loaded, counts),
                        against_run_up(crime_type, area.during, area.loaded, counts),
                        added=area.added)


def area_evidence(session: Session, area_name: str, crime_type: str | None = ASB) -> AreaEvidence:
    """One area's before and after for one crime type (None: every type)."""
    with session.reading() as conn:
        row = report_store.area_by_name(conn, area_name)
        if row is None:
            raise NotFound(f"no area called {area_name.strip()!r}")
        starts_on, ends_on = _operation_days(conn)
        area = _areas(conn, [row], starts_on, starts_on, ends_on)[0]
        counts = _counts(conn, [area], crime_type)
        places = police_data.geographies(conn, [area.area_id])
    found = _evidence(area, crime_type or "All crime", bool(places), counts.get(area.area_id, {}))
    return replace(found, place=geography_of(places[0]).describe() if places else None)


@dataclass(frozen=True)
class OperationEvidence:
    """Every area's comparison and the operation's total (over the placed areas)."""

    crime_type: str
    areas: list[AreaEvidence]
    total_year_before: Comparison
    total_run_up: Comparison
    sample: bool = False
    """Some of the police data is generated demonstration data."""


def operation_evidence(session: Session, first_day: date | None = None, last_day: date | None = None,
                       crime_type: str = ASB, area_ids: list[str] | None = None) -> OperationEvidence:
    """Each area's (or those of `area_ids`) counts over its months of the operation
    between `first_day` and `last_day` (default: the whole operation) that are loaded for
    it; the total adds up the placed areas, naming any counted over fewer months."""
    with session.reading() as conn:
        starts_on, ends_on = _operation_days(conn)
        first, last = max(first_day or starts_on, starts_on), min(last_day or ends_on, ends_on)
        rows = [r for r in report_store.areas(conn) if area_ids is None or r["id"] in area_ids]
        areas = _areas(conn, rows, starts_on, first, last)
        counts = _counts(conn, areas, crime_type)
        placed = {r["area_id"] for r in police_data.geographies(conn, [a.area_id for a in areas])}
        held = Held.of((f, parse_month(m)) for f, m in police_data.held_force_months(conn))
        sample = police_data.holds_sample(conn)
    found = [_evidence(a, crime_type, a.area_id in placed, counts.get(a.area_id, {})) for a in areas]
    counted = [e for e in found if e.placed]
    during = operation_months(first, last, held.latest())
    loaded = held.any_force()
    year = combine([(e.name, e.year_before) for e in counted]) or \
        against_year_before(crime_type, during, loaded, {})
    run_up = combine([(e.name, e.run_up) for e in counted]) or against_run_up(crime_type, during, loaded, {})
    return OperationEvidence(crime_type, found, year, run_up, sample)
