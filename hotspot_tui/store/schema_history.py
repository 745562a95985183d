"""Which schema a file has: the migrations recorded in it, read with plain SQL.

Opening a file reads its schema version before anything else; this module does that
without loading sqlite-utils, whose `Migrations` (in `store.migrations`) is needed only
when a file is created or upgraded. A test keeps `MIGRATION_NAMES` equal to the
migrations registered there.
"""

from __future__ import annotations

from typing import Any, Protocol

MIGRATION_SET = "hotspot_tui"
MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_NAMES = (
    "0001_initial",
    "0002_payroll",
    "0003_summaries",
    "0004_covering_indexes",
    "0005_patrol_breaks",
    "0006_patrol_cover",
    "0007_staff_weeks",
    "0008_dashboard_summaries",
    "0009_dashboard_totals",
    "0010_dated_settings",
    "0011_patrol_refs",
    "0012_dated_pay_facts",
    "0013_force_payroll_format",
    "0014_normal_duties",
    "0015_approvals_and_payroll_lines",
    "0016_audit_key",
    "0018_sync",
    "0019_accounts",
    "0020_police_data",
    "0021_informal_warnings",
    "0022_locked_pay_lines",
    "0023_working_time_checks_due",
    "0025_area_counts_by_force",
    "0027_line_employers",
    "0028_breach_alert_indexes",
    "0029_report_totals",
    "0030_outcome_totals",
    "0031_worked_totals",
    "0032_area_force_index",
    "0033_week_index",
)


class SqlReader(Protocol):
    """A sqlite3 connection, or a sqlite-utils Database wrapping one."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...


def known_names() -> list[str]:
    return list(MIGRATION_NAMES)


def latest_version() -> int:
    return len(MIGRATION_NAMES)


def table_names(db: SqlReader) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def applied_names(db: SqlReader) -> list[str]:
    """The migrations recorded in the file, in the order they were applied."""
    if MIGRATIONS_TABLE not in table_names(db):
        return []
    return [row[0] for row in db.execute(
        f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )]


def schema_version(db: SqlReader) -> int:
    return len(applied_names(db))


def unknown_applied(db: SqlReader) -> list[str]:
    """Migrations recorded in the file that this build does not know: a newer schema."""
    known = set(MIGRATION_NAMES)
    return [name for name in applied_names(db) if name not in known]
