"""Did it work: each placed area's police-recorded counts over the operation's months
against the same months a year before and against the months just before it started,
month by month for the chart, with the sentences that say so (`domain.evidence`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from hotspot_tui.domain.evidence import (
    ASB,
    Comparison,
    against_run_up,
    against_year_before,
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
    """The operation's first month (marked on the chart)."""
    months: dict[Month, int]
    """Every loaded month from the earliest compared to the latest, with its count."""
    year_before: Comparison
    run_up: Comparison
    place: str | None = None
    """Where the area lies, in words (None: no place set)."""

    def claims(self) -> list[str]:
        if not self.placed:
            return [f"{self.name} has no place set: set where it lies to count its police data."]
        return [claim(self.year_before), claim(self.run_up)]


@dataclass(frozen=True)
class Window:
    """The months one read of evidence needs: the operation's (or a report's) months loaded
    so far, and the span from the earliest month compared to the latest."""

    during: list[Month]
    first: Month
    last: Month
    starts: Month


def _window(conn: Any, first_day: date, last_day: date) -> Window | None:
    latest = police_data.loaded_months(conn, "0000-01", "9999-12")
    last_loaded = parse_month(latest[-1]) if latest else None
    during = operation_months(first_day, last_day, last_loaded)
    starts = Month.of(first_day)
    if not during:
        return Window([], starts, starts, starts)
    span = during[-1].index - during[0].index + 1
    return Window(during, during[0].shift(-max(span, 12)), during[-1], starts)


def _operation_days(conn: Any) -> tuple[date, date]:
    budget = report_store.budget_row(conn)
    if budget is None:
        raise NotFound("the operation is not set up yet")
    return date.fromisoformat(budget["starts_on"]), date.fromisoformat(budget["ends_on"])


def _evidence(window: Window, area_id: str, name: str, crime_type: str, placed: bool,
              loaded: set[Month], counts: dict[Month, int]) -> AreaEvidence:
    shown = {m: counts.get(m, 0) for m in month_range(window.first, window.last) if m in loaded}
    return AreaEvidence(area_id, name, crime_type, placed, window.starts, shown,
                        against_year_before(crime_type, window.during, loaded, counts),
                        against_run_up(crime_type, window.during, loaded, counts))


def _read(conn: Any, window: Window, crime_type: str | None,
          area_ids: list[str] | None) -> tuple[set[Month], dict[str, dict[Month, int]], set[str]]:
    loaded = {parse_month(m) for m in police_data.loaded_months(conn, window.first.text(),
                                                                window.last.text())}
    counts: dict[str, dict[Month, int]] = {}
    for row in police_data.area_counts(conn, window.first.text(), window.last.text(), crime_type,
                                       area_ids):
        counts.setdefault(row["area_id"], {})[parse_month(row["month"])] = row["records"]
    placed = {r["area_id"] for r in police_data.geographies(conn, area_ids)}
    return loaded, counts, placed


def area_evidence(session: Session, area_name: str, crime_type: str | None = ASB) -> AreaEvidence:
    """One area's before and after for one crime type (None: every type)."""
    with session.reading() as conn:
        area = report_store.area_by_name(conn, area_name)
        if area is None:
            raise NotFound(f"no area called {area_name.strip()!r}")
        window = _window(conn, *_operation_days(conn))
        assert window is not None
        loaded, counts, placed = _read(conn, window, crime_type, [area["id"]])
        rows = police_data.geographies(conn, [area["id"]])
    found = _evidence(window, area["id"], area["name"], crime_type or "All crime",
                      area["id"] in placed, loaded, counts.get(area["id"], {}))
    return replace(found, place=geography_of(rows[0]).describe() if rows else None)


@dataclass(frozen=True)
class OperationEvidence:
    """Every area's comparison and the operation's total (over the placed areas)."""

    crime_type: str
    areas: list[AreaEvidence]
    total_year_before: Comparison
    total_run_up: Comparison


def operation_evidence(session: Session, first_day: date | None = None, last_day: date | None = None,
                       crime_type: str = ASB, area_ids: list[str] | None = None) -> OperationEvidence:
    """Each area's (or those of `area_ids`) counts over the operation's months between
    `first_day` and `last_day` (default: the whole operation) that are loaded."""
    with session.reading() as conn:
        starts_on, ends_on = _operation_days(conn)
        window = _window(conn, max(first_day or starts_on, starts_on), min(last_day or ends_on, ends_on))
        assert window is not None
        loaded, counts, placed = _read(conn, window, crime_type, area_ids)
        areas = report_store.areas(conn)
    found = [_evidence(window, a["id"], a["name"], crime_type, a["id"] in placed, loaded,
                       counts.get(a["id"], {}))
             for a in areas if area_ids is None or a["id"] in area_ids]
    counted = [e for e in found if e.placed]
    empty = _evidence(window, "", "", crime_type, False, loaded, {})
    year = combine([e.year_before for e in counted]) or empty.year_before
    run_up = combine([e.run_up for e in counted]) or empty.run_up
    return OperationEvidence(crime_type, found, year, run_up)
