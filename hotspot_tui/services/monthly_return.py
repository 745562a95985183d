"""The funder's monthly monitoring return for one Europe/London calendar month.

Reads the month's patrols, booked hours by role, outcomes and the state of its bookings in
one read transaction (with the audit checkpoint they were read at), adds the police data's
ASB incidents for the month where it is held, and hands the rows to
`domain.monthly_return.build`. Written by `exports.monthly_return` through the one file
writer (`exports.files`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.coverage import Held
from hotspot_tui.domain.monthly_return import Bookings, MonthlyReturn, PoliceMonth, build, month_days
from hotspot_tui.domain.months import Month, parse_month
from hotspot_tui.domain.police_records import ASB
from hotspot_tui.exports.files import write_new_file
from hotspot_tui.exports.monthly_return import FORMATS, SUFFIXES, render_bytes, render_text
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit
from hotspot_tui.store import monthly_return as store
from hotspot_tui.store import police_data as police_store
from hotspot_tui.store import report as report_store

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["FORMATS", "SUFFIXES", "monthly_return", "render_text", "save_monthly_return"]


def monthly_return(session: Session, month: str | Month, *,
                   now: datetime | None = None) -> MonthlyReturn:
    """The return for `month` (`YYYY-MM` or a `Month`), as the file holds it now."""
    chosen = month if isinstance(month, Month) else parse_month(month)
    as_at = now or clock_utc.utc_now()
    first, last = (d.isoformat() for d in month_days(chosen))
    with session.reading() as db:
        areas = store.areas(db)
        patrols = report_store.patrols_by_area(db, first, last)
        minutes = store.minutes_by_area_and_kind(db, first, last)
        outcomes = report_store.outcomes_by_area(db, first, last)
        bookings = Bookings(**store.booking_state(db, first, last, clock_utc.to_utc_text(as_at)))
        police = _police_month(db, chosen)
        point = audit.checkpoint(db)
    return build(chosen, areas, patrols, minutes, outcomes, police, bookings, as_at, point)


def _police_month(db: Database, month: Month) -> PoliceMonth:
    """The month's ASB records inside each placed area, from the police data imported for
    it (not loaded when no force's file for the month has been imported; not loaded for an
    area while a force whose records lie inside it has not: `domain.coverage`)."""
    text = month.text()
    if not police_store.loaded_months(db, text, text):
        return PoliceMonth(loaded=False)
    counts = {str(r["area_id"]): int(r["records"])
              for r in police_store.area_counts(db, text, text, ASB, None)}
    placed = frozenset(str(r["area_id"]) for r in police_store.geographies(db))
    held = Held.of((force, parse_month(m)) for force, m in police_store.held_force_months(db))
    forces: dict[str, list[str]] = {}
    for area_id, force in police_store.area_forces(db, sorted(placed)):
        forces.setdefault(area_id, []).append(force)
    waiting = frozenset(a for a in placed if month not in held.loaded_for(forces.get(a, [])))
    files = [r for r in police_store.force_months(db) if r["month"] == text]
    unlocated = sum(int(r["unlocated"]) for r in police_store.month_type_totals(db, text, text)
                    if r["crime_type"] == ASB)
    return PoliceMonth(loaded=True, incidents=counts, placed=placed, not_loaded=waiting,
                       forces=tuple(str(r["force"]) for r in files),
                       sample=any(r["sample"] for r in files), unlocated=unlocated)


def save_monthly_return(ret: MonthlyReturn, fmt: str, path: Path, *,
                        next_free: bool = False) -> Path:
    """Write the return as a new owner-only file (never over an existing one or through
    a symlink); returns the path written."""
    return write_new_file(path, render_bytes(ret, fmt), next_free=next_free)
