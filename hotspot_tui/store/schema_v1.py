"""Schema version 1. Frozen once released: later versions add migrations, never edit this."""

TABLES = [
    """
    CREATE TABLE areas (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        district TEXT NOT NULL CHECK (length(trim(district)) > 0),
        cost_code TEXT NOT NULL UNIQUE CHECK (length(trim(cost_code)) > 0),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE employers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        kind TEXT NOT NULL CHECK (kind IN ('force', 'council', 'bid')),
        weekday_rate_pence INTEGER CHECK (weekday_rate_pence >= 0),
        weekend_rate_pence INTEGER CHECK (weekend_rate_pence >= 0),
        holiday_rate_pence INTEGER CHECK (holiday_rate_pence >= 0),
        created_at TEXT NOT NULL,
        CHECK (kind = 'force' OR (weekday_rate_pence IS NOT NULL
               AND weekend_rate_pence IS NOT NULL AND holiday_rate_pence IS NOT NULL))
    )
    """,
    """
    CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        payroll_number TEXT NOT NULL UNIQUE CHECK (length(trim(payroll_number)) > 0),
        collar_number TEXT UNIQUE,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        kind TEXT NOT NULL CHECK (kind IN ('officer', 'pcso', 'ceo')),
        rank TEXT CHECK (rank IN ('constable', 'sergeant', 'inspector', 'chief_inspector',
                                  'superintendent', 'chief_superintendent')),
        employer_id TEXT NOT NULL REFERENCES employers(id),
        home_area_id TEXT REFERENCES areas(id),
        pay_basis TEXT NOT NULL CHECK (pay_basis IN ('annual', 'hourly', 'recharge')),
        annual_salary_pence INTEGER CHECK (annual_salary_pence >= 0),
        hourly_rate_pence INTEGER CHECK (hourly_rate_pence >= 0),
        contracted_weekly_minutes INTEGER NOT NULL DEFAULT 0
            CHECK (contracted_weekly_minutes BETWEEN 0 AND 3360),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((kind = 'officer') = (rank IS NOT NULL)),
        CHECK (pay_basis <> 'annual' OR annual_salary_pence IS NOT NULL),
        CHECK (pay_basis <> 'hourly' OR hourly_rate_pence IS NOT NULL),
        CHECK ((kind = 'ceo') = (pay_basis = 'recharge'))
    )
    """,
    """
    CREATE TABLE pay_rules (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE patterns (
        id TEXT PRIMARY KEY,
        area_id TEXT NOT NULL REFERENCES areas(id),
        description TEXT NOT NULL,
        rrule TEXT NOT NULL,
        start_local TEXT NOT NULL CHECK (start_local GLOB '[0-2][0-9]:[0-5][0-9]'),
        end_local TEXT NOT NULL CHECK (end_local GLOB '[0-2][0-9]:[0-5][0-9]'),
        need_officer INTEGER NOT NULL DEFAULT 0 CHECK (need_officer >= 0),
        need_pcso INTEGER NOT NULL DEFAULT 0 CHECK (need_pcso >= 0),
        need_ceo INTEGER NOT NULL DEFAULT 0 CHECK (need_ceo >= 0),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE shifts (
        id TEXT PRIMARY KEY,
        area_id TEXT NOT NULL REFERENCES areas(id),
        start_utc TEXT NOT NULL CHECK (start_utc GLOB '[0-9][0-9][0-9][0-9]-*Z'),
        end_utc TEXT NOT NULL CHECK (end_utc GLOB '[0-9][0-9][0-9][0-9]-*Z'),
        local_date TEXT NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        need_officer INTEGER NOT NULL DEFAULT 0 CHECK (need_officer >= 0),
        need_pcso INTEGER NOT NULL DEFAULT 0 CHECK (need_pcso >= 0),
        need_ceo INTEGER NOT NULL DEFAULT 0 CHECK (need_ceo >= 0),
        status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
        pattern_id TEXT REFERENCES patterns(id),
        notes TEXT NOT NULL DEFAULT '',
        cancel_reason TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (end_utc > start_utc),
        CHECK (julianday(end_utc) - julianday(start_utc) <= 1),
        CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
    )
    """,
    """
    CREATE TABLE assignments (
        id TEXT PRIMARY KEY,
        shift_id TEXT NOT NULL REFERENCES shifts(id),
        staff_id TEXT NOT NULL REFERENCES staff(id),
        status TEXT NOT NULL DEFAULT 'planned'
            CHECK (status IN ('planned', 'worked', 'cancelled', 'no_show')),
        start_utc TEXT NOT NULL,
        end_utc TEXT NOT NULL,
        actual_start_utc TEXT,
        actual_end_utc TEXT,
        told_on TEXT CHECK (told_on IS NULL OR told_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        rest_day INTEGER NOT NULL DEFAULT 0 CHECK (rest_day IN (0, 1)),
        casual INTEGER NOT NULL DEFAULT 0 CHECK (casual IN (0, 1)),
        straight_on INTEGER NOT NULL DEFAULT 0 CHECK (straight_on IN (0, 1)),
        reason TEXT,
        override_reason TEXT,
        worked_minutes INTEGER CHECK (worked_minutes >= 0),
        cost_pence INTEGER NOT NULL DEFAULT 0 CHECK (cost_pence >= 0),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (shift_id, staff_id),
        CHECK (end_utc > start_utc),
        CHECK (julianday(end_utc) - julianday(start_utc) <= 1),
        CHECK (status <> 'worked' OR (actual_start_utc IS NOT NULL AND actual_end_utc IS NOT NULL)),
        CHECK (actual_end_utc IS NULL OR actual_end_utc > actual_start_utc),
        CHECK (actual_end_utc IS NULL OR julianday(actual_end_utc) - julianday(actual_start_utc) <= 1),
        CHECK (override_reason IS NULL OR length(trim(override_reason)) > 0)
    )
    """,
    """
    CREATE TABLE outcomes (
        shift_id TEXT PRIMARY KEY REFERENCES shifts(id),
        arrests INTEGER NOT NULL DEFAULT 0 CHECK (arrests >= 0),
        stop_searches INTEGER NOT NULL DEFAULT 0 CHECK (stop_searches >= 0),
        weapons INTEGER NOT NULL DEFAULT 0 CHECK (weapons >= 0),
        dispersals INTEGER NOT NULL DEFAULT 0 CHECK (dispersals >= 0),
        cpw INTEGER NOT NULL DEFAULT 0 CHECK (cpw >= 0),
        cpn INTEGER NOT NULL DEFAULT 0 CHECK (cpn >= 0),
        pspo INTEGER NOT NULL DEFAULT 0 CHECK (pspo >= 0),
        other INTEGER NOT NULL DEFAULT 0 CHECK (other >= 0),
        notes TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE budget (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        grant_pence INTEGER NOT NULL CHECK (grant_pence >= 0),
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (ends_on > starts_on)
    )
    """,
    """
    CREATE TABLE area_allocations (
        area_id TEXT PRIMARY KEY REFERENCES areas(id),
        allocation_pence INTEGER NOT NULL CHECK (allocation_pence >= 0),
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE spend_lines (
        id TEXT PRIMARY KEY,
        description TEXT NOT NULL CHECK (length(trim(description)) > 0),
        category TEXT NOT NULL DEFAULT 'crime prevention',
        area_id TEXT REFERENCES areas(id),
        amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
        spent_on TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE pay_periods (
        id TEXT PRIMARY KEY,
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'locked')),
        locked_at TEXT,
        locked_by TEXT,
        CHECK (ends_on > starts_on),
        CHECK (status <> 'locked' OR (locked_at IS NOT NULL AND locked_by IS NOT NULL))
    )
    """,
    """
    CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at_utc TEXT NOT NULL,
        actor TEXT NOT NULL CHECK (length(trim(actor)) > 0),
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        shift_id TEXT,
        staff_id TEXT,
        reason TEXT,
        details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
    )
    """,
]

