"""Versioned schema migrations; the schema version is the count of applied migrations."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from sqlite_utils import Database, Migrations

from hotspot_tui.store import (
    locked_as_sent,
    schema_accounts,
    schema_area_force_index,
    schema_area_forces,
    schema_audit_key,
    schema_breach_alerts,
    schema_informal_warnings,
    schema_line_employers,
    schema_locked_lines,
    schema_outcome_totals,
    schema_police,
    schema_report_totals,
    schema_upkeep,
    schema_v1,
    schema_v2,
    schema_v3,
    schema_v4,
    schema_v5,
    schema_v6,
    schema_v7,
    schema_v8,
    schema_v9,
    schema_v10,
    schema_v11,
    schema_v12,
    schema_v13,
    schema_v15,
    schema_week_index,
    schema_worked_totals,
    schema_worktime,
    sync_tables,
)
from hotspot_tui.store.schema_history import MIGRATION_SET, schema_version

migrations = Migrations(MIGRATION_SET)


def _execute(db: Database, *statements: str) -> None:
    for statement in statements:
        db.execute(statement)


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    _execute(db, *schema_v1.TABLES, *schema_v1.INDEXES, *schema_v1.TRIGGERS)


@migrations(name="0002_payroll")
def _payroll(db: Database) -> None:
    _execute(db, *schema_v2.TABLES, *schema_v2.INDEXES, *schema_v2.TRIGGERS)


@migrations(name="0003_summaries")
def _summaries(db: Database) -> None:
    _execute(db, *schema_v3.TABLES, *schema_v3.INDEXES, *schema_v3.TRIGGERS, *schema_v3.REBUILD)


@migrations(name="0004_covering_indexes")
def _covering_indexes(db: Database) -> None:
    _execute(db, *schema_v4.INDEXES)
    _execute(db, *schema_v4.analyse_statements(_has_stats(db)))


def _has_stats(db: Database) -> bool:
    """Whether the file keeps planner statistics (sample-made files do)."""
    return db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).fetchone() is not None


def _statements_of(schema: ModuleType) -> Callable[[Database], None]:
    """The migration that runs a schema module's STATEMENTS (schema 5 onwards)."""
    def migrate(db: Database) -> None:
        _execute(db, *schema.STATEMENTS)

    return migrate


for _name, _schema in (
    ("0005_patrol_breaks", schema_v5),
    ("0006_patrol_cover", schema_v6),
    ("0007_staff_weeks", schema_v7),
    ("0008_dashboard_summaries", schema_v8),
    ("0009_dashboard_totals", schema_v9),
    ("0010_dated_settings", schema_v10),
):
    migrations(name=_name)(_statements_of(_schema))


@migrations(name="0011_patrol_refs")
def _patrol_refs(db: Database) -> None:
    _execute(db, schema_v11.COLUMN)
    schema_v11.backfill(db)
    _execute(db, schema_v11.INDEX, *schema_v11.TRIGGERS)


migrations(name="0012_dated_pay_facts")(_statements_of(schema_v12))
migrations(name="0013_force_payroll_format")(_statements_of(schema_v13))
migrations(name="0014_normal_duties")(_statements_of(schema_worktime))
migrations(name="0015_approvals_and_payroll_lines")(_statements_of(schema_v15))


@migrations(name=schema_audit_key.MIGRATION_NAME)
def _audit_key(db: Database) -> None:
    from hotspot_tui.store import audit

    _execute(db, *schema_audit_key.STATEMENTS)
    audit.enrol(db)


@migrations(name="0018_sync")
def _sync(db: Database) -> None:
    _execute(db, *sync_tables.STATE_TABLES, *sync_tables.OVERLAP_TRIGGERS,
             *sync_tables.RULE_TRIGGERS)
    _execute(db, *sync_tables.capture_statements(db))


migrations(name="0019_accounts")(_statements_of(schema_accounts))
migrations(name="0020_police_data")(_statements_of(schema_police))
migrations(name="0021_informal_warnings")(_statements_of(schema_informal_warnings))


@migrations(name=schema_locked_lines.MIGRATION_NAME)
def _locked_lines(db: Database) -> None:
    _execute(db, *schema_locked_lines.STATEMENTS)
    locked_as_sent.record_locked_lines(db)
    _execute(db, *schema_locked_lines.APPEND_ONLY)


migrations(name="0023_working_time_checks_due")(_statements_of(schema_upkeep))

migrations(name="0025_area_counts_by_force")(_statements_of(schema_area_forces))
migrations(name=schema_line_employers.MIGRATION_NAME)(schema_line_employers.migrate)


@migrations(name=schema_breach_alerts.MIGRATION_NAME)
def _breach_alert_indexes(db: Database) -> None:
    _execute(db, *schema_breach_alerts.NEW_INDEXES.values())
    _execute(db, *schema_breach_alerts.analyse_statements(_has_stats(db)))


migrations(name=schema_report_totals.MIGRATION_NAME)(_statements_of(schema_report_totals))
migrations(name=schema_outcome_totals.MIGRATION_NAME)(_statements_of(schema_outcome_totals))
migrations(name=schema_worked_totals.MIGRATION_NAME)(_statements_of(schema_worked_totals))
migrations(name=schema_area_force_index.MIGRATION_NAME)(_statements_of(schema_area_force_index))
migrations(name=schema_week_index.MIGRATION_NAME)(_statements_of(schema_week_index))


def registered_names() -> list[str]:
    return [m.name for m in migrations._migrations]


def apply_pending(db: Database) -> list[str]:
    """Apply every pending migration in one transaction: an upgrade across several schema
    versions that fails part way leaves the file as it was."""
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        with db.atomic():
            migrations.apply(db)
            if "sync_state" in db.table_names():
                # A migration after 0018 may have added a column to a synced table.
                _execute(db, *sync_tables.capture_statements(db))
            db.execute(f"PRAGMA user_version = {schema_version(db)}")
    return pending
