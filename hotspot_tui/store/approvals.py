"""Bookings and their approval for payment."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hotspot_tui.store.payroll import patrol_ref_sql
from hotspot_tui.store.rows import one


def find_patrol(db: Database, ref: str) -> dict[str, Any] | None:
    """The patrol with this reference (in its stored form: `domain.refs.normalise_ref`)."""
    return one(db, f"SELECT s.id, s.local_date, {patrol_ref_sql('s')} AS ref, a.name AS area"
                   f" FROM shifts s JOIN areas a ON a.id = s.area_id"
                   f" WHERE {patrol_ref_sql('s')} = :ref", {"ref": ref})


def patrol_ref(db: Database, shift_id: str) -> str | None:
    row = db.execute(f"SELECT {patrol_ref_sql('s')} FROM shifts s WHERE s.id = ?", [shift_id]).fetchone()
    return row[0] if row else None


def bookings_of(db: Database, shift_id: str) -> list[dict[str, Any]]:
    """Everyone live on the patrol: status, who booked and who approved."""
    return list(db.query(
        """
        SELECT a.id, a.staff_id, a.status, a.booked_by, a.approved_by, a.approved_at,
               st.name, st.payroll_number
        FROM assignments a JOIN staff st ON st.id = a.staff_id
        WHERE a.shift_id = :shift AND a.status IN ('planned', 'worked')
        ORDER BY st.name
        """,
        {"shift": shift_id},
    ))


def approve(db: Database, assignment_id: str, *, actor: str, at_utc: str) -> None:
    db.execute("UPDATE assignments SET approved_by = ?, approved_at = ? WHERE id = ?",
               [actor, at_utc, assignment_id])
