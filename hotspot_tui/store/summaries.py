"""The patrol_day_totals summary (schema v3): rebuild, suspend for bulk writes, compare."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database

from hotspot_tui.store import schema_v3

TABLE = schema_v3.TABLE
TRIGGER_NAMES = ("patrol_day_totals_insert", "patrol_day_totals_delete", "patrol_day_totals_update")


def present(db: Database) -> bool:
    return db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]
    ).fetchone() is not None


def rebuild(db: Database) -> None:
    """Recompute the whole summary set-based (one GROUP BY over assignments)."""
    if not present(db):
        return
    for statement in schema_v3.REBUILD:
        db.execute(statement)


@contextmanager
def suspended(db: Database) -> Iterator[None]:
    """Drop the per-row assignment triggers for a bulk write; rebuild once and restore them.
    Call inside the bulk write's transaction."""
    if not present(db):
        yield
        return
    existing = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'assignments'")}
    dropped = [n for n in TRIGGER_NAMES if n in existing]
    for name in dropped:
        db.execute(f"DROP TRIGGER [{name}]")
    yield
    rebuild(db)
    for sql in schema_v3.ASSIGNMENT_TRIGGERS:
        name = sql.split("CREATE TRIGGER", 1)[1].split()[0]
        if name in dropped:
            db.execute(sql)


def fresh_totals(db: Database) -> list[dict[str, Any]]:
    """What the summary should hold, computed from scratch (for checks and tests)."""
    return list(db.query("SELECT s.area_id, s.local_date, a.status, count(*) AS patrols, "
                         "sum(a.cost_pence) AS pence, "
                         f"sum({schema_v3.MINUTES.format(r='a')}) AS minutes "
                         "FROM assignments a JOIN shifts s ON s.id = a.shift_id "
                         "GROUP BY s.area_id, s.local_date, a.status "
                         "ORDER BY s.area_id, s.local_date, a.status"))


def stored_totals(db: Database) -> list[dict[str, Any]]:
    return list(db.query(
        f"SELECT area_id, local_date, status, patrols, pence, minutes FROM {TABLE} "
        "ORDER BY area_id, local_date, status"))
