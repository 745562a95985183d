"""Schema version 2 (migration 0002_payroll): pay lines and locked payroll exports.

- `pay_lines`: the current pay lines of every live assignment (worked: from actual times;
  planned: an estimate from planned times). `assignments.cost_pence` is always the sum of
  an assignment's lines; cancelled and no-show assignments have none.
- `payroll_exports` / `payroll_export_rows`: what a final export paid, row for row. Both
  are append-only (triggers refuse UPDATE and DELETE), so a locked period re-exports
  byte for byte, whatever happens to the current lines afterwards.
- `pay_periods` (from v1) may go from open to locked, never back.
"""

TABLES = [
    """
    CREATE TABLE pay_lines (
        id INTEGER PRIMARY KEY,
        assignment_id TEXT NOT NULL REFERENCES assignments(id),
        line_no INTEGER NOT NULL CHECK (line_no >= 0),
        staff_id TEXT NOT NULL,
        period_id TEXT NOT NULL REFERENCES pay_periods(id),
        cost_code TEXT NOT NULL,
        duty_date TEXT NOT NULL CHECK (duty_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        basis TEXT NOT NULL CHECK (basis IN ('worked', 'estimate')),
        code TEXT NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes >= 0),
        rate TEXT NOT NULL,
        multiplier TEXT NOT NULL,
        amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
        reason TEXT NOT NULL,
        UNIQUE (assignment_id, line_no)
    )
    """,
    """
    CREATE TABLE payroll_exports (
        period_id TEXT PRIMARY KEY REFERENCES pay_periods(id),
        exported_at TEXT NOT NULL,
        exported_by TEXT NOT NULL CHECK (length(trim(exported_by)) > 0),
        row_count INTEGER NOT NULL CHECK (row_count >= 0),
        total_pence INTEGER NOT NULL,
        csv_sha256 TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE payroll_export_rows (
        period_id TEXT NOT NULL REFERENCES pay_periods(id),
        ordinal INTEGER NOT NULL,
        for_period TEXT NOT NULL,
        adjustment_for TEXT,
        staff_id TEXT NOT NULL,
        payroll_number TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        employer TEXT NOT NULL,
        pay_code TEXT NOT NULL,
        cost_code TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        rate TEXT NOT NULL,
        multiplier TEXT NOT NULL,
        amount_pence INTEGER NOT NULL,
        PRIMARY KEY (period_id, ordinal),
        CHECK (for_period = coalesce(adjustment_for, period_id))
    ) WITHOUT ROWID
    """,
]

INDEXES = [
    "CREATE INDEX idx_pay_lines_period ON pay_lines (period_id, basis, staff_id, code, cost_code, amount_pence)",
    "CREATE INDEX idx_payroll_export_rows_for ON payroll_export_rows (for_period, staff_id)",
    "CREATE INDEX idx_pay_periods_starts ON pay_periods (starts_on)",
]

TRIGGERS = [
    """
    CREATE TRIGGER payroll_export_rows_no_update BEFORE UPDATE ON payroll_export_rows
    BEGIN SELECT RAISE(ABORT, 'exported payroll rows cannot be changed'); END
    """,
    """
    CREATE TRIGGER payroll_export_rows_no_delete BEFORE DELETE ON payroll_export_rows
    BEGIN SELECT RAISE(ABORT, 'exported payroll rows cannot be removed'); END
    """,
    """
    CREATE TRIGGER payroll_exports_no_update BEFORE UPDATE ON payroll_exports
    BEGIN SELECT RAISE(ABORT, 'a final payroll export cannot be changed'); END
    """,
    """
    CREATE TRIGGER payroll_exports_no_delete BEFORE DELETE ON payroll_exports
    BEGIN SELECT RAISE(ABORT, 'a final payroll export cannot be removed'); END
    """,
    """
    CREATE TRIGGER pay_periods_stay_locked BEFORE UPDATE ON pay_periods
    WHEN OLD.status = 'locked'
    BEGIN SELECT RAISE(ABORT, 'a locked pay period cannot be changed or reopened'); END
    """,
]
