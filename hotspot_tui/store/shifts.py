"""Patrols (shifts) and who is on them."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hotspot_tui.store.rows import insert, one, update

SHIFT_COLUMNS = (
    "s.id, s.area_id, a.name AS area_name, a.district, s.start_utc, s.end_utc, s.local_date, "
    "s.need_officer, s.need_pcso, s.need_ceo, s.status, s.pattern_id, s.notes, s.cancel_reason"
)


def get_shift(db: Database, shift_id: str) -> dict[str, Any] | None:
    return one(
        db,
        f"SELECT {SHIFT_COLUMNS} FROM shifts s JOIN areas a ON a.id = s.area_id WHERE s.id = :id",
        {"id": shift_id},
    )


def insert_shift(db: Database, row: dict[str, Any]) -> None:
    insert(db, "shifts", row)


def update_shift(db: Database, shift_id: str, changes: dict[str, Any]) -> int:
    return update(db, "shifts", "id", shift_id, changes)


def shift_people(db: Database, shift_id: str) -> list[dict[str, Any]]:
    """Everyone ever put on the patrol, active first, with what a screen shows of them."""
    return list(db.query(
        """
        SELECT x.id, x.staff_id, x.status, x.start_utc, x.end_utc, x.actual_start_utc,
               x.actual_end_utc, x.told_on, x.rest_day, x.casual, x.reason, x.override_reason,
               x.worked_minutes, x.cost_pence, p.name, p.kind, p.rank, p.collar_number,
               p.payroll_number
        FROM assignments x JOIN staff p ON p.id = x.staff_id
        WHERE x.shift_id = :id
        ORDER BY x.status NOT IN ('planned', 'worked'), p.kind, p.name
        """,
        {"id": shift_id},
    ))


def cover_counts(db: Database, shift_id: str) -> dict[str, int]:
    return {
        row["kind"]: row["n"]
        for row in db.query(
            """
            SELECT p.kind, count(*) AS n FROM assignments x JOIN staff p ON p.id = x.staff_id
            WHERE x.shift_id = :id AND x.status IN ('planned', 'worked') GROUP BY p.kind
            """,
            {"id": shift_id},
        )
    }
