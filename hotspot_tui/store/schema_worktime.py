"""Schema: normal duties, 48-hour opt-outs and working-time breaches.

- `normal_duties`: each person's own tours, rest days and leave as the force duty system
  exported them (`import duties`); an import replaces the person's duties on the days it
  covers. `week` is the Monday of `local_date`; `minutes` is the working time (0 for rest
  days and leave); `night` marks a night duty.
- `opt_outs`: a person's 48-hour opt-out, signed or withdrawn from a date; the latest row
  in force on a day says whether they have opted out then. Rows are only ever added.
- `working_time_breaches`: every working-time rule a live patrol assignment breaks, as
  the checks found it after the last change to that person's duties, with the reason the
  supervisor gave to override it (none: not overridden).
"""

from __future__ import annotations

BREACH_INDEXES = {
    "idx_breaches_start": "CREATE INDEX idx_breaches_start ON working_time_breaches (start_utc)",
    "idx_breaches_staff":
        "CREATE INDEX idx_breaches_staff ON working_time_breaches (staff_id, start_utc)",
}

STATEMENTS = (
    """
    CREATE TABLE normal_duties (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff(id),
        duty_type TEXT NOT NULL
            CHECK (duty_type IN ('early', 'late', 'night', 'day', 'rest_day', 'leave')),
        start_utc TEXT NOT NULL CHECK (start_utc GLOB '[0-9][0-9][0-9][0-9]-*Z'),
        end_utc TEXT NOT NULL CHECK (end_utc GLOB '[0-9][0-9][0-9][0-9]-*Z'),
        local_date TEXT NOT NULL
            CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        week TEXT NOT NULL CHECK (week GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        minutes INTEGER NOT NULL CHECK (minutes >= 0 AND minutes <= 960),
        night INTEGER NOT NULL DEFAULT 0 CHECK (night IN (0, 1)),
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        CHECK (end_utc > start_utc),
        CHECK (julianday(end_utc) - julianday(start_utc) <= 1.05)
    )
    """,
    "CREATE INDEX idx_normal_duties_staff_start ON normal_duties (staff_id, start_utc, end_utc, duty_type)",
    "CREATE INDEX idx_normal_duties_staff_day ON normal_duties (staff_id, local_date)",
    "CREATE INDEX idx_normal_duties_staff_week ON normal_duties (staff_id, week, minutes, night, duty_type)",
    """
    CREATE TABLE opt_outs (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff(id),
        effective_from TEXT NOT NULL
            CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        opted_out INTEGER NOT NULL CHECK (opted_out IN (0, 1)),
        reason TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    )
    """,
    "CREATE INDEX idx_opt_outs_staff ON opt_outs (staff_id, effective_from, recorded_at)",
    """
    CREATE TRIGGER opt_outs_no_update BEFORE UPDATE ON opt_outs
    BEGIN SELECT RAISE(ABORT, 'opt-outs are only ever added'); END
    """,
    """
    CREATE TABLE working_time_breaches (
        assignment_id TEXT NOT NULL REFERENCES assignments(id),
        rule TEXT NOT NULL,
        staff_id TEXT NOT NULL REFERENCES staff(id),
        start_utc TEXT NOT NULL,
        message TEXT NOT NULL,
        override_reason TEXT CHECK (override_reason IS NULL OR length(trim(override_reason)) > 0),
        found_at TEXT NOT NULL,
        PRIMARY KEY (assignment_id, rule)
    ) WITHOUT ROWID
    """,
    *BREACH_INDEXES.values(),
)
