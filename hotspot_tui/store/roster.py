"""The week grid: every patrol of a week with its cover, in one indexed query."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def week_shifts(
    db: Database, first_day: str, last_day: str, *, area_ids: list[str] | None = None
) -> list[dict[str, Any]]:
    """Patrols whose local date is in [first_day, last_day], with live cover by kind and
    whether any live assignment carries an override. Uses idx_shifts_local_date."""
    params: dict[str, Any] = {"first": first_day, "last": last_day}
    area_filter = ""
    if area_ids:
        marks = ", ".join(f":a{i}" for i in range(len(area_ids)))
        area_filter = f"AND s.area_id IN ({marks})"
        params.update({f"a{i}": a for i, a in enumerate(area_ids)})
    return list(db.query(
        f"""
        SELECT s.id, s.area_id, s.local_date, s.start_utc, s.end_utc, s.status,
               s.need_officer, s.need_pcso, s.need_ceo,
               coalesce(sum(x.status IN ('planned', 'worked') AND p.kind = 'officer'), 0) AS has_officer,
               coalesce(sum(x.status IN ('planned', 'worked') AND p.kind = 'pcso'), 0) AS has_pcso,
               coalesce(sum(x.status IN ('planned', 'worked') AND p.kind = 'ceo'), 0) AS has_ceo,
               coalesce(max(x.status IN ('planned', 'worked') AND x.override_reason IS NOT NULL), 0)
                   AS overridden
        FROM shifts s
        LEFT JOIN assignments x ON x.shift_id = s.id
        LEFT JOIN staff p ON p.id = x.staff_id
        WHERE s.local_date BETWEEN :first AND :last {area_filter}
        GROUP BY s.id
        ORDER BY s.start_utc
        """,
        params,
    ))


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
