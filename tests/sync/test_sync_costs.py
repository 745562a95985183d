"""Pay is worked out again where changes arrive: a copy that takes a cancellation (or a
booking) in the same sync as a pay change from a later date costs the patrol too, not
only the weeks from the pay change on."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fresh_operation import COUNCIL, build
from sync_helpers import add_patrol, assert_same, checkout, must, sql, sync

from hotspot_tui.domain import clock_utc
from hotspot_tui.services.assignments import on_patrol, unassign
from hotspot_tui.services.session import open_session
from hotspot_tui.services.shifts import find_patrol

NOW = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)
ANN = "SELECT a.status, a.cost_pence, (SELECT count(*) FROM pay_lines p WHERE p.assignment_id = a.id) " \
      "FROM assignments a JOIN staff s ON s.id = a.staff_id WHERE s.payroll_number = 'WBC001'"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def _new_rates(db: Path, weekday: str, since: str) -> None:
    must("employer", "set-rates", COUNCIL, "--weekday", weekday, "--weekend", "48", "--holiday", "60",
         "--from", since, "--reason", "the council's letter", "--db", str(db))


def _operation(folder: Path) -> tuple[Path, str]:
    """A station with one November patrol, whose council's rates have changed once
    already (from December)."""
    station = build(folder)
    _new_rates(station, "40", "2026-12-01")
    return station, add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00")


def test_a_cancellation_arriving_with_a_later_pay_change_leaves_no_cost(tmp_path: Path) -> None:
    station, ref = _operation(tmp_path)
    must("assign", ref, "WBC001", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    assert sql(laptop, ANN)[0][1] > 0
    session = open_session(station, "PS 1234 Patel")
    try:
        ann = sql(station, "SELECT id FROM staff WHERE payroll_number = 'WBC001'")[0][0]
        unassign(session, on_patrol(session, find_patrol(session, ref), ann), "not needed")
    finally:
        session.close()
    _new_rates(station, "42", "2026-12-10")
    sync(laptop, station)
    assert sql(laptop, ANN) == [("cancelled", 0, 0)]
    assert_same(station, laptop)


def test_a_booking_arriving_with_a_later_pay_change_is_costed(tmp_path: Path) -> None:
    station, ref = _operation(tmp_path)
    must("assign", ref, "WBC001", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    planned = sql(laptop, ANN)[0][1]
    must("book", ref, "WBC001", "--on", "2026-11-20 18:00", "--off", "2026-11-21 04:00",
         "--reason", "late arrest", "--db", str(station))
    _new_rates(station, "42", "2026-12-10")
    sync(laptop, station)
    status, cost, _ = sql(laptop, ANN)[0]
    assert status == "worked" and cost > planned
    assert_same(station, laptop)


def test_rate_changes_arriving_together_cost_from_the_earliest(tmp_path: Path) -> None:
    """A later-dated change that reached the hub first, and an earlier-dated one made
    there since, arrive at another copy in one sync: its patrols are costed from the
    earlier date."""
    station, ref = _operation(tmp_path)
    must("assign", ref, "WBC001", "--db", str(station))
    one = checkout(station, tmp_path / "one.db")
    two = checkout(station, tmp_path / "two.db")
    _new_rates(one, "44", "2026-12-15")
    sync(one, station)
    _new_rates(station, "50", "2026-11-01")
    sync(two, station)
    assert sql(two, ANN) == sql(station, ANN)
    sync(one, station)
    assert_same(station, one, two)


def _rate_conflict(folder: Path) -> tuple[Path, Path, str]:
    """The council's rates from November changed on both copies: one conflict on that row."""
    station, ref = _operation(folder)
    must("assign", ref, "WBC001", "--db", str(station))
    laptop = checkout(station, folder / "laptop.db")
    _new_rates(station, "45", "2026-11-01")
    _new_rates(laptop, "50", "2026-11-01")
    sync(laptop, station)
    [found] = [c for c in conflicts(station) if c["table_name"] == "employer_rate_history"]
    return station, laptop, found["id"]


def conflicts(db: Path) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(must("sync", "conflicts", "--json", "--db", str(db)))


NOVEMBER_RATE = "SELECT weekday_rate_pence FROM employer_rate_history WHERE effective_from = '2026-11-01'"


