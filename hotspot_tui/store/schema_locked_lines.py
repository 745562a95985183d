"""Schema 0022: a locked pay period's lines never change; corrections are adjustment lines.

- `pay_lines` gains `corrects_period` and `corrects_line`. A line with `corrects_period`
  is an adjustment: it sits in the period that pays it and corrects the duty's own period
  (and, where that period paid the same element, that line of it); its hours and amount may
  be negative. A duty now has lines in its own period and adjustment lines in later ones,
  so a line is unique by assignment, period and number.
- `locked_pay_lines`: every worked line of a locked period as it was locked, append-only
  (triggers). It travels between copies (`pay_lines` is worked out at each end): a copy
  takes a period's locked lines from it, so every copy compares corrections with what
  payroll was really sent.

Periods locked before this version keep the worked lines they hold at the upgrade as
their locked lines. Before it, a locked period's lines followed later changes and the next
final export paid the difference; a difference still waiting at the upgrade (a change
made after a lock, with the next period not yet sent) is taken as paid, so such a file is
best upgraded just after a final export.
"""

from __future__ import annotations

MIGRATION_NAME = "0022_locked_pay_lines"

_LINE = """
        assignment_id TEXT NOT NULL REFERENCES assignments(id),
        line_no INTEGER NOT NULL CHECK (line_no >= 0),
        staff_id TEXT NOT NULL,
        period_id TEXT NOT NULL REFERENCES pay_periods(id),
        cost_code TEXT NOT NULL,
        duty_date TEXT NOT NULL CHECK (duty_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        basis TEXT NOT NULL CHECK (basis IN ('worked', 'estimate')),
        code TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        rate TEXT NOT NULL,
        multiplier TEXT NOT NULL,
        amount_pence INTEGER NOT NULL,
        reason TEXT NOT NULL,
        corrects_period TEXT REFERENCES pay_periods(id),
        corrects_line INTEGER,
        CHECK (corrects_period IS NOT NULL OR (minutes >= 0 AND amount_pence >= 0)),
        CHECK (corrects_period IS NULL OR corrects_period <> period_id),
        CHECK (corrects_line IS NULL OR corrects_period IS NOT NULL)"""

_COPIED = ("assignment_id, line_no, staff_id, period_id, cost_code, duty_date, basis, code, minutes,"
           " rate, multiplier, amount_pence, reason")

STATEMENTS = (
    f"""
    CREATE TABLE pay_lines_0022 (
        id INTEGER PRIMARY KEY,{_LINE},
        UNIQUE (assignment_id, period_id, line_no)
    )
    """,
    f"INSERT INTO pay_lines_0022 (id, {_COPIED}) SELECT id, {_COPIED} FROM pay_lines",
    "DROP TABLE pay_lines",
    "ALTER TABLE pay_lines_0022 RENAME TO pay_lines",
    "CREATE INDEX idx_pay_lines_period ON pay_lines"
    " (period_id, basis, staff_id, code, cost_code, amount_pence)",
    f"""
    CREATE TABLE locked_pay_lines ({_LINE},
        CHECK (basis = 'worked'),
        PRIMARY KEY (assignment_id, period_id, line_no)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX idx_locked_pay_lines_period ON locked_pay_lines (period_id)",
    """
    CREATE TRIGGER locked_pay_lines_no_update BEFORE UPDATE ON locked_pay_lines
    BEGIN SELECT RAISE(ABORT, 'the lines of a locked pay period cannot be changed'); END
    """,
    """
    CREATE TRIGGER locked_pay_lines_no_delete BEFORE DELETE ON locked_pay_lines
    BEGIN SELECT RAISE(ABORT, 'the lines of a locked pay period cannot be removed'); END
    """,
    f"""
    INSERT INTO locked_pay_lines ({_COPIED})
    SELECT {', '.join('l.' + c.strip() for c in _COPIED.split(','))}
    FROM pay_lines l JOIN pay_periods p ON p.id = l.period_id
    WHERE p.status = 'locked' AND l.basis = 'worked'
    """,
    "CREATE INDEX idx_payroll_export_rows_duty ON payroll_export_rows (period_id, assignment_id, line_no)",
)
