"""Areas (hotspots) and their districts."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def list_areas(db: Database, *, include_retired: bool = False) -> list[dict[str, Any]]:
    where = "" if include_retired else "WHERE active = 1"
    return list(db.query(f"SELECT id, name, district, cost_code, active FROM areas {where} ORDER BY name"))


def staff_counts_by_kind(db: Database) -> dict[str, int]:
    return {
        row["kind"]: row["n"]
        for row in db.query("SELECT kind, count(*) AS n FROM staff WHERE active = 1 GROUP BY kind")
    }
