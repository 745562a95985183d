"""A pay period locked at the station stays as it was sent on every copy: a correction made
on a laptop after the lock reached it, or a rate change made there before it did, is paid
as the same adjustment lines on both copies, and the locked lines and statement never move."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fresh_operation import COUNCIL, build
from sync_helpers import add_patrol, assert_same, checkout, must, sql, sync

from hotspot_tui.domain import clock_utc

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
NOVEMBER = "SELECT assignment_id, line_no, code, minutes, rate, amount_pence FROM pay_lines " \
           "WHERE period_id = '2026-11' ORDER BY assignment_id, line_no"
ADJUSTMENTS = "SELECT st.payroll_number, l.period_id, l.corrects_period, l.minutes, l.amount_pence " \
              "FROM pay_lines l JOIN staff st ON st.id = l.staff_id " \
              "WHERE l.corrects_period IS NOT NULL ORDER BY 1, l.line_no"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def _statement(db: Path, period: str, out: Path) -> list[list[str]]:
    must("export", "recharge", "--period", period, "--employer", COUNCIL, "--out", str(out), "--db", str(db))
    with out.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _locked_november(tmp_path: Path) -> tuple[Path, str]:
    """A station with a patrol of two council officers worked and sent for November."""
    station = build(tmp_path)
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00", need="ceo=2")
    must("assign", ref, "WBC001", "WBC002", "--db", str(station))
    must("book", ref, "--as-planned", "--db", str(station))
    must("approve", ref, "--db", str(station), actor="Insp Jones")
    return station, ref


def test_a_correction_made_on_a_laptop_that_knows_the_lock_is_the_same_adjustment_on_both(
        tmp_path: Path) -> None:
    station, ref = _locked_november(tmp_path)
    laptop = checkout(station, tmp_path / "laptop.db")
    must("export", "payroll", "--period", "2026-11", "--final", "--out", str(tmp_path / "p.csv"),
         "--db", str(station))
    sent = _statement(station, "2026-11", tmp_path / "nov.csv")
    november = sql(station, NOVEMBER)
    sync(laptop, station)
    assert sql(laptop, NOVEMBER) == november

    must("book", ref, "WBC002", "--on", "2026-11-20 18:00", "--off", "2026-11-21 03:00",
         "--reason", "stayed on", "--db", str(laptop))
    assert sql(laptop, ADJUSTMENTS) == [("WBC002", "2026-12", "2026-11", 60, 3600)]
    assert "conflicts" not in sync(laptop, station)
    assert_same(station, laptop)
    for db in (station, laptop):
        assert sql(db, NOVEMBER) == november
        assert sql(db, ADJUSTMENTS) == [("WBC002", "2026-12", "2026-11", 60, 3600)]
    assert _statement(station, "2026-11", tmp_path / "nov-again.csv") == sent
    december = _statement(station, "2026-12", tmp_path / "dec.csv")
    [line] = [r for r in december[1:] if r and r[-1] == "2026-11"]
    assert line[0] == "WBC002" and line[-2] == "36.00"


def test_rates_changed_on_a_laptop_before_the_lock_reached_it_are_adjusted_against_what_was_sent(
        tmp_path: Path) -> None:
    station, _ = _locked_november(tmp_path)
    laptop = checkout(station, tmp_path / "laptop.db")
    must("employer", "set-rates", COUNCIL, "--weekday", "40", "--weekend", "46", "--holiday", "55",
         "--from", "2026-11-01", "--reason", "council's new rates", "--db", str(laptop))
    must("export", "payroll", "--period", "2026-11", "--final", "--out", str(tmp_path / "p.csv"),
         "--db", str(station))
    sent = _statement(station, "2026-11", tmp_path / "nov.csv")
    november = sql(station, NOVEMBER)
    assert november != sql(laptop, NOVEMBER), "the laptop costed November at its new rates"

    sync(laptop, station)
    assert_same(station, laptop)
    for db in (station, laptop):
        assert sql(db, NOVEMBER) == november, "November as it was sent"
        # each: Friday's 6 h and Saturday's 2 h at the rates billed taken back, then at the new
        assert sql(db, ADJUSTMENTS) == [
            ("WBC001", "2026-12", "2026-11", -360, -18000), ("WBC001", "2026-12", "2026-11", -120, -7200),
            ("WBC001", "2026-12", "2026-11", 360, 24000), ("WBC001", "2026-12", "2026-11", 120, 9200),
            ("WBC002", "2026-12", "2026-11", -360, -18000), ("WBC002", "2026-12", "2026-11", -120, -7200),
            ("WBC002", "2026-12", "2026-11", 360, 24000), ("WBC002", "2026-12", "2026-11", 120, 9200),
        ]
    assert _statement(station, "2026-11", tmp_path / "nov-again.csv") == sent
    december = _statement(station, "2026-12", tmp_path / "dec.csv")
    billed = [r for r in december[1:] if r and r[-1] == "2026-11"]
    assert sum(round(float(r[-2]) * 100) for r in billed) == 2 * (6 * 1000 + 2 * 1000)
