"""Schema v10: settings that take effect from a date.

`setting_values` holds one row per setting (a dotted key such as
``officer.overtime_multiplier``) and effective date, its value as JSON. The pay-rules
sections a file held before (one JSON object per section in `pay_rules`) become one row
per setting in force from the start (``0001-01-01``); those rows stay in `pay_rules` as
they were (an upgrade keeps every row) but are no longer read: `pay_rules` is read only for
how pay periods are cut (the ``payroll`` row).
"""

from __future__ import annotations

BEGINNING_TEXT = "0001-01-01"
MOVED_SECTIONS = ("calendar", "officer", "pcso", "council", "working_time")
_MOVED = ", ".join(f"'{name}'" for name in MOVED_SECTIONS)

TABLES = [
    """
    CREATE TABLE setting_values (
        key TEXT NOT NULL CHECK (key GLOB '?*.?*'),
        effective_from TEXT NOT NULL
            CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        value TEXT NOT NULL CHECK (json_valid(value)),
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        reason TEXT,
        PRIMARY KEY (key, effective_from)
    ) WITHOUT ROWID
    """,
]

MOVE = [
    f"""
    INSERT INTO setting_values (key, effective_from, value, recorded_at, recorded_by, reason)
    SELECT p.key || '.' || j.key, '{BEGINNING_TEXT}',
           CASE WHEN j.type IN ('object', 'array') THEN j.value
                WHEN j.type IN ('true', 'false', 'null') THEN j.type
                ELSE json_quote(j.value) END,
           p.updated_at, p.updated_by, NULL
    FROM pay_rules p, json_each(p.value) j
    WHERE p.key IN ({_MOVED}) AND json_type(p.value) = 'object'
    """,
]

STATEMENTS = [*TABLES, *MOVE]
