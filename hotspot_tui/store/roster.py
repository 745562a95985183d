"""The week grid: every patrol of a week with its cover, in one indexed query."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

KINDS = ("officer", "pcso", "ceo")


def week_shifts(
    db: Database, first_day: str, last_day: str, *, area_ids: list[str] | None = None
) -> list[dict[str, Any]]:
    """Patrols whose local date is in [first_day, last_day], with live cover by kind and
    whether any live assignment carries an override.

    Two queries: the week's patrols (idx_shifts_local_date), and their live people counted
    by kind in one grouped query read from covering indexes (idx_assignments_shift_cover,
    idx_staff_id_kind), merged here."""
    params: dict[str, Any] = {"first": first_day, "last": last_day}
    area_filter = ""
    if area_ids:
        marks = ", ".join(f":a{i}" for i in range(len(area_ids)))
        area_filter = f"AND s.area_id IN ({marks})"
        params.update({f"a{i}": a for i, a in enumerate(area_ids)})
    conn = db.conn
    shifts: dict[str, dict[str, Any]] = {}
    for row in conn.execute(
        f"""
        SELECT s.id, s.area_id, s.local_date, s.start_utc, s.end_utc, s.status,
               s.need_officer, s.need_pcso, s.need_ceo
        FROM shifts s
        WHERE s.local_date BETWEEN :first AND :last {area_filter}
        ORDER BY s.start_utc, s.id
        """,
        params,
    ):
        shifts[row[0]] = {
            "id": row[0], "area_id": row[1], "local_date": row[2], "start_utc": row[3],
            "end_utc": row[4], "status": row[5], "need_officer": row[6], "need_pcso": row[7],
            "need_ceo": row[8], "has_officer": 0, "has_pcso": 0, "has_ceo": 0, "overridden": 0,
        }
    for shift_id, kind, people, overridden in conn.execute(
        f"""
        SELECT x.shift_id, p.kind, count(*), max(x.override_reason IS NOT NULL)
        FROM shifts s
        JOIN assignments x ON x.shift_id = s.id AND x.status IN ('planned', 'worked')
        JOIN staff p ON p.id = x.staff_id
        WHERE s.local_date BETWEEN :first AND :last {area_filter}
        GROUP BY x.shift_id, p.kind
        """,
        params,
    ):
        row = shifts[shift_id]
        if kind in KINDS:
            row[f"has_{kind}"] = people
        if overridden:
            row["overridden"] = 1
    return list(shifts.values())


def area_spend(db: Database) -> dict[str, tuple[int, int | None]]:
    """Area id → (patrol spend in pence, allocation in pence or None), from the summary."""
    spend = {
        row["area_id"]: row["spend"]
        for row in db.query(
            """
            SELECT area_id, sum(pence) AS spend
            FROM patrol_day_totals
            WHERE status IN ('planned', 'worked')
            GROUP BY area_id
            """
        )
    }
    allocations = {
        row["area_id"]: row["allocation_pence"]
        for row in db.query("SELECT area_id, allocation_pence FROM area_allocations")
    }
    return {
        area: (spend.get(area, 0) or 0, allocations.get(area))
        for area in {*spend, *allocations}
    }
