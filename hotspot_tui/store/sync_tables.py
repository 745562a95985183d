"""Which tables travel between copies of one operation, and how their changes are caught.

Every table is one of:
- SYNCED: the operation's facts. Their changes travel, in this order (parents first).
- DERIVED: kept by triggers or worked out by the pay engine; never shipped, kept at the
  receiving end (triggers fire while a changeset is applied; pay is costed again).
- LOCAL: about this copy only (the audit chain, which is merged entry by entry; the sync
  bookkeeping; SQLite's own tables).

Some columns of synced tables are derived too (a patrol's live cover, an assignment's cost):
their changes never travel, and the receiving end works them out again.

SQLite's session extension records only the changes made through the connection it is
attached to, and the app writes through Python's sqlite3; so each synced table has a
shadow (`sync_base_<table>`) into which triggers copy a row's first image since the last
capture (or a marker that it did not exist). Capture then lets the session extension diff
those rows against their images (`store.sync_capture`): the changeset is SQLite's own.
Triggers record only while `sync_state.capturing` is 1: a file that never takes part in
a sync pays nothing but the trigger's check.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotspot_tui.store.schema_history import SqlReader


@dataclass(frozen=True)
class Synced:
    name: str
    derived: tuple[str, ...] = ()
    """Columns worked out at each end: never sent in an update, recomputed on receipt."""
    quiet: bool = False
    """Rows the pay engine or the working-time checks make at each end: a difference is
    settled without a conflict (the incoming row is taken, then costed again; one the hub
    has removed meanwhile goes), never listed for the supervisor."""


SYNCED: tuple[Synced, ...] = (
    Synced("employers"),
    Synced("areas"),
    Synced("area_geographies"),
    Synced("staff"),
    Synced("pay_rules"),
    Synced("setting_values"),
    Synced("staff_pay_history"),
    Synced("employer_rate_history"),
    Synced("patterns"),
    Synced("shifts", derived=("have_officer", "have_pcso", "have_ceo", "have_overrides")),
    Synced("assignments", derived=("cost_pence",)),
    Synced("outcomes"),
    Synced("budget"),
    Synced("area_allocations"),
    Synced("spend_lines"),
    Synced("pay_periods", quiet=True),
    Synced("payroll_exports"),
    Synced("payroll_export_rows"),
    Synced("recharge_statement_rows"),
    Synced("locked_pay_lines"),
    Synced("time_off_owed", quiet=True),
    Synced("normal_duties"),
    Synced("opt_outs"),
    Synced("working_time_breaches", quiet=True),
    Synced("sync_conflicts"),
)
SYNCED_NAMES = tuple(t.name for t in SYNCED)
BY_NAME = {t.name: t for t in SYNCED}

DERIVED = frozenset({
    "patrol_day_totals", "area_status_totals", "day_status_totals", "staff_week_minutes",
    "area_arrests", "pay_lines", "patrol_day_worked", "outcome_day_totals",
    "area_outcome_totals", "area_worked_totals",
    # Counted afresh from each copy's own police records whenever they or a geography change.
    "area_crime_counts",
})
LOCAL = frozenset({
    "_sqlite_migrations", "sqlite_sequence", "sqlite_stat1", "audit_log",
    "sync_state", "sync_identity", "sync_outbox", "sync_log", "sync_peers", "sync_audit_origin",
    # Sign-in is each machine's own: its accounts, lockouts and tickets stay with it.
    "accounts", "sign_in_tickets",
    # Upkeep this copy still owes its own pay lines (locked periods to take as sent).
    "locked_lines_to_take",
    # Each copy is its own database for the audit trail: its own identity and key.
    "audit_identity",
    # Police data is public, bulky and imported from its files on the copy that needs it:
    # a year of a force is 100,000 rows, too much for a sync file.
    "police_force_months", "police_records", "police_month_types",
    # Work this copy owes after its own upgrade: each copy does its own.
    "upkeep_due",
})
SHADOW_PREFIX = "sync_base_"
PRESENT = "sync_present"


def unclassified(tables: set[str]) -> set[str]:
    """Tables of the schema that no list above names: a new table must say whether it
    travels (a test keeps this empty)."""
    known = set(SYNCED_NAMES) | DERIVED | LOCAL
    return {t for t in tables if t not in known and not t.startswith(SHADOW_PREFIX)}


def columns(db: SqlReader, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info([{table}])")]


def primary_key(db: SqlReader, table: str) -> list[str]:
    rows = sorted((row[5], row[1]) for row in db.execute(f"PRAGMA table_info([{table}])") if row[5])
    return [name for _, name in rows]


def _q(names: list[str], prefix: str = "") -> str:
    return ", ".join(f"{prefix}[{n}]" for n in names)


STATE_TABLES = [
    """
    CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        capturing INTEGER NOT NULL DEFAULT 0 CHECK (capturing IN (0, 1)),
        applying INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1))
    )
    """,
    "INSERT INTO sync_state (id, capturing, applying) VALUES (1, 0, 0)",
    """
    CREATE TABLE sync_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        copy_id TEXT NOT NULL,
        lineage TEXT NOT NULL,
        secret TEXT NOT NULL,
        hub_id TEXT,
        hub_path TEXT,
        hub_seq INTEGER NOT NULL DEFAULT 0,
        hub_audit_seq INTEGER NOT NULL DEFAULT 0,
        audit_sent INTEGER NOT NULL DEFAULT 0,
        next_batch INTEGER NOT NULL DEFAULT 1,
        last_sync_at TEXT,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE sync_outbox (
        batch INTEGER PRIMARY KEY,
        changeset BLOB NOT NULL,
        rows INTEGER NOT NULL,
        audit_from INTEGER NOT NULL,
        audit_to INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE sync_log (
        seq INTEGER PRIMARY KEY,
        origin TEXT NOT NULL,
        batch INTEGER,
        changeset BLOB NOT NULL,
        correction BLOB,
        rows INTEGER NOT NULL,
        audit_from INTEGER NOT NULL,
        audit_to INTEGER NOT NULL,
        at_utc TEXT NOT NULL
    )
    """,
    "CREATE INDEX idx_sync_log_origin ON sync_log (origin, seq)",
    """
    CREATE TABLE sync_audit_origin (
        seq INTEGER PRIMARY KEY,
        origin TEXT NOT NULL,
        origin_seq INTEGER NOT NULL,
        UNIQUE (origin, origin_seq)
    )
    """,
    """
    CREATE TABLE sync_peers (
        copy_id TEXT PRIMARY KEY,
        last_batch INTEGER NOT NULL DEFAULT 0,
        last_sync_at TEXT,
        path TEXT
    )
    """,
    """
    CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('same_row', 'overlap', 'cancelled_booked',
                                           'locked_period', 'refused')),
        table_name TEXT NOT NULL,
        row_key TEXT NOT NULL,
        shift_id TEXT,
        staff_id TEXT,
        here_copy TEXT NOT NULL,
        there_copy TEXT NOT NULL,
        here_version TEXT NOT NULL CHECK (json_valid(here_version)),
        there_version TEXT NOT NULL CHECK (json_valid(there_version)),
        kept TEXT NOT NULL CHECK (kept IN ('here', 'there', 'both')),
        message TEXT NOT NULL,
        found_at TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT,
        choice TEXT,
        resolution_reason TEXT,
        CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
    )
    """,
    "CREATE INDEX idx_sync_conflicts_open ON sync_conflicts (resolved_at, found_at)",
]


_OVERLAP = """
        SELECT RAISE(ABORT, 'double booking: this person is already on a patrol at that time')
        WHERE EXISTS (
            SELECT 1 FROM assignments a
            WHERE a.staff_id = NEW.staff_id{other}
              AND a.status IN ('planned', 'worked')
              AND a.start_utc > strftime('%Y-%m-%dT%H:%M:%SZ', NEW.start_utc, '-1 day')
              AND a.start_utc < NEW.end_utc
              AND a.end_utc > NEW.start_utc
        );"""
OVERLAP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS assignments_no_double_booking_insert",
    "DROP TRIGGER IF EXISTS assignments_no_double_booking_update",
    f"""
    CREATE TRIGGER assignments_no_double_booking_insert BEFORE INSERT ON assignments
    WHEN NEW.status IN ('planned', 'worked') AND (SELECT applying FROM sync_state) = 0
    BEGIN{_OVERLAP.format(other="")}
    END
    """,
    f"""
    CREATE TRIGGER assignments_no_double_booking_update
    BEFORE UPDATE OF status, start_utc, end_utc, staff_id ON assignments
    WHEN NEW.status IN ('planned', 'worked') AND (SELECT applying FROM sync_state) = 0
    BEGIN{_OVERLAP.format(other=chr(10) + "              AND a.id <> NEW.id")}
    END
    """,
]
"""A person's overlapping assignments made on two copies both arrive (and are listed as a
conflict): the double-booking guard stands aside while a sync applies changes, and only
then."""

RULE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS assignments_booking_change_clears_approval",
    """
    CREATE TRIGGER assignments_booking_change_clears_approval
    AFTER UPDATE OF status, actual_start_utc, actual_end_utc ON assignments
    WHEN NEW.approved_by IS NOT NULL
         AND (OLD.status IS NOT NEW.status OR OLD.actual_start_utc IS NOT NEW.actual_start_utc
              OR OLD.actual_end_utc IS NOT NEW.actual_end_utc)
         AND (SELECT applying FROM sync_state) = 0
    BEGIN UPDATE assignments SET approved_by = NULL, approved_at = NULL WHERE id = NEW.id; END
    """,
]
"""Changes that arrive by sync are the outcome of the rules where they were made: a booking
and its approval may arrive as one change, which must not clear the approval it brings."""



def capture_statements(db: SqlReader) -> list[str]:
    """(Re)make each synced table's shadow and its three triggers from the table's columns
    as they are now. Run by migration 0018 and again after any later migration (a column
    added to a synced table is then caught too); pending images are kept."""
    statements: list[str] = []
    existing = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in SYNCED_NAMES:
        if table not in existing:
            continue
        cols = columns(db, table)
        pk = primary_key(db, table) or ["rowid"]
        shadow = f"{SHADOW_PREFIX}{table}"
        if shadow in existing:
            have = set(columns(db, shadow))
            statements += [f"ALTER TABLE [{shadow}] ADD COLUMN [{c}]" for c in cols if c not in have]
        else:
            statements.append(
                f"CREATE TABLE [{shadow}] ({_q(cols)}, [{PRESENT}] INTEGER NOT NULL, "
                f"PRIMARY KEY ({_q(pk)})) WITHOUT ROWID"
            )
        when = "WHEN (SELECT capturing FROM sync_state) = 1"
        statements += [f"DROP TRIGGER IF EXISTS [sync_catch_{table}_{op}]"
                       for op in ("insert", "update", "delete")]

        def keep_first(image: str, names: list[str], present: int, shadow: str = shadow,
                       pk: list[str] = pk) -> str:
            # Not INSERT OR IGNORE: the statement that fires the trigger may override it.
            match = " AND ".join(f"[{k}] IS {image}.[{k}]" for k in pk)
            return (f"INSERT INTO [{shadow}] ({_q(names)}, [{PRESENT}]) "
                    f"SELECT {_q(names, image + '.')}, {present} "
                    f"WHERE NOT EXISTS (SELECT 1 FROM [{shadow}] WHERE {match});")

        statements += [
            f"CREATE TRIGGER [sync_catch_{table}_insert] AFTER INSERT ON [{table}] {when} BEGIN "
            f"{keep_first('NEW', pk, 0)} END",
            f"CREATE TRIGGER [sync_catch_{table}_update] AFTER UPDATE ON [{table}] {when} BEGIN "
            f"{keep_first('OLD', cols, 1)} {keep_first('NEW', pk, 0)} END",
            f"CREATE TRIGGER [sync_catch_{table}_delete] AFTER DELETE ON [{table}] {when} BEGIN "
            f"{keep_first('OLD', cols, 1)} END",
        ]
    return statements
