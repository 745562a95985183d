"""Assignments of people to patrols, and the duty history the rule checks need."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hotspot_tui.store.rows import insert, one, update

ACTIVE = "('planned', 'worked')"


def get_assignment(db: Database, assignment_id: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM assignments WHERE id = :id", {"id": assignment_id})


def find_assignment(db: Database, shift_id: str, staff_id: str) -> dict[str, Any] | None:
    return one(
        db,
        "SELECT * FROM assignments WHERE shift_id = :shift AND staff_id = :staff",
        {"shift": shift_id, "staff": staff_id},
    )


def insert_assignment(db: Database, row: dict[str, Any]) -> None:
    insert(db, "assignments", row)


def update_assignment(db: Database, assignment_id: str, changes: dict[str, Any]) -> int:
    return update(db, "assignments", "id", assignment_id, changes)


def duties_between(
    db: Database, staff_id: str, from_utc: str, to_utc: str, exclude_id: str | None = None
) -> list[dict[str, Any]]:
    """A person's live duties overlapping [from, to): actual times where worked."""
    return list(db.query(
        f"""
        SELECT id, shift_id, status,
               coalesce(actual_start_utc, start_utc) AS start_utc,
               coalesce(actual_end_utc, end_utc) AS end_utc
        FROM assignments
        WHERE staff_id = :staff AND status IN {ACTIVE}
          AND start_utc > strftime('%Y-%m-%dT%H:%M:%SZ', :from_utc, '-1 day')
          AND start_utc < :to_utc
          AND coalesce(actual_end_utc, end_utc) > :from_utc
          AND id IS NOT :exclude
        ORDER BY start_utc
        """,
        {"staff": staff_id, "from_utc": from_utc, "to_utc": to_utc, "exclude": exclude_id},
    ))


def extra_minutes_between(db: Database, staff_id: str, from_utc: str, to_utc: str) -> int:
    """Extra-duty minutes (worked, or planned length) starting in [from, to)."""
    row = db.execute(
        f"""
        SELECT coalesce(sum(coalesce(worked_minutes,
               (julianday(end_utc) - julianday(start_utc)) * 1440)), 0)
        FROM assignments
        WHERE staff_id = ? AND status IN {ACTIVE} AND start_utc >= ? AND start_utc < ?
        """,
        [staff_id, from_utc, to_utc],
    ).fetchone()
    return round(row[0])


def move_assignment(db: Database, assignment_id: str, changes: dict[str, Any]) -> None:
    """Update times or status where a double-booking trigger may refuse, as a plain error."""
    import sqlite3

    from hotspot_tui.store.errors import explain_sqlite_error

    try:
        update(db, "assignments", "id", assignment_id, changes)
    except sqlite3.IntegrityError as exc:
        if "double booking" in str(exc):
            from hotspot_tui.errors import RuleViolation

            raise RuleViolation(
                "someone on this patrol is already on another patrol at the new time"
            ) from exc
        raise explain_sqlite_error(exc, None) from exc
