"""Stored settings: dated values per setting (`setting_values`), and the undated rows of
`pay_rules` (how pay periods are cut)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlite_utils import Database

from hotspot_tui.domain.settings import Entry, Timeline


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def read_values(db: Database) -> list[dict[str, Any]]:
    """Every dated value, decoded, in key and date order."""
    return [
        {"key": key, "effective_from": effective, "value": json.loads(value),
         "recorded_at": at, "recorded_by": by, "reason": reason}
        for key, effective, value, at, by, reason in db.execute(
            "SELECT key, effective_from, value, recorded_at, recorded_by, reason "
            "FROM setting_values ORDER BY key, effective_from"
        )
    ]


def timeline(db: Database) -> Timeline:
    """Every setting's dated values, as the domain's `Timeline`."""
    return Timeline(Entry(row["key"], date.fromisoformat(row["effective_from"]), row["value"],
                          row["recorded_at"], row["recorded_by"], row["reason"])
                    for row in read_values(db))


def write_value(db: Database, key: str, effective_from: str, value: Any, *, actor: str,
                at_utc: str, reason: str | None) -> None:
    """Insert one dated value, or replace the one of the same key and date."""
    db.execute(
        """
        INSERT INTO setting_values (key, effective_from, value, recorded_at, recorded_by, reason)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value,
            recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by,
            reason = excluded.reason
        """,
        [key, effective_from, _json(value), at_utc, actor, reason],
    )


def read_section(db: Database, key: str) -> Any | None:
    row = db.execute("SELECT value FROM pay_rules WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else None


def write_section(db: Database, key: str, value: Any, *, actor: str, at_utc: str) -> bool:
    """Insert or replace one undated row; True when the stored value changed."""
    row = db.execute("SELECT value FROM pay_rules WHERE key = ?", [key]).fetchone()
    if row and json.loads(row[0]) == value:
        return False
    db.execute(
        """
        INSERT INTO pay_rules (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
            updated_by = excluded.updated_by
        """,
        [key, _json(value), at_utc, actor],
    )
    return True
