"""Which patrols a settings change recosts: costs before the change, kept in a temporary
table for the length of the change's transaction, compared with the costs after it."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

_TABLE = "temp.setting_recost_before"


def staff_with_duties_from(db: Database, from_utc: str) -> list[str]:
    """Everyone with an assignment planned to start at or after `from_utc`."""
    return [row[0] for row in db.execute(
        "SELECT DISTINCT staff_id FROM assignments WHERE start_utc >= ? ORDER BY staff_id",
        [from_utc],
    )]


def first_start(db: Database) -> str | None:
    return db.execute("SELECT min(start_utc) FROM assignments").fetchone()[0]


def remember_costs(db: Database, from_utc: str) -> None:
    """Keep the cost of every assignment planned to start at or after `from_utc`."""
    db.execute(f"CREATE TABLE IF NOT EXISTS {_TABLE} (id TEXT PRIMARY KEY, cost_pence INTEGER)")
    db.execute(f"DELETE FROM {_TABLE}")
    db.execute(
        f"INSERT INTO {_TABLE} (id, cost_pence) "
        "SELECT id, cost_pence FROM assignments WHERE start_utc >= ?",
        [from_utc],
    )


_CHANGED = f"""
    FROM assignments a JOIN {_TABLE} b ON b.id = a.id
    JOIN shifts s ON s.id = a.shift_id JOIN areas ar ON ar.id = s.area_id
    WHERE a.cost_pence IS NOT b.cost_pence
"""


def changed_totals(db: Database) -> tuple[int, int, int, int]:
    """(patrols, assignments, pence before, pence after) whose cost changed since
    `remember_costs`."""
    row = db.execute(
        f"SELECT count(DISTINCT s.id), count(*), coalesce(sum(b.cost_pence), 0), "
        f"coalesce(sum(a.cost_pence), 0) {_CHANGED}"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def changed_patrols(db: Database, limit: int) -> list[dict[str, Any]]:
    """The patrols whose cost changed since `remember_costs`, earliest first, with their
    area, times, people changed, costs before and after, and whether their pay period is
    locked."""
    rows = db.execute(
        f"""
        SELECT s.id, ar.name, s.start_utc, s.end_utc, count(*) AS people,
               sum(b.cost_pence) AS before_pence, sum(a.cost_pence) AS after_pence,
               EXISTS (SELECT 1 FROM pay_periods pp WHERE pp.status = 'locked'
                       AND s.local_date >= pp.starts_on AND s.local_date < pp.ends_on) AS locked
        {_CHANGED}
        GROUP BY s.id
        ORDER BY s.start_utc, s.id
        LIMIT ?
        """,
        [limit],
    ).fetchall()
    keys = ("shift_id", "area", "start_utc", "end_utc", "people", "before_pence", "after_pence",
            "locked")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def forget_costs(db: Database) -> None:
    db.execute(f"DROP TABLE IF EXISTS {_TABLE}")
