"""Schema v12: pay facts that change over time, time off owed, locked recharge statements.

- `staff_pay_history`: a person's pay facts (kind, employer, rank, pay basis, salary or
  hourly rate, contracted weekly minutes), each row in force from `effective_from` (a force date) until
  the next row. A person with no rows is paid from the `staff` row's facts throughout;
  the first dated change records those as the facts in force from `0001-01-01` (from the
  start), so history is never lost. The `staff` columns hold the latest facts.
- `employer_rate_history`: the same for a council's or BID's recharge rates; the
  `employers` columns hold the latest rates.
- `time_off_owed`: replacement rest days, days in lieu and PCSO time off, each kept with
  the assignment that earned it (recomputed whenever its pay is), and when it was taken.
- `recharge_statement_rows`: what each council's statement for a locked pay period held,
  row for row, adjustments for earlier periods included. Append-only, like
  `payroll_export_rows`: a locked period's statement re-exports byte for byte.
"""

from __future__ import annotations

_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"

STATEMENTS = (
    f"""
    CREATE TABLE staff_pay_history (
        staff_id TEXT NOT NULL REFERENCES staff(id),
        effective_from TEXT NOT NULL CHECK (effective_from {_DATE}),
        kind TEXT NOT NULL CHECK (kind IN ('officer', 'pcso', 'ceo')),
        employer_id TEXT NOT NULL REFERENCES employers(id),
        rank TEXT CHECK (rank IN ('constable', 'sergeant', 'inspector', 'chief_inspector',
                                  'superintendent', 'chief_superintendent')),
        pay_basis TEXT NOT NULL CHECK (pay_basis IN ('annual', 'hourly', 'recharge')),
        annual_salary_pence INTEGER CHECK (annual_salary_pence >= 0),
        hourly_rate_pence INTEGER CHECK (hourly_rate_pence >= 0),
        contracted_weekly_minutes INTEGER NOT NULL DEFAULT 0
            CHECK (contracted_weekly_minutes BETWEEN 0 AND 3360),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        PRIMARY KEY (staff_id, effective_from),
        CHECK ((kind = 'officer') = (rank IS NOT NULL)),
        CHECK ((kind = 'ceo') = (pay_basis = 'recharge')),
        CHECK (pay_basis <> 'annual' OR annual_salary_pence IS NOT NULL),
        CHECK (pay_basis <> 'hourly' OR hourly_rate_pence IS NOT NULL)
    ) WITHOUT ROWID
    """,
    f"""
    CREATE TABLE employer_rate_history (
        employer_id TEXT NOT NULL REFERENCES employers(id),
        effective_from TEXT NOT NULL CHECK (effective_from {_DATE}),
        weekday_rate_pence INTEGER NOT NULL CHECK (weekday_rate_pence >= 0),
        weekend_rate_pence INTEGER NOT NULL CHECK (weekend_rate_pence >= 0),
        holiday_rate_pence INTEGER NOT NULL CHECK (holiday_rate_pence >= 0),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        PRIMARY KEY (employer_id, effective_from)
    ) WITHOUT ROWID
    """,
    f"""
    CREATE TABLE time_off_owed (
        assignment_id TEXT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('replacement_rest_day', 'day_in_lieu', 'pcso_time_off')),
        for_date TEXT NOT NULL CHECK (for_date {_DATE}),
        staff_id TEXT NOT NULL REFERENCES staff(id),
        period_id TEXT NOT NULL,
        basis TEXT NOT NULL CHECK (basis IN ('worked', 'estimate')),
        due_by TEXT NOT NULL CHECK (due_by {_DATE}),
        reason TEXT NOT NULL,
        earned INTEGER NOT NULL DEFAULT 1 CHECK (earned IN (0, 1)),
        taken_on TEXT CHECK (taken_on IS NULL OR taken_on {_DATE}),
        taken_by TEXT,
        PRIMARY KEY (assignment_id, kind, for_date),
        CHECK ((taken_on IS NULL) = (taken_by IS NULL))
    ) WITHOUT ROWID
    """,
    "CREATE INDEX idx_time_off_staff ON time_off_owed (staff_id, for_date)",
    "CREATE INDEX idx_time_off_open ON time_off_owed (taken_on, earned, basis, due_by)",
    "CREATE INDEX idx_time_off_period ON time_off_owed (period_id, basis)",
    """
    CREATE TABLE recharge_statement_rows (
        period_id TEXT NOT NULL REFERENCES pay_periods(id),
        employer_id TEXT NOT NULL REFERENCES employers(id),
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
        PRIMARY KEY (period_id, employer_id, ordinal),
        CHECK (for_period = coalesce(adjustment_for, period_id))
    ) WITHOUT ROWID
    """,
    "CREATE INDEX idx_recharge_statement_rows_for ON recharge_statement_rows (employer_id, for_period)",
    # statements of periods locked before statements were kept: as their lines stand now
    """
    INSERT INTO recharge_statement_rows (period_id, employer_id, ordinal, for_period,
        adjustment_for, staff_id, payroll_number, name, kind, employer, pay_code, cost_code,
        minutes, rate, multiplier, amount_pence)
    SELECT pp.id, e.id,
           row_number() OVER (PARTITION BY pp.id, e.id
                              ORDER BY st.payroll_number, l.code, l.cost_code, l.rate, l.multiplier),
           pp.id, NULL, l.staff_id, st.payroll_number, st.name, st.kind, e.name, l.code, l.cost_code,
           sum(l.minutes), l.rate, l.multiplier, sum(l.amount_pence)
    FROM pay_periods pp JOIN pay_lines l ON l.period_id = pp.id AND l.basis = 'worked'
    JOIN staff st ON st.id = l.staff_id JOIN employers e ON e.id = st.employer_id
    WHERE pp.status = 'locked' AND e.kind <> 'force'
    GROUP BY pp.id, e.id, l.staff_id, l.code, l.cost_code, l.rate, l.multiplier
    """,
    """
    CREATE TRIGGER recharge_statement_rows_no_update BEFORE UPDATE ON recharge_statement_rows
    BEGIN SELECT RAISE(ABORT, 'a locked recharge statement cannot be changed'); END
    """,
    """
    CREATE TRIGGER recharge_statement_rows_no_delete BEFORE DELETE ON recharge_statement_rows
    BEGIN SELECT RAISE(ABORT, 'a locked recharge statement cannot be changed'); END
    """,
)