INDEXES = [
    "CREATE INDEX idx_areas_district ON areas (district, name)",
    "CREATE INDEX idx_staff_kind_name ON staff (kind, active, name)",
    "CREATE INDEX idx_staff_name ON staff (name COLLATE NOCASE)",
    "CREATE INDEX idx_staff_employer ON staff (employer_id)",
    "CREATE INDEX idx_shifts_area_start ON shifts (area_id, start_utc)",
    "CREATE INDEX idx_shifts_start ON shifts (start_utc)",
    "CREATE INDEX idx_shifts_local_date ON shifts (local_date, area_id)",
    "CREATE INDEX idx_assignments_staff_start ON assignments (staff_id, start_utc)",
    "CREATE INDEX idx_assignments_shift ON assignments (shift_id, status)",
    "CREATE INDEX idx_assignments_start ON assignments (start_utc, status)",
    "CREATE INDEX idx_spend_lines_spent_on ON spend_lines (spent_on)",
    "CREATE INDEX idx_audit_staff ON audit_log (staff_id, seq)",
    "CREATE INDEX idx_audit_shift ON audit_log (shift_id, seq)",
    "CREATE INDEX idx_audit_actor ON audit_log (actor, seq)",
    "CREATE INDEX idx_audit_at ON audit_log (at_utc)",
]

TRIGGERS = [
    """
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
    """,
    """
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
    """,
    """
    CREATE TRIGGER assignments_no_double_booking_insert BEFORE INSERT ON assignments
    WHEN NEW.status IN ('planned', 'worked')
    BEGIN
        SELECT RAISE(ABORT, 'double booking: this person is already on a patrol at that time')
        WHERE EXISTS (
            SELECT 1 FROM assignments a
            WHERE a.staff_id = NEW.staff_id
              AND a.status IN ('planned', 'worked')
              AND a.start_utc > strftime('%Y-%m-%dT%H:%M:%SZ', NEW.start_utc, '-1 day')
              AND a.start_utc < NEW.end_utc
              AND a.end_utc > NEW.start_utc
        );
    END
    """,
    """
    CREATE TRIGGER assignments_no_double_booking_update
    BEFORE UPDATE OF status, start_utc, end_utc, staff_id ON assignments
    WHEN NEW.status IN ('planned', 'worked')
    BEGIN
        SELECT RAISE(ABORT, 'double booking: this person is already on a patrol at that time')
        WHERE EXISTS (
            SELECT 1 FROM assignments a
            WHERE a.staff_id = NEW.staff_id
              AND a.id <> NEW.id
              AND a.status IN ('planned', 'worked')
              AND a.start_utc > strftime('%Y-%m-%dT%H:%M:%SZ', NEW.start_utc, '-1 day')
              AND a.start_utc < NEW.end_utc
              AND a.end_utc > NEW.start_utc
        );
    END
    """,
]