def test_rates_chosen_in_a_conflict_cost_the_patrols_they_cover(tmp_path: Path) -> None:
    station, laptop, conflict = _rate_conflict(tmp_path)
    assert sql(station, NOVEMBER_RATE) == sql(laptop, NOVEMBER_RATE) == [(4500,)]  # the hub's, for now
    must("sync", "resolve", conflict, "--keep", "there", "--db", str(station))
    assert sql(station, NOVEMBER_RATE) == [(5000,)]
    assert sql(station, ANN)[0][1] > 0 and sql(station, ANN) != sql(laptop, ANN)
    sync(laptop, station)
    assert sql(station, ANN) == sql(laptop, ANN)
    assert_same(station, laptop)


def test_keeping_the_stations_version_keeps_a_change_made_to_it_since(tmp_path: Path) -> None:
    station, laptop, conflict = _rate_conflict(tmp_path)
    _new_rates(station, "47", "2026-11-01")
    must("sync", "resolve", conflict, "--keep", "here", "--db", str(station))
    assert sql(station, NOVEMBER_RATE) == [(4700,)]
    sync(laptop, station)
    assert sql(laptop, NOVEMBER_RATE) == [(4700,)]
    assert_same(station, laptop)


def test_a_lock_with_nothing_worked_in_it_reaches_a_laptop_that_booked_in_it(tmp_path: Path) -> None:
    """The station locks a month in which nothing was booked; a laptop had booked in it.
    The booking comes back refused, and the laptop's pay for it goes with it: the duty is
    an estimate in the next open month on both copies."""
    station = build(tmp_path)
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00")
    must("assign", ref, "WBC001", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    must("export", "payroll", "--period", "2026-11", "--final", "--out", str(tmp_path / "p.csv"),
         "--db", str(station))
    must("book", ref, "--as-planned", "--db", str(laptop))
    sync(laptop, station)
    lines = "SELECT DISTINCT period_id, basis FROM pay_lines"
    assert sql(laptop, lines) == sql(station, lines) == [("2026-12", "estimate")]
    assert_same(station, laptop)


def _force(folder: Path) -> Path:
    """A station set up from the example operation file: the force pays its PCSOs salaries."""
    station = folder / "station.db"
    example = folder / "operation.toml"
    example.write_text(must("setup", "--example"), encoding="utf-8")
    must("setup", str(example), "--db", str(station))
    return station


def _import_pcso(db: Path, folder: Path, salary: str) -> None:
    csv = folder / f"pcso-{salary}.csv"
    csv.write_text(f"Payroll number,Name,Job title,Annual salary,Contracted hours\n"
                   f"HC100009,Gita Rao,PCSO,{salary},37\n", encoding="utf-8")
    must("import", "staff", str(csv), "--db", str(db))


def test_a_person_imported_on_two_copies_with_different_pay_is_costed_as_the_station_keeps_them(
        tmp_path: Path) -> None:
    station = _force(tmp_path)
    ref = add_patrol(station, "2026-12-10 18:00", "2026-12-11 02:00", need="pcso=1")
    laptop = checkout(station, tmp_path / "laptop.db")
    _import_pcso(station, tmp_path, "27000")
    _import_pcso(laptop, tmp_path, "23000")
    must("assign", ref, "HC100009", "--db", str(laptop))
    assert "1 conflicts found" in sync(laptop, station)
    salary = "SELECT annual_salary_pence FROM staff WHERE payroll_number = 'HC100009'"
    assert sql(laptop, salary) == sql(station, salary) == [(2_700_000,)]
    cost = "SELECT cost_pence FROM assignments"
    assert sql(laptop, cost) == sql(station, cost)
    assert_same(station, laptop)


def test_a_lock_taken_at_a_laptop_makes_no_pay_period_the_station_does_not_have(tmp_path: Path) -> None:
    """The laptop costs the locked month's duties again when the lock arrives; with nothing
    to adjust, no next period is opened there to hold adjustments."""
    station = build(tmp_path)
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00")
    must("assign", ref, "WBC001", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    must("book", ref, "--as-planned", "--db", str(station))
    must("approve", ref, "--db", str(station), actor="Insp Jones")
    must("export", "payroll", "--period", "2026-11", "--final", "--out", str(tmp_path / "p.csv"),
         "--db", str(station))
    sync(laptop, station)
    periods = "SELECT id, status FROM pay_periods ORDER BY id"
    assert sql(laptop, periods) == sql(station, periods) == [("2026-11", "locked")]
    assert_same(station, laptop)
