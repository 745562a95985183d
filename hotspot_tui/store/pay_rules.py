"""Rows of the pay-rules table: one JSON value per top-level section."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database


def read_sections(db: Database) -> dict[str, Any]:
    """Every stored section, decoded: ``{"officer": {...}, "payroll": {...}}``."""
    return {key: json.loads(value) for key, value in db.execute("SELECT key, value FROM pay_rules")}


def read_section(db: Database, key: str) -> Any | None:
    row = db.execute("SELECT value FROM pay_rules WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else None


def write_section(db: Database, key: str, value: Any, *, actor: str, at_utc: str) -> bool:
    """Insert or replace one section; True when the stored value changed."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    row = db.execute("SELECT value FROM pay_rules WHERE key = ?", [key]).fetchone()
    if row and json.loads(row[0]) == value:
        return False
    db.execute(
        """
        INSERT INTO pay_rules (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
            updated_by = excluded.updated_by
        """,
        [key, text, at_utc, actor],
    )
    return True
