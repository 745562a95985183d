"""A row removed on one copy and changed on the other, or a change the station refuses:
the copies still end up holding the same rows, as the station has them. The station's
choice stands until a supervisor makes another; rows the working-time checks make at
each end settle without asking anyone."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fresh_operation import ACTOR, build
from sync_helpers import add_patrol, assert_same, checkout, cmd, must, sql, sync

from hotspot_tui.domain import clock_utc
from hotspot_tui.services import budget
from hotspot_tui.services.assignments import on_patrol, unassign
from hotspot_tui.services.session import open_session
from hotspot_tui.services.shifts import find_patrol

NOW = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)
BREACHES = "SELECT assignment_id, rule FROM working_time_breaches ORDER BY 1, 2"
SPEND = "SELECT description, amount_pence FROM spend_lines"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def conflicts(db: Path) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(must("sync", "conflicts", "--json", "--db", str(db)))


def test_a_breach_changed_on_a_laptop_and_gone_at_the_station_goes_from_the_laptop(
        tmp_path: Path) -> None:
    station = build(tmp_path)
    day = add_patrol(station, "2026-11-23 08:00", "2026-11-23 14:00")
    night = add_patrol(station, "2026-11-23 18:00", "2026-11-24 02:00")
    must("assign", day, "WBC001", "--db", str(station))
    must("assign", night, "WBC001", "--override", "agreed with her", "--db", str(station))
    assert len(sql(station, BREACHES)) == 2  # too little rest between the two
    laptop = checkout(station, tmp_path / "laptop.db")
    session = open_session(station, ACTOR)
    try:
        ann = sql(station, "SELECT id FROM staff WHERE payroll_number = 'WBC001'")[0][0]
        unassign(session, on_patrol(session, find_patrol(session, night), ann), "not needed")
    finally:
        session.close()
    assert sql(station, BREACHES) == []
    must("book", day, "WBC001", "--on", "2026-11-23 08:00", "--off", "2026-11-23 14:30",
         "--reason", "late arrest", "--db", str(laptop))  # the laptop's breaches change
    assert "conflicts found" not in sync(laptop, station)
    assert sql(laptop, BREACHES) == [] and sql(station, BREACHES) == []
    assert conflicts(station) == [] and conflicts(laptop) == []
    assert_same(station, laptop)


def _spend(db: Path, what: str, *args: object, **kwargs: object) -> str:
    session = open_session(db, ACTOR)
    try:
        return getattr(budget, what)(session, *args, **kwargs)  # type: ignore[no-any-return]
    finally:
        session.close()


def _line(description: str, amount: str) -> dict[str, object]:
    return {"description": description, "amount": amount, "spent_on": "2026-11-02"}


def test_a_row_changed_on_a_laptop_and_removed_at_the_station_goes_until_chosen(tmp_path: Path) -> None:
    station = build(tmp_path)
    line = _spend(station, "add_spend_line", **_line("CCTV camera", "1200"))
    laptop = checkout(station, tmp_path / "laptop.db")
    _spend(laptop, "edit_spend_line", line, **_line("CCTV camera and mast", "1500"))
    _spend(station, "delete_spend_line", line)
    assert "1 conflicts found" in sync(laptop, station)
    assert sql(laptop, SPEND) == [] and sql(station, SPEND) == []
    [found] = conflicts(laptop)
    assert found["kind"] == "refused" and "removed the row meanwhile" in found["message"]
    assert found["there_version"]["description"] == "CCTV camera and mast"
    refused = cmd("sync", "resolve", found["id"], "--keep", "there", "--db", str(station))
    assert refused.exit_code == 2 and "no longer in this copy" in refused.stderr
    must("sync", "resolve", found["id"], "--keep", "here", "--db", str(station))
    sync(laptop, station)
    assert conflicts(laptop) == [] and sql(laptop, SPEND) == []
    assert_same(station, laptop)


def test_a_row_removed_on_a_laptop_and_changed_at_the_station_comes_back_until_chosen(
        tmp_path: Path) -> None:
    station = build(tmp_path)
    line = _spend(station, "add_spend_line", **_line("CCTV camera", "1200"))
    laptop = checkout(station, tmp_path / "laptop.db")
    _spend(laptop, "delete_spend_line", line)
    _spend(station, "edit_spend_line", line, **_line("CCTV camera and mast", "1500"))
    assert "1 conflicts found" in sync(laptop, station)
    assert sql(laptop, SPEND) == sql(station, SPEND) == [("CCTV camera and mast", 150000)]
    [found] = conflicts(station)
    assert found["kind"] == "same_row" and found["there_version"] == {}
    must("sync", "resolve", found["id"], "--keep", "there", "--reason", "it was bought twice",
         "--db", str(station))
    assert sql(station, SPEND) == []
    sync(laptop, station)
    assert sql(laptop, SPEND) == [] and conflicts(laptop) == []
    assert_same(station, laptop)


def test_an_assignment_refused_in_a_locked_period_stays_if_the_station_made_it_too(
        tmp_path: Path) -> None:
    """A laptop puts someone on a patrol in a month the station has locked since; the
    station put the same person on it meanwhile. The laptop's change is refused, and the
    laptop keeps the station's assignment, not nothing."""
    station = build(tmp_path)
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00")
    laptop = checkout(station, tmp_path / "laptop.db")
    must("export", "payroll", "--period", "2026-11", "--final", "--out", str(tmp_path / "p.csv"),
         "--db", str(station))
    for db in (laptop, station):
        must("assign", ref, "WBC001", "--db", str(db))
    assert "1 changes refused" in sync(laptop, station)
    on_it = "SELECT a.status FROM assignments a JOIN shifts s ON s.id = a.shift_id WHERE s.ref = ?"
    assert sql(laptop, on_it, ref) == sql(station, on_it, ref) == [("planned",)]
    [found] = conflicts(laptop)
    assert found["kind"] == "locked_period"
    assert_same(station, laptop)
