"""One person's figures: hours, cost, last duty and upcoming patrols.

Every query is bounded by the (staff_id, start_utc) index on assignments.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hotspot_tui.store.rows import one


def minutes_between(db: Database, staff_id: str, from_utc: str, to_utc: str) -> dict[str, int]:
    """{'worked': minutes worked, 'planned': minutes still planned} for duties starting in [from, to)."""
    row = db.execute(
        """
        SELECT
          coalesce(sum(CASE WHEN status = 'worked' THEN worked_minutes END), 0),
          coalesce(sum(CASE WHEN status = 'planned'
                       THEN round((julianday(end_utc) - julianday(start_utc)) * 1440) END), 0)
        FROM assignments
        WHERE staff_id = ? AND start_utc >= ? AND start_utc < ?
        """,
        [staff_id, from_utc, to_utc],
    ).fetchone()
    return {"worked": int(row[0]), "planned": int(row[1])}


def worked_totals(db: Database, staff_id: str) -> dict[str, int]:
    """Operation to date: minutes worked, cost of worked duties, count of patrols worked."""
    row = db.execute(
        """
        SELECT coalesce(sum(worked_minutes), 0), coalesce(sum(cost_pence), 0), count(*)
        FROM assignments WHERE staff_id = ? AND status = 'worked'
        """,
        [staff_id],
    ).fetchone()
    return {"minutes": int(row[0]), "cost_pence": int(row[1]), "patrols": int(row[2])}


def last_duty_end(db: Database, staff_id: str, now_utc: str) -> str | None:
    """When the most recent duty that has started by now ended (or will end)."""
    row = one(
        db,
        """
        SELECT max(coalesce(actual_end_utc, end_utc)) AS ended FROM (
          SELECT actual_end_utc, end_utc FROM assignments
          WHERE staff_id = :staff AND status IN ('planned', 'worked') AND start_utc <= :now
          ORDER BY start_utc DESC LIMIT 5)
        """,
        {"staff": staff_id, "now": now_utc},
    )
    return row["ended"] if row else None


def upcoming(
    db: Database,
    staff_id: str,
    from_utc: str,
    *,
    after: tuple[str, str] | None = None,
    limit: int = 10,
) -> list[dict[str, Any]]:
    """Planned duties ending after `from_utc`, soonest first, keyset-paged on (start_utc, id)."""
    params: dict[str, Any] = {"staff": staff_id, "from": from_utc, "limit": limit}
    keyset = ""
    if after is not None:
        keyset = "AND a.start_utc >= :after_start AND (a.start_utc > :after_start OR a.id > :after_id)"
        params.update(after_start=after[0], after_id=after[1])
    return list(db.query(
        f"""
        SELECT a.id, a.shift_id, a.start_utc, a.end_utc, a.status, s.local_date,
               ar.name AS area_name, ar.district
        FROM assignments a
        JOIN shifts s ON s.id = a.shift_id
        JOIN areas ar ON ar.id = s.area_id
        WHERE a.staff_id = :staff AND a.status = 'planned'
          AND a.start_utc > strftime('%Y-%m-%dT%H:%M:%SZ', :from, '-1 day') AND a.end_utc > :from
          {keyset}
        ORDER BY a.start_utc, a.id
        LIMIT :limit
        """,
        params,
    ))


def operation_start(db: Database) -> str | None:
    row = one(db, "SELECT starts_on FROM budget WHERE id = 1")
    return row["starts_on"] if row else None

