"""The same thing done on two copies meets itself when they sync: a person imported on
both is one person, a person put on the same patrol on both is one assignment; and a pay
period goes to payroll (is locked) from the station's file only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fresh_operation import build
from sync_helpers import add_patrol, assert_audit_holds, assert_same, checkout, cmd, must, sql, sync

from hotspot_tui.domain import clock_utc

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
NEWCOMER = "Payroll number,Name,Kind,Employer\nWBC009,Dee Dunn,CEO,Watford Borough Council\n"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def test_a_person_imported_on_two_copies_is_one_person(tmp_path: Path) -> None:
    station = build(tmp_path)
    laptop = checkout(station, tmp_path / "laptop.db")
    csv = tmp_path / "new.csv"
    csv.write_text(NEWCOMER, encoding="utf-8")
    for db in (station, laptop):
        must("import", "staff", str(csv), "--db", str(db))
    ref = add_patrol(laptop, "2026-11-20 18:00", "2026-11-21 02:00")
    must("assign", ref, "WBC009", "--db", str(laptop))
    sync(laptop, station)
    sync(laptop, station)
    assert_same(station, laptop)
    assert sql(station, "SELECT count(*) FROM staff WHERE payroll_number = 'WBC009'") == [(1,)]
    assert sql(station, "SELECT count(*) FROM assignments") == [(1,)]
    assert_audit_holds(station, laptop)


def test_one_person_put_on_one_patrol_on_two_copies_is_one_assignment(tmp_path: Path) -> None:
    station = build(tmp_path)
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00")
    laptop = checkout(station, tmp_path / "laptop.db")
    for db in (station, laptop):
        must("assign", ref, "WBC001", "--db", str(db))
    must("book", ref, "--as-planned", "--db", str(laptop))
    sync(laptop, station)
    sync(laptop, station)
    assert_same(station, laptop)
    assert sql(station, "SELECT status FROM assignments") == [("worked",)]


def test_a_pay_period_is_locked_at_the_station_only(tmp_path: Path) -> None:
    station = build(tmp_path)
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00")
    must("assign", ref, "WBC001", "--db", str(station))
    must("book", ref, "--as-planned", "--db", str(station))
    must("approve", ref, "--db", str(station), actor="Insp Jones")
    laptop = checkout(station, tmp_path / "laptop.db")
    out = tmp_path / "p.csv"
    refused = cmd("export", "payroll", "--period", "2026-11", "--final", "--out", str(out),
                  "--db", str(laptop))
    assert refused.exit_code == 2 and "from the station's file only" in refused.stderr
    assert not out.exists()
    assert sql(laptop, "SELECT count(*) FROM pay_periods WHERE status = 'locked'") == [(0,)]
    must("export", "payroll", "--period", "2026-11", "--final", "--out", str(out), "--db", str(station))
    sync(laptop, station)
    assert sql(laptop, "SELECT status FROM pay_periods WHERE id = '2026-11'") == [("locked",)]
    assert_same(station, laptop)


def test_the_same_booking_on_two_copies_takes_the_stations_approval(tmp_path: Path) -> None:
    station = build(tmp_path)
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00")
    must("assign", ref, "WBC001", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    for db in (station, laptop):
        must("book", ref, "--as-planned", "--db", str(db))
    must("approve", ref, "--db", str(station), actor="Insp Jones")
    sync(laptop, station)
    assert sql(laptop, "SELECT status, approved_by FROM assignments") == [("worked", "Insp Jones")]
    assert_same(station, laptop)


def test_an_approval_made_on_a_laptop_while_its_reply_was_away_reaches_it_back(tmp_path: Path) -> None:
    """The laptop's booking lost to the station's at the hub, but the reply saying so was
    not brought back; meanwhile the laptop approved the booking. The next sync takes the
    approval to the station, and the station's booking, approved, to the laptop."""
    station = build(tmp_path)
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00")
    must("assign", ref, "WBC001", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    must("book", ref, "--as-planned", "--db", str(station))
    must("book", ref, "--as-planned", "--db", str(laptop), actor="PS 2 Laptop")
    must("sync", "export", "--db", str(laptop), "--out", str(tmp_path / "week.hsync"))
    must("sync", "apply", str(tmp_path / "week.hsync"), "--db", str(station))
    must("approve", ref, "--db", str(laptop), actor="Insp Jones")
    sync(laptop, station)
    booking = "SELECT status, booked_by, approved_by FROM assignments"
    assert sql(laptop, booking) == sql(station, booking) == [("worked", "PS 1234 Patel", "Insp Jones")]
    assert_same(station, laptop)


def test_the_stations_approval_reaches_a_laptop_whose_own_booking_of_it_was_pending(
        tmp_path: Path) -> None:
    """The laptop's booking reached the hub (and lost to the station's) but the reply did
    not come back; the station then approved its booking. The next sync brings the
    approved booking to the laptop, though the laptop's change to that row was waiting."""
    station = build(tmp_path)
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00")
    must("assign", ref, "WBC001", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    must("book", ref, "--as-planned", "--db", str(station))
    must("book", ref, "WBC001", "--on", "2026-11-20 18:00", "--off", "2026-11-21 03:00",
         "--reason", "stayed on", "--db", str(laptop), actor="PS 2 Laptop")
    must("sync", "export", "--db", str(laptop), "--out", str(tmp_path / "week.hsync"))
    must("sync", "apply", str(tmp_path / "week.hsync"), "--db", str(station))
    must("approve", ref, "--db", str(station), actor="Insp Jones")
    sync(laptop, station)
    booking = "SELECT booked_by, actual_end_utc, approved_by FROM assignments"
    assert sql(laptop, booking) == sql(station, booking) == [
        ("PS 1234 Patel", "2026-11-21T02:00:00Z", "Insp Jones")]
    assert_same(station, laptop)
