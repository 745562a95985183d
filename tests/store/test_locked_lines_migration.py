"""Migration 0022 on a file whose May was locked before it: May's worked lines become its
locked lines as they stand, every line keeps its row, and a later correction to a May duty
is then paid as an adjustment in June, May staying as it was."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path

import pytest

from hotspot_tui.services.payroll import export_payroll
from hotspot_tui.services.session import open_session
from hotspot_tui.store import schema_history
from hotspot_tui.store.database import upgrade_file
from hotspot_tui.store.schema_locked_lines import MIGRATION_NAME
from tests.payroll.helpers import approve_everything
from tests.payroll.world import idle_person, rebook, work

LINES = "SELECT id, assignment_id, line_no, period_id, basis, code, minutes, rate, amount_pence, reason" \
        " FROM pay_lines ORDER BY id"

_BEFORE_0022 = [
    "DROP TABLE locked_pay_lines",
    "DROP TABLE IF EXISTS sync_base_locked_pay_lines",
    "DROP INDEX idx_payroll_export_rows_duty",
    """
    CREATE TABLE pay_lines_0021 (
        id INTEGER PRIMARY KEY,
        assignment_id TEXT NOT NULL REFERENCES assignments(id),
        line_no INTEGER NOT NULL CHECK (line_no >= 0),
        staff_id TEXT NOT NULL,
        period_id TEXT NOT NULL REFERENCES pay_periods(id),
        cost_code TEXT NOT NULL,
        duty_date TEXT NOT NULL,
        basis TEXT NOT NULL CHECK (basis IN ('worked', 'estimate')),
        code TEXT NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes >= 0),
        rate TEXT NOT NULL,
        multiplier TEXT NOT NULL,
        amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
        reason TEXT NOT NULL,
        UNIQUE (assignment_id, line_no)
    )
    """,
    "INSERT INTO pay_lines_0021 SELECT id, assignment_id, line_no, staff_id, period_id, cost_code,"
    " duty_date, basis, code, minutes, rate, multiplier, amount_pence, reason FROM pay_lines",
    "DROP TABLE pay_lines",
    "ALTER TABLE pay_lines_0021 RENAME TO pay_lines",
    "CREATE INDEX idx_pay_lines_period ON pay_lines"
    " (period_id, basis, staff_id, code, cost_code, amount_pence)",
    f"DELETE FROM _sqlite_migrations WHERE name = '{MIGRATION_NAME}'",
    f"PRAGMA user_version = {schema_history.latest_version() - 1}",
]
"""The file as the version before 0022 left it (its tables and their rows as they were)."""


@pytest.mark.usefixtures("pinned_clock")
def test_a_period_locked_before_the_upgrade_keeps_its_lines_and_takes_adjustments_after_it(
        demo_db: Path, tmp_path: Path) -> None:
    session = open_session(demo_db, "PS Tester")
    try:
        pc = idle_person(session, "officer", not_between=("2026-05-01", "2026-05-31"), employer_kind="force")
        duty = work(session, pc, date(2026, 5, 13), time(18), time(22), kind="officer")
        approve_everything(session)
        export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    finally:
        session.close()
    conn = sqlite3.connect(demo_db)
    with conn:
        for statement in _BEFORE_0022:
            conn.execute(statement)
        before = conn.execute(LINES).fetchall()
    conn.close()

    applied, _ = upgrade_file(demo_db)
    assert applied == [MIGRATION_NAME]
    session = open_session(demo_db, "PS Tester")
    try:
        db = session.db
        assert db.execute(LINES).fetchall() == before, "every line keeps its row and figures"
        locked = "SELECT assignment_id, line_no, code, minutes, amount_pence FROM {} " \
                 "WHERE period_id = '2026-05' AND basis = 'worked' ORDER BY 1, 2"
        may = db.execute(locked.format("pay_lines")).fetchall()
        assert may and db.execute(locked.format("locked_pay_lines")).fetchall() == may
        assert db.execute("SELECT count(*) FROM locked_pay_lines WHERE period_id <> '2026-05'"
                          ).fetchone()[0] == 0, "only the locked period's lines"

        rebook(session, duty, longer_by=30)
        assert db.execute(locked.format("pay_lines")).fetchall() == may
        [(period, corrects, minutes)] = db.execute(
            "SELECT period_id, corrects_period, minutes FROM pay_lines"
            " WHERE assignment_id = ? AND corrects_period IS NOT NULL", [duty]).fetchall()
        assert (period, corrects, minutes) == ("2026-06", "2026-05", 30)
        again = export_payroll(session, "2026-05", out=tmp_path / "may-again.csv")
        assert again.relocked and again.path.read_bytes() == (tmp_path / "may.csv").read_bytes()
    finally:
        session.close()
