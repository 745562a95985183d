"""The week grid: a week of some areas' patrols with their cover, in one indexed query."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

KINDS = ("officer", "pcso", "ceo")
WEEK_COLUMNS = ("id", "area_id", "local_date", "start_utc", "end_utc", "status",
                "need_officer", "need_pcso", "need_ceo", "has_officer", "has_pcso", "has_ceo",
                "overridden", "ref")
"""The fields of each row `week_shifts` returns, in order."""
NEED = {kind: WEEK_COLUMNS.index(f"need_{kind}") for kind in KINDS}
HAS = {kind: WEEK_COLUMNS.index(f"has_{kind}") for kind in KINDS}
OVERRIDDEN = WEEK_COLUMNS.index("overridden")
REF = WEEK_COLUMNS.index("ref")


def week_shifts(db: Database, first_day: str, last_day: str, area_ids: list[str]) -> list[tuple[Any, ...]]:
    """The patrols of `area_ids` whose local date is in [first_day, last_day], with live
    cover by kind and whether any live assignment carries an override: rows of
    WEEK_COLUMNS, in start order.

    Read area by area from the index of each area's start times (a patrol starts within a
    day of its local date, whatever the clocks do), so that the areas not asked for cost
    nothing; each patrol carries its live cover, kept by triggers (schema v6)."""
    if not area_ids:
        return []
    params: dict[str, Any] = {"first": first_day, "last": last_day,
                              "from": _day_before(first_day), "to": _day_after(last_day)}
    return db.conn.execute(
        f"""
        SELECT s.id, s.area_id, s.local_date, s.start_utc, s.end_utc, s.status,
               s.need_officer, s.need_pcso, s.need_ceo,
               s.have_officer, s.have_pcso, s.have_ceo, s.have_overrides > 0, s.ref
        FROM shifts s INDEXED BY idx_shifts_area_start
        WHERE {_areas_filter(area_ids, params)}
          AND s.start_utc >= :from AND s.start_utc < :to
          AND +s.local_date BETWEEN :first AND :last
        ORDER BY s.start_utc, s.id
        """,
        params,
    ).fetchall()


def _day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def _day_after(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def _areas_filter(area_ids: list[str], params: dict[str, Any]) -> str:
    """The condition that keeps the patrols of `area_ids`, its values added to `params`."""
    params.update({f"a{i}": a for i, a in enumerate(area_ids)})
    return f"s.area_id IN ({', '.join(f':a{i}' for i in range(len(area_ids)))})"
def area_spend(db: Database) -> dict[str, tuple[int, int | None]]:
    """Area id → (patrol spend in pence, allocation in pence or None), from the per-area
    summary (schema v9): a row per area and status, whatever the years of patrols."""
    spend = {
        row["area_id"]: row["spend"]
        for row in db.query(
            """
            SELECT area_id, sum(pence) AS spend
            FROM area_status_totals
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
