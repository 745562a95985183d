"""The monthly return's rows: a month's patrols read through the local-day index.

Every query starts from `shifts` by `idx_shifts_local_date` (the month's days only) and
reaches its assignments by `idx_assignments_shift`, so a month costs the same in a file of
three years as in a file of one month. Patrols and outcomes per area are the operation
report's own queries (`store.report`).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def areas(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT id, name, active FROM areas ORDER BY name"))


def minutes_by_area_and_kind(db: Database, first: str, last: str) -> list[dict[str, Any]]:
    """Booked (worked) minutes of patrols whose local day is first..last, per area and the
    kind of person who worked them."""
    return list(db.query(
        """
        SELECT s.area_id, p.kind, coalesce(sum(a.worked_minutes), 0) AS minutes
        FROM shifts s
        JOIN assignments a ON a.shift_id = s.id AND a.status = 'worked'
        JOIN staff p ON p.id = a.staff_id
        WHERE s.local_date BETWEEN :first AND :last
        GROUP BY s.area_id, p.kind
        """,
        {"first": first, "last": last},
    ))


def booking_state(db: Database, first: str, last: str, now_utc: str) -> dict[str, int]:
    """For patrols whose local day is first..last: worked bookings not yet approved (and
    their minutes); people still planned on a live patrol whose planned end has passed
    (and on how many patrols), and on ones still to come."""
    row = db.execute(
        """
        SELECT
            coalesce(sum(a.status = 'worked' AND a.approved_by IS NULL), 0),
            coalesce(sum(CASE WHEN a.status = 'worked' AND a.approved_by IS NULL
                              THEN a.worked_minutes END), 0),
            coalesce(sum(a.status = 'planned' AND s.status <> 'cancelled'
                         AND a.end_utc <= :now), 0),
            count(DISTINCT CASE WHEN a.status = 'planned' AND s.status <> 'cancelled'
                                AND a.end_utc <= :now THEN s.id END),
            coalesce(sum(a.status = 'planned' AND s.status <> 'cancelled'
                         AND a.end_utc > :now), 0)
        FROM shifts s JOIN assignments a ON a.shift_id = s.id
        WHERE s.local_date BETWEEN :first AND :last
        """,
        {"first": first, "last": last, "now": now_utc},
    ).fetchone()
    keys = ("awaiting_approval", "awaiting_minutes", "unbooked_people", "unbooked_patrols",
            "to_come_people")
    return dict(zip(keys, (int(v) for v in row), strict=True))
