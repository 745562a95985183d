"""Row counts and other facts about the file."""

from __future__ import annotations

from sqlite_utils import Database

COUNTED_TABLES = (
    "areas", "employers", "staff", "shifts", "assignments", "outcomes", "spend_lines",
    "pay_periods", "audit_log",
)


def table_counts(db: Database) -> dict[str, int]:
    existing = set(db.table_names())
    return {
        table: db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
        for table in COUNTED_TABLES
        if table in existing
    }
