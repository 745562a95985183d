"""Migration 0027 on a file made before pay lines named their employer: every line, locked
or not, is charged to the employer costing charges it to (the one in force on the force
date of the duty's start, not the patrol's date); a locked line to the employer it was
sent to, so that a change to a duty the old version billed to the wrong council takes it
back from that council and bills the right one."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path

import pytest

from hotspot_tui.services.payroll import export_payroll
from hotspot_tui.services.session import open_session
from hotspot_tui.store import schema_history, sync_tables
from hotspot_tui.store.database import upgrade_file
from hotspot_tui.store.schema_line_employers import MIGRATION_NAME
from tests.payroll.employers import (
    ACTOR,
    FORCE,
    STEVENAGE,
    WATFORD,
    moves,
    new_operation,
    payroll_lines,
    pence,
    person,
    statement,
)
from tests.payroll.helpers import approve_everything
from tests.payroll.world import cost, rebook, work

CHARGED = "SELECT assignment_id, period_id, line_no, employer_id FROM {} ORDER BY 1, 2, 3"


def _before_0027(conn: sqlite3.Connection) -> None:
    """The file as the version before 0027 left it: its lines without an employer."""
    conn.execute("DROP TRIGGER IF EXISTS sync_catch_locked_pay_lines_insert")
    conn.execute("DROP TRIGGER IF EXISTS sync_catch_locked_pay_lines_update")
    conn.execute("DROP TRIGGER IF EXISTS sync_catch_locked_pay_lines_delete")
    for table in ("pay_lines", "locked_pay_lines", "sync_base_locked_pay_lines"):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN employer_id")
    for statement_ in sync_tables.capture_statements(conn):
        conn.execute(statement_)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [MIGRATION_NAME])
    conn.execute(f"PRAGMA user_version = {schema_history.latest_version() - 1}")


def _billed_by_the_old_version(conn: sqlite3.Connection, period: str, number: str, employer: str) -> None:
    """The old version billed a person's locked month to their employer of the day."""
    guard = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'recharge_statement_rows_no_update'"
                         ).fetchone()[0]
    conn.execute("DROP TRIGGER recharge_statement_rows_no_update")
    conn.execute("UPDATE recharge_statement_rows SET employer = :e,"
                 " employer_id = (SELECT id FROM employers WHERE name = :e)"
                 " WHERE period_id = :p AND payroll_number = :n",
                 {"e": employer, "p": period, "n": number})
    conn.execute(guard)


@pytest.mark.usefixtures("pinned_clock")
def test_the_upgrade_charges_every_line_as_costing_does_and_locked_lines_as_sent(tmp_path: Path) -> None:
    db = new_operation(tmp_path)
    session = open_session(db, ACTOR)
    try:
        ann, sam, kim = (person(session, n) for n in ("WBC001", "SBC001", "700002"))
        may = work(session, sam, date(2026, 5, 12), time(10), time(14), kind="ceo")
        moves(session, sam, on=date(2026, 7, 1), employer=WATFORD)  # his employer of the day from now
        work(session, ann, date(2026, 6, 9), time(10), time(14), kind="ceo")
        early = work(session, ann, date(2026, 6, 15), time(3), time(6), kind="ceo")
        moves(session, ann, on=date(2026, 6, 15), employer=STEVENAGE)
        work(session, ann, date(2026, 6, 16), time(10), time(14), kind="ceo")
        work(session, kim, date(2026, 6, 9), time(10), time(14), kind="pcso")
        moves(session, kim, on=date(2026, 6, 15), employer=WATFORD, kind="CEO")
        work(session, kim, date(2026, 6, 16), time(10), time(14), kind="ceo")
        approve_everything(session)
        export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
        charged = {table: session.db.execute(CHARGED.format(table)).fetchall()
                   for table in ("pay_lines", "locked_pay_lines")}
        june = {who: statement(session, "2026-06", who, tmp_path / f"{who}.csv")
                for who in (WATFORD, STEVENAGE)}
        june_payroll = payroll_lines(session, "2026-06", tmp_path / "june.csv")
        watford_now = session.db.execute("SELECT id FROM employers WHERE name = ?", [WATFORD]).fetchone()[0]
    finally:
        session.close()
    assert (early, "2026-06", 0, watford_now) in charged["pay_lines"], "the force day before the move"
    assert june[STEVENAGE] and june[WATFORD] and june_payroll

    conn = sqlite3.connect(db)
    with conn:
        _before_0027(conn)
        _billed_by_the_old_version(conn, "2026-05", "SBC001", WATFORD)
    conn.close()

    applied, _ = upgrade_file(db)
    assert applied == [MIGRATION_NAME]
    session = open_session(db, ACTOR)
    try:
        stevenage, watford = (session.db.execute("SELECT id FROM employers WHERE name = ?", [n]).fetchone()[0]
                              for n in (STEVENAGE, WATFORD))
        sent = [(a, p, n, watford if a == may else e) for a, p, n, e in charged["locked_pay_lines"]]
        assert charged["locked_pay_lines"]
        assert all(e == stevenage for _, _, _, e in charged["locked_pay_lines"]), "costed in force"
        assert session.db.execute(CHARGED.format("locked_pay_lines")).fetchall() == sent, \
            "a locked line is charged to the employer it was sent to"
        assert session.db.execute(CHARGED.format("pay_lines")).fetchall() == [
            (a, p, n, watford if a == may else e) for a, p, n, e in charged["pay_lines"]], \
            "every other line to the employer costing charges it to"
        for who in (WATFORD, STEVENAGE):
            assert statement(session, "2026-06", who, tmp_path / f"{who}-after.csv") == june[who]
        assert payroll_lines(session, "2026-06", tmp_path / "june-after.csv") == june_payroll

        rebook(session, may, longer_by=60)  # a correction reaches May's duty
        credited = statement(session, "2026-06", WATFORD, tmp_path / "watford-adjusted.csv")
        billed = statement(session, "2026-06", STEVENAGE, tmp_path / "stevenage-adjusted.csv")
        assert [(r["Adjustment for"], pence([r])) for r in credited if r["Adjustment for"]] == [
            ("2026-05", -4 * 2080)], "what the old version billed to Watford is taken back"
        assert [(r["Adjustment for"], pence([r])) for r in billed if r["Adjustment for"]] == [
            ("2026-05", 5 * 2080)], "Stevenage, the employer in force, is billed the corrected duty"
        assert cost(session, may) == 5 * 2080
        assert FORCE not in {r["Employer"] for r in credited + billed}
    finally:
        session.close()
