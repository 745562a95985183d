"""Conflicts are decided, never dropped: each is listed with both versions on both copies
after the next sync, a supervisor chooses, and the choice is audited and travels."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fresh_operation import build
from sync_helpers import add_patrol, assert_same, checkout, cmd, must, sql, sync

from hotspot_tui.domain import clock_utc
from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.services.session import open_session
from hotspot_tui.services.shifts import cancel_shift, find_patrol

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


@pytest.fixture
def station(tmp_path: Path) -> Path:
    return build(tmp_path)


def dashboard_alerts(db: Path) -> list[str]:
    session = open_session(db, "reader")
    try:
        return [a.text for a in dashboard(session).alerts]
    finally:
        session.close()


def conflicts(db: Path, *more: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(must("sync", "conflicts", "--json", "--db", str(db), *more))


def test_the_same_row_changed_on_both_copies_is_listed_with_both_versions(
        station: Path, tmp_path: Path) -> None:
    ref = add_patrol(station, "2026-12-11 18:00", "2026-12-12 02:00")
    must("outcome", ref, "--dispersals", "1", "--confirm", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    must("outcome", ref, "--dispersals", "2", "--confirm", "--db", str(station))
    must("outcome", ref, "--dispersals", "3", "--confirm", "--db", str(laptop))
    out = sync(laptop, station)
    assert "1 conflicts found" in out
    for copy in (station, laptop):
        [found] = conflicts(copy)
        assert found["kind"] == "same_row" and found["table_name"] == "outcomes"
        assert (found["here_version"]["dispersals"], found["there_version"]["dispersals"]) == (2, 3)
        assert found["kept"] == "here"
    assert sql(laptop, "SELECT dispersals FROM outcomes") == [(2,)]  # the hub's, for now
    for copy in (station, laptop):
        assert any("1 sync conflict to resolve" in a for a in dashboard_alerts(copy))
    listing = must("sync", "conflicts", "--db", str(laptop))
    assert "dispersals: here (hub) 2  |  there (copy) 3" in listing
    assert "conflicts to resolve: 1" in must("sync", "status", "--db", str(station))
    conflict_id = conflicts(station)[0]["id"]
    must("sync", "resolve", conflict_id[:8], "--keep", "there", "--reason", "laptop counted",
         "--db", str(laptop))
    assert sql(laptop, "SELECT dispersals FROM outcomes") == [(3,)]
    assert sql(laptop, "SELECT actor, reason FROM audit_log WHERE action = 'sync.resolve'") == [
        ("PS 1234 Patel", "laptop counted")]
    sync(laptop, station)
    assert conflicts(station) == [] and conflicts(laptop) == []
    assert not any("sync conflict" in a for a in dashboard_alerts(station))
    assert sql(station, "SELECT dispersals FROM outcomes") == [(3,)]
    assert_same(station, laptop)
    again = cmd("sync", "resolve", conflict_id, "--keep", "here", "--db", str(station))
    assert again.exit_code == 2 and "was resolved by PS 1234 Patel" in again.stderr


def test_one_person_on_overlapping_patrols_from_two_copies_is_kept_both_and_listed(
        station: Path, tmp_path: Path) -> None:
    first = add_patrol(station, "2026-12-11 18:00", "2026-12-12 02:00")
    second = add_patrol(station, "2026-12-11 20:00", "2026-12-12 04:00", area="St Albans")
    laptop = checkout(station, tmp_path / "laptop.db")
    must("assign", first, "WBC001", "--db", str(station))
    must("assign", second, "WBC001", "--db", str(laptop))
    assert "1 conflicts found" in sync(laptop, station)
    assert_same(station, laptop)
    live = "SELECT count(*) FROM assignments WHERE status = 'planned'"
    assert sql(station, live) == [(2,)]
    [found] = conflicts(laptop)
    assert found["kind"] == "overlap" and "Ann Able is on two overlapping patrols" in found["message"]
    listing = must("sync", "conflicts", "--db", str(laptop))  # times as the supervisor reads them
    assert "here: Fri 11 Dec 2026 18:00 to Sat 12 Dec 2026 02:00 (planned)" in listing
    assert "there: Fri 11 Dec 2026 20:00 to Sat 12 Dec 2026 04:00 (planned)" in listing
    assert re.search(r"T\d\d:\d\d:\d\dZ", listing) is None  # no stored UTC instant shown
    assert found["here_version"]["id"] not in listing
    keep_here = cmd("sync", "resolve", found["id"], "--keep", "both", "--db", str(station))
    assert keep_here.exit_code == 2 and "needs a reason" in keep_here.stderr
    must("sync", "resolve", found["id"], "--keep", "here", "--db", str(station))
    sync(laptop, station)
    assert sql(laptop, live) == [(1,)]
    assert sql(laptop, "SELECT s.ref FROM assignments a JOIN shifts s ON s.id = a.shift_id "
                       "WHERE a.status = 'planned'") == [(first,)]
    assert_same(station, laptop)


def test_a_booking_on_a_patrol_cancelled_on_the_other_copy_is_kept_until_chosen(
        station: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = add_patrol(station, "2026-12-11 18:00", "2026-12-12 02:00")
    must("assign", ref, "WBC001", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    monkeypatch.setattr(clock_utc, "utc_now", lambda: datetime(2026, 12, 12, 3, 0, tzinfo=UTC))
    session = open_session(station, "Insp Jones")
    try:
        cancel_shift(session, find_patrol(session, ref), "no officers")
    finally:
        session.close()
    must("book", ref, "--as-planned", "--db", str(laptop))
    assert "1 conflicts found" in sync(laptop, station)
    assert_same(station, laptop)
    [found] = conflicts(station)
    assert found["kind"] == "cancelled_booked" and found["kept"] == "there"
    assert sql(station, "SELECT status FROM assignments") == [("worked",)]  # no booking lost
    must("sync", "resolve", found["id"], "--keep", "there", "--db", str(station))
    assert sql(station, "SELECT status FROM shifts") == [("planned",)]
    sync(laptop, station)
    assert_same(station, laptop)
    assert sql(laptop, "SELECT status FROM shifts") == [("planned",)]


def test_a_booking_reaching_into_a_period_locked_at_the_station_is_refused_and_sent_back(
        station: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00", need="ceo=2")
    must("assign", ref, "WBC001", "WBC002", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    must("book", ref, "WBC001", "--on", "2026-11-20 18:00", "--off", "2026-11-21 02:00",
         "--db", str(station))
    must("approve", ref, "--db", str(station), actor="Insp Jones")
    must("export", "payroll", "--period", "2026-11", "--final", "--out",
         str(tmp_path / "p.csv"), "--db", str(station))
    assert sql(station, "SELECT status FROM pay_periods WHERE id = '2026-11'") == [("locked",)]
    must("book", ref, "WBC002", "--on", "2026-11-20 18:00", "--off", "2026-11-21 03:00",
         "--reason", "late", "--db", str(laptop))
    out = sync(laptop, station)
    assert "conflicts found (1 changes refused)" in out
    bob = "SELECT a.status FROM assignments a JOIN staff s ON s.id = a.staff_id " \
          "WHERE s.payroll_number = 'WBC002'"
    assert sql(station, bob) == [("planned",)] and sql(laptop, bob) == [("planned",)]
    [found] = conflicts(laptop)
    assert found["kind"] == "locked_period" and "2026-11" in found["message"]
    assert found["there_version"]["status"] == "worked"
    assert_same(station, laptop)
