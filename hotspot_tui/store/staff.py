"""People who can work extra duty."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hotspot_tui.store.rows import one


def get_person(db: Database, staff_id: str) -> dict[str, Any] | None:
    return one(
        db,
        """
        SELECT p.*, e.name AS employer_name, e.kind AS employer_kind,
               e.weekday_rate_pence, e.weekend_rate_pence, e.holiday_rate_pence
        FROM staff p JOIN employers e ON e.id = p.employer_id WHERE p.id = :id
        """,
        {"id": staff_id},
    )
