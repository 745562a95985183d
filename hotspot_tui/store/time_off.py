"""Time off owed (replacement rest days, days in lieu, PCSO time off), kept with the duty
that earned it.

Costing rewrites an assignment's rows whenever it rewrites its pay lines. A row that was
taken is never removed: if the duty no longer earns it, it stays with `earned = 0`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from hotspot_tui.store.rows import dicts, one
from hotspot_tui.store.schema_history import SqlReader

if TYPE_CHECKING:
    from sqlite_utils import Database

OWED_COLUMNS = ("assignment_id", "kind", "for_date", "staff_id", "period_id", "basis", "due_by", "reason")
_UPSERT = (
    f"INSERT INTO time_off_owed ({', '.join(OWED_COLUMNS)}, earned) "
    f"VALUES ({', '.join('?' for _ in OWED_COLUMNS)}, 1) "
    "ON CONFLICT (assignment_id, kind, for_date) DO UPDATE SET staff_id = excluded.staff_id, "
    "period_id = excluded.period_id, basis = excluded.basis, due_by = excluded.due_by, "
    "reason = excluded.reason, earned = 1"
)


def replace_for(db: Database, assignment_ids: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """The time off these assignments earn now (rows as OWED_COLUMNS)."""
    db.conn.executemany("UPDATE time_off_owed SET earned = 0 WHERE assignment_id = ?",
                        [(i,) for i in assignment_ids])
    insert(db, rows)
    db.conn.executemany(
        "DELETE FROM time_off_owed WHERE assignment_id = ? AND earned = 0 AND taken_on IS NULL",
        [(i,) for i in assignment_ids],
    )


def insert(db: Database, rows: Sequence[Sequence[Any]]) -> None:
    if rows:
        db.conn.executemany(_UPSERT, rows)


def forget_all(db: Database) -> None:
    """Before costing everything again: untaken rows go, taken rows wait to be re-earned."""
    db.execute("DELETE FROM time_off_owed WHERE taken_on IS NULL")
    db.execute("UPDATE time_off_owed SET earned = 0 WHERE taken_on IS NOT NULL")


def drop_unearned(db: Database) -> None:
    db.execute("DELETE FROM time_off_owed WHERE earned = 0 AND taken_on IS NULL")


def for_person(db: Database, staff_id: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """A person's time off, newest first: what is owed, when, and whether it was taken."""
    return dicts(db, """
        SELECT t.*, s.local_date, ar.name AS area_name
        FROM time_off_owed t JOIN assignments a ON a.id = t.assignment_id
        JOIN shifts s ON s.id = a.shift_id JOIN areas ar ON ar.id = s.area_id
        WHERE t.staff_id = :staff AND (t.earned = 1 OR t.taken_on IS NOT NULL)
        ORDER BY t.for_date DESC, t.kind LIMIT :limit
    """, {"staff": staff_id, "limit": limit})


def get(db: Database, assignment_id: str, kind: str, for_date: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM time_off_owed WHERE assignment_id = :a AND kind = :k AND for_date = :d",
               {"a": assignment_id, "k": kind, "d": for_date})


def mark_taken(db: Database, assignment_id: str, kind: str, for_date: str, taken_on: str | None,
               actor: str | None) -> None:
    db.execute(
        "UPDATE time_off_owed SET taken_on = ?, taken_by = ? "
        "WHERE assignment_id = ? AND kind = ? AND for_date = ?",
        [taken_on, actor, assignment_id, kind, for_date],
    )


def overdue(db: SqlReader, today: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Worked duties' time off not taken by its due date, oldest first (in the index's
    order, so only the first `limit` are read)."""
    return dicts(db, """
        SELECT t.*, st.name, st.payroll_number
        FROM time_off_owed t INDEXED BY idx_time_off_open JOIN staff st ON st.id = t.staff_id
        WHERE t.taken_on IS NULL AND t.earned = 1 AND t.basis = 'worked' AND t.due_by < :today
        ORDER BY t.due_by, t.assignment_id LIMIT :limit
    """, {"today": today, "limit": limit})


def count_overdue(db: SqlReader, today: str, *, cap: int | None = None) -> int:
    """How many are overdue; with `cap`, counting stops there (the dashboard says "at
    least" rather than read a county's every rest day at start-up)."""
    limit = "" if cap is None else f" LIMIT {int(cap)}"
    return db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM time_off_owed INDEXED BY idx_time_off_open "
        f"WHERE taken_on IS NULL AND earned = 1 AND basis = 'worked' AND due_by < ?{limit})",
        [today],
    ).fetchone()[0]


EXPORT_FIELDS = ("payroll_number", "name", "kind", "time_off", "for_date", "due_by", "taken_on",
                 "taken_by", "area", "reason")


def count_for_period(db: Database, period_id: str) -> int:
    return db.execute(
        "SELECT count(*) FROM time_off_owed WHERE period_id = ? AND basis = 'worked' "
        "AND (earned = 1 OR taken_on IS NOT NULL)", [period_id]).fetchone()[0]


def iter_for_period(db: Database, period_id: str) -> Iterator[tuple[Any, ...]]:
    """Worked duties' time off in a pay period, as EXPORT_FIELDS, by person and date."""
    yield from db.execute("""
        SELECT st.payroll_number, st.name, st.kind, t.kind, t.for_date, t.due_by, t.taken_on,
               t.taken_by, ar.name, t.reason
        FROM time_off_owed t JOIN staff st ON st.id = t.staff_id
        JOIN assignments a ON a.id = t.assignment_id JOIN shifts s ON s.id = a.shift_id
        JOIN areas ar ON ar.id = s.area_id
        WHERE t.period_id = ? AND t.basis = 'worked' AND (t.earned = 1 OR t.taken_on IS NOT NULL)
        ORDER BY st.payroll_number, t.for_date, t.kind
    """, [period_id])
