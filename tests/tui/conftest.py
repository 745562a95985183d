"""Fixtures for driving the real app on a throwaway copy of the demo data, with time frozen."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.staff_input import StaffInput
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.assignments import AssignOptions, assign, unassign
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import HotspotApp, make_app

FROZEN_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture
def app(demo_db: Path, frozen_now: datetime) -> HotspotApp:
    return make_app(open_session(demo_db, "PS Tester"))


@pytest.fixture
def query(demo_db: Path):  # type: ignore[no-untyped-def]
    """Read the database file directly (a second connection), as any user of the file would."""
    import sqlite3

    def run(sql: str, params: list[object] | None = None) -> list[tuple]:
        conn = sqlite3.connect(demo_db)
        try:
            return conn.execute(sql, params or []).fetchall()
        finally:
            conn.close()

    return run


@pytest.fixture
def history(demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    """A few days of changes by two supervisors, on a known person and patrol."""
    session_a = open_session(demo_db, "PS Adams")
    session_b = open_session(demo_db, "Insp Baker")
    force = session_a.db.execute("SELECT id FROM employers WHERE kind = 'force'").fetchone()[0]
    people = [r[0] for r in session_a.db.execute(
        "SELECT id FROM staff WHERE kind = 'officer' AND id NOT IN (SELECT staff_id FROM assignments"
        " WHERE start_utc >= '2026-11-01') ORDER BY payroll_number LIMIT 2")]
    shift_id, area = session_a.db.execute(
        "SELECT s.id, a.name FROM shifts s JOIN areas a ON a.id = s.area_id WHERE s.status = 'planned'"
        " AND s.local_date = '2026-11-27' ORDER BY a.name LIMIT 1").fetchone()

    def at(day: int, hour: int) -> None:
        moment = datetime(2026, 11, day, hour, 0, tzinfo=UTC)
        monkeypatch.setattr(clock_utc, "utc_now", lambda: moment)

    at(20, 9)
    new_id = staff_service.add_person(session_a, StaffInput(
        name="Robin Audit", payroll_number="HC955001", collar_number="4950", kind="officer",
        rank="constable", employer_id=force, salary="31163", contracted_hours="40"))
    at(21, 10)
    made = assign(session_b, shift_id, people, AssignOptions())
    at(22, 11)
    unassign(session_a, made[0], "Court warning")
    at(24, 15)
    staff_service.set_active(session_b, new_id, False, "Transferred out")
    at(25, 12)
    session_a.close()
    session_b.close()
    return {"new_id": new_id, "shift_id": shift_id, "area": area, "people": people}
