"""A move between councils recorded on a laptop reaches the station: both copies charge
each line to the same employer, and a move dated back into a month the station had sent
credits the old council and bills the new one, the same on both."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fresh_operation import ACTOR, COUNCIL, build
from sync_helpers import add_patrol, assert_same, checkout, must, sql, sync

from hotspot_tui.domain import clock_utc
from hotspot_tui.services.session import open_session
from hotspot_tui.services.staff import (
    edit_person,
    form_choices,
    get_person,
    input_from_person,
    people_by_payroll_number,
)

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
OTHER = "Three Rivers District Council"
CHARGED = "SELECT st.payroll_number, l.period_id, l.corrects_period, e.name, l.amount_pence " \
          "FROM pay_lines l JOIN staff st ON st.id = l.staff_id JOIN employers e ON e.id = l.employer_id " \
          "WHERE st.payroll_number = 'WBC002' ORDER BY l.period_id, l.line_no"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def _statement(db: Path, period: str, employer: str, out: Path) -> list[list[str]]:
    must("export", "recharge", "--period", period, "--employer", employer, "--out", str(out), "--db", str(db))
    with out.open(newline="", encoding="utf-8") as fh:
        return [row for row in csv.reader(fh) if row and row[0] == "WBC002"]


def _moves_on(db: Path, on: date) -> None:
    """The staff form on that copy: WBC002 works for the other council from `on`."""
    session = open_session(db, ACTOR)
    try:
        [(staff_id, _)] = people_by_payroll_number(session, ["WBC002"])
        other = next(e.id for e in form_choices(session).employers if e.name == OTHER)
        raw = replace(input_from_person(get_person(session, staff_id)), employer_id=other)
        assert edit_person(session, staff_id, raw, "moved to Three Rivers", pay_from=on)
    finally:
        session.close()


def test_a_move_dated_back_on_a_laptop_is_credited_and_billed_alike_on_both_copies(tmp_path: Path) -> None:
    station = build(tmp_path)
    must("employer", "add", OTHER, "--weekday", "40", "--weekend", "46", "--holiday", "55",
         "--db", str(station))
    ref = add_patrol(station, "2026-11-20 10:00", "2026-11-20 14:00", need="ceo=2")
    must("assign", ref, "WBC001", "WBC002", "--db", str(station))
    must("book", ref, "--as-planned", "--db", str(station))
    must("approve", ref, "--db", str(station), actor="Insp Jones")
    must("export", "payroll", "--period", "2026-11", "--final", "--out", str(tmp_path / "p.csv"),
         "--db", str(station))
    sent = _statement(station, "2026-11", COUNCIL, tmp_path / "nov.csv")
    assert [r[-2] for r in sent] == ["120.00"]
    laptop = checkout(station, tmp_path / "laptop.db")

    _moves_on(laptop, date(2026, 11, 1))
    moved = [("WBC002", "2026-11", None, COUNCIL, 12000),
             ("WBC002", "2026-12", "2026-11", COUNCIL, -12000),
             ("WBC002", "2026-12", "2026-11", OTHER, 16000)]
    assert sql(laptop, CHARGED) == moved
    assert "conflicts" not in sync(laptop, station)
    assert_same(station, laptop)
    assert sql(station, CHARGED) == moved
    assert _statement(station, "2026-11", COUNCIL, tmp_path / "nov-again.csv") == sent
    assert [r[-2:] for r in _statement(station, "2026-12", COUNCIL, tmp_path / "dec.csv")] == [
        ["-120.00", "2026-11"]]
    assert [r[-2:] for r in _statement(station, "2026-12", OTHER, tmp_path / "dec-other.csv")] == [
        ["160.00", "2026-11"]]
