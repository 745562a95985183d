"""Assignments of people to patrols."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
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
    with _double_booking_refused("double booking: this person is already on a patrol at that time"):
        insert(db, "assignments", row)


def update_assignment(db: Database, assignment_id: str, changes: dict[str, Any]) -> int:
    with _double_booking_refused("double booking: this person is already on a patrol at that time"):
        return update(db, "assignments", "id", assignment_id, changes)


@contextlib.contextmanager
def _double_booking_refused(message: str) -> Iterator[None]:
    """The schema's double-booking triggers compare planned times: their refusal is the
    same plain refusal the checks give, never a raw database error."""
    import sqlite3

    try:
        yield
    except sqlite3.IntegrityError as exc:
        if "double booking" in str(exc):
            from hotspot_tui.errors import RuleViolation

            raise RuleViolation(message) from exc
        raise


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
