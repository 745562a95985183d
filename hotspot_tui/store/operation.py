"""What a database already holds of an operation: read with plain SQL (the app asks at start)."""

from __future__ import annotations

from typing import Any

from hotspot_tui.store.rows import dicts
from hotspot_tui.store.schema_history import SqlReader


def operation_facts(db: SqlReader) -> dict[str, Any]:
    """The budget row (or None) and how many areas, employers and people there are."""
    budget = dicts(db, "SELECT name, grant_pence, starts_on, ends_on FROM budget WHERE id = 1")
    counts = db.execute(
        "SELECT (SELECT count(*) FROM areas), (SELECT count(*) FROM employers), "
        "(SELECT count(*) FROM staff)"
    ).fetchone()
    return {"budget": budget[0] if budget else None, "areas": counts[0], "employers": counts[1],
            "staff": counts[2]}

