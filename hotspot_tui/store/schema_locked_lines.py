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
- `locked_lines_to_take`: locked periods whose pay lines here are still to be made their
  locked lines (this copy's own bookkeeping, never synced). The next session that may
  write does it (`services.costing.ensure_costed`) and costs again the duties whose lines
  change.

Periods locked before this version: before it, a locked period's lines followed later
changes, and the next final export paid the difference between them and what had been sent
for the period (its own rows and the adjustments sent for it since: payroll rows for force
staff, the statement of their council or BID for everyone else), per person, pay element,
cost code, rate and multiplier. A difference still waiting at the upgrade (a booking
corrected, a no-show or a rate changed after the lock, before the next period was sent) is
in no file yet and must still be paid. So a period's locked lines are what was sent, not
its lines as they stand (`store.locked_as_sent`, the rule in `domain.sent_lines`):

- a person whose lines add up, group by group, to what was sent keeps them as they are;
- otherwise, in each group that does not add up, a line takes what its duty's row in the
  period's own payroll file held (nothing if the duty had no row: booked after the lock),
  where that file names duties; in a council statement, or a file of grouped rows, it keeps
  its figures now. What was sent besides (adjustments sent since, grouped rows) is placed
  on the lines: first bringing a line back towards its figures now (the change an
  adjustment paid), then on lines of duties changed since the lock, then the others, never
  taking a line below nothing. A row sent for a line that has gone since (a rate changed,
  a no-show) stays a line of its duty under the number it was sent as (when free); a group
  with no line at all is carried by one of the person's duties in the period, one paid
  under the group's cost code (and changed since the lock) first. Changed or added lines
  say "as sent for PERIOD".

Each group then adds up to what was sent, in minutes and in pence, and no locked line is
negative. The periods where this differs from the lines as they stand are noted in
`locked_lines_to_take`; once their pay lines are made their locked lines, the duties whose
lines changed are costed again, and the adjustment rule (`domain.pay_adjustments`) pays,
in the next open period, group by group and to the penny, what the version before would
have paid at its next final export, on the duty that changed.
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

LOCKED_COLUMNS = ("assignment_id", "line_no", "staff_id", "period_id", "cost_code", "duty_date", "basis",
                  "code", "minutes", "rate", "multiplier", "amount_pence", "reason")
"""The columns a locked line has (as a pay line before this version had them)."""
_COPIED = ", ".join(LOCKED_COLUMNS)

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
    CREATE TABLE locked_lines_to_take (
        period_id TEXT PRIMARY KEY REFERENCES pay_periods(id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX idx_payroll_export_rows_duty ON payroll_export_rows (period_id, assignment_id, line_no)",
)
"""The tables; then `store.locked_as_sent.record_locked_lines`, then `APPEND_ONLY`."""

APPEND_ONLY = (
    """
    CREATE TRIGGER locked_pay_lines_no_update BEFORE UPDATE ON locked_pay_lines
    BEGIN SELECT RAISE(ABORT, 'the lines of a locked pay period cannot be changed'); END
    """,
    """
    CREATE TRIGGER locked_pay_lines_no_delete BEFORE DELETE ON locked_pay_lines
    BEGIN SELECT RAISE(ABORT, 'the lines of a locked pay period cannot be removed'); END
    """,
)
