"""The week grid: every patrol of a week with its cover, in one indexed query."""

from __future__ import annotations

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


def week_shifts(
    db: Database, first_day: str, last_day: str, *, area_ids: list[str] | None = None
) -> list[tuple[Any, ...]]:
    """Patrols whose local date is in [first_day, last_day], with live cover by kind and
    whether any live assignment carries an override: rows of WEEK_COLUMNS.

    One query over the week's patrols (idx_shifts_local_date); each patrol carries its live
    cover, kept by triggers (schema v6)."""
    params: dict[str, Any] = {"first": first_day, "last": last_day}
    area_filter = ""
    if area_ids:
        marks = ", ".join(f":a{i}" for i in range(len(area_ids)))
        area_filter = f"AND s.area_id IN ({marks})"
        params.update({f"a{i}": a for i, a in enumerate(area_ids)})
    return db.conn.execute(
        f"""
        SELECT s.id, s.area_id, s.local_date, s.start_utc, s.end_utc, s.status,
               s.need_officer, s.need_pcso, s.need_ceo,
               s.have_officer, s.have_pcso, s.have_ceo, s.have_overrides > 0, s.ref
        FROM shifts s
        WHERE s.local_date BETWEEN :first AND :last {area_filter}
        ORDER BY s.start_utc, s.id
        """,
        params,
    ).fetchall()


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
