"""Copies of one operation built and synced through the public commands, and the checks
that every copy holds the same facts with its derived figures right."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from fresh_operation import ACTOR

from hotspot_tui.cli import cli
from hotspot_tui.services.session import open_session
from hotspot_tui.store import summaries
from hotspot_tui.store.sync_tables import SYNCED_NAMES


@contextlib.contextmanager
def reading(db: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection, closed on leaving: one left for the garbage collector (Python's
    statement cache keeps it alive) would still hold the file when apsw's SQLite, a second
    library in this process, takes it for a sync."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def cmd(*args: str, actor: str = ACTOR) -> Result:
    return CliRunner().invoke(cli, ["--as", actor, *args])


def must(*args: str, actor: str = ACTOR) -> str:
    result = cmd(*args, actor=actor)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def checkout(hub: Path, out: Path) -> Path:
    must("sync", "checkout", "--from", str(hub), "--out", str(out))
    return out


def sync(copy: Path, hub: Path) -> str:
    return must("sync", "--db", str(copy), "--with", str(hub))


def add_patrol(db: Path, start: str, end: str, need: str = "ceo=2", area: str = "Watford") -> str:
    out = must("patrol", "add", "--area", area, "--start", start, "--end", end, "--need", need,
               "--db", str(db))
    return out.split("added patrol ")[1].split(":")[0]


def facts(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every synced table's rows, in key order."""
    with reading(db) as conn:
        out = {}
        for table in SYNCED_NAMES:
            out[table] = conn.execute(f"SELECT * FROM [{table}] ORDER BY 1, 2").fetchall()
        return out


def pay_lines(db: Path) -> list[tuple[Any, ...]]:
    with reading(db) as conn:
        return conn.execute(
            "SELECT assignment_id, line_no, staff_id, period_id, code, minutes, amount_pence, employer_id "
            "FROM pay_lines ORDER BY assignment_id, period_id, line_no").fetchall()


def assert_derived_right(db: Path) -> None:
    """Summaries equal a fresh GROUP BY; cover equals a fresh count."""
    session = open_session(db, "checker")
    try:
        with session.reading() as d:
            assert summaries.stored_totals(d) == summaries.fresh_totals(d)
            assert summaries.stored_cover(d) == summaries.fresh_cover(d)
            assert summaries.stored_weeks(d) == summaries.fresh_weeks(d)
            assert summaries.stored_arrests(d) == summaries.fresh_arrests(d)
            assert summaries.stored_report_totals(d) == summaries.fresh_report_totals(d)
            assert summaries.stored_outcome_totals(d) == summaries.fresh_outcome_totals(d)
            assert summaries.stored_worked_totals(d) == summaries.fresh_worked_totals(d)
            for table in ("area_status_totals", "day_status_totals"):
                assert summaries.stored_money(d, table) == summaries.fresh_money(d, table)
    finally:
        session.close()


def assert_same(*copies: Path) -> None:
    first = facts(copies[0])
    for other in copies[1:]:
        theirs = facts(other)
        for table in SYNCED_NAMES:
            assert first[table] == theirs[table], table
        assert pay_lines(copies[0]) == pay_lines(other)
    for db in copies:
        assert_derived_right(db)


def sql(db: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with reading(db) as conn:
        return conn.execute(query, params).fetchall()


LOCAL_ACTIONS = ("sync.merge", "sync.receive", "sync.reply", "audit.key")


def audit_entries(db: Path) -> list[tuple[Any, ...]]:
    """The entries a person made (each copy's own record of its syncs aside), in time order."""
    marks = ", ".join("?" for _ in LOCAL_ACTIONS)
    rows = sql(db, "SELECT at_utc, actor, action, entity, entity_id, reason, details "
                   f"FROM audit_log WHERE action NOT IN ({marks})", *LOCAL_ACTIONS)
    return sorted(rows, key=lambda row: tuple((v is not None, v or "") for v in row))


def assert_audit_holds(*copies: Path) -> None:
    for db in copies:
        out = must("audit", "verify", "--db", str(db))
        assert "the chain is intact" in out, out
    first = audit_entries(copies[0])
    for other in copies[1:]:
        assert audit_entries(other) == first
