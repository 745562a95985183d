"""Schema version 3 (migration 0003_summaries): patrol money per area, day and status.

`patrol_day_totals` holds, for every (area, local date of the patrol, assignment status),
the number of assignments, the sum of `cost_pence` and the minutes (worked minutes for
worked rows, rostered minutes otherwise). The dashboard and the roster's area spend read it
instead of scanning a million assignments.

It is kept equal to a GROUP BY over assignments ⨝ shifts by triggers that run in the same
transaction as every change (insert, update, delete of assignments; a patrol moving area
or day). Bulk writers (`store.bulk.load_tables`, `services.costing.recost_all`) suspend the
triggers and rebuild the table set-based once at the end (`store.summaries.rebuild`).
Rows whose count reaches zero are removed.
"""

TABLE = "patrol_day_totals"

MINUTES = (
    "CASE WHEN {r}.status = 'worked' THEN coalesce({r}.worked_minutes, 0) ELSE "
    "CAST(round((julianday({r}.end_utc) - julianday({r}.start_utc)) * 1440) AS INTEGER) END"
)

TABLES = [
    f"""
    CREATE TABLE {TABLE} (
        area_id TEXT NOT NULL,
        local_date TEXT NOT NULL,
        status TEXT NOT NULL,
        patrols INTEGER NOT NULL,
        pence INTEGER NOT NULL,
        minutes INTEGER NOT NULL,
        PRIMARY KEY (area_id, local_date, status)
    ) WITHOUT ROWID
    """,
]

INDEXES = [
    # Covers the candidates' extra-minutes sums (a start_utc range of everyone's duties).
    "CREATE INDEX idx_assignments_start_minutes ON assignments "
    "(start_utc, status, staff_id, worked_minutes, end_utc)",
]

REBUILD = [
    f"DELETE FROM {TABLE}",
    f"""
    INSERT INTO {TABLE} (area_id, local_date, status, patrols, pence, minutes)
    SELECT s.area_id, s.local_date, a.status, count(*), sum(a.cost_pence),
           sum({MINUTES.format(r="a")})
    FROM assignments a JOIN shifts s ON s.id = a.shift_id
    WHERE true
    GROUP BY s.area_id, s.local_date, a.status
    """,
]


def _add(r: str) -> str:
    return f"""
        INSERT INTO {TABLE} (area_id, local_date, status, patrols, pence, minutes)
        SELECT s.area_id, s.local_date, {r}.status, 1, {r}.cost_pence, {MINUTES.format(r=r)}
        FROM shifts s WHERE s.id = {r}.shift_id
        ON CONFLICT (area_id, local_date, status) DO UPDATE SET
            patrols = patrols + excluded.patrols,
            pence = pence + excluded.pence,
            minutes = minutes + excluded.minutes;
    """


def _remove(r: str) -> str:
    key = (
        f"(area_id, local_date) = (SELECT s.area_id, s.local_date FROM shifts s "
        f"WHERE s.id = {r}.shift_id) AND status = {r}.status"
    )
    return f"""
        UPDATE {TABLE} SET patrols = patrols - 1, pence = pence - {r}.cost_pence,
            minutes = minutes - ({MINUTES.format(r=r)})
        WHERE {key};
        DELETE FROM {TABLE} WHERE {key} AND patrols = 0;
    """


ASSIGNMENT_TRIGGERS = [
    f"""
    CREATE TRIGGER patrol_day_totals_insert AFTER INSERT ON assignments
    BEGIN {_add("NEW")} END
    """,
    f"""
    CREATE TRIGGER patrol_day_totals_delete AFTER DELETE ON assignments
    BEGIN {_remove("OLD")} END
    """,
    f"""
    CREATE TRIGGER patrol_day_totals_update
    AFTER UPDATE OF status, cost_pence, worked_minutes, start_utc, end_utc, shift_id ON assignments
    WHEN OLD.status IS NOT NEW.status OR OLD.cost_pence IS NOT NEW.cost_pence
      OR OLD.worked_minutes IS NOT NEW.worked_minutes OR OLD.start_utc IS NOT NEW.start_utc
      OR OLD.end_utc IS NOT NEW.end_utc OR OLD.shift_id IS NOT NEW.shift_id
    BEGIN {_remove("OLD")} {_add("NEW")} END
    """,
]

SHIFT_TRIGGERS = [
    f"""
    CREATE TRIGGER patrol_day_totals_shift_moved
    AFTER UPDATE OF area_id, local_date ON shifts
    WHEN OLD.area_id IS NOT NEW.area_id OR OLD.local_date IS NOT NEW.local_date
    BEGIN
        UPDATE {TABLE} SET
            patrols = patrols - (SELECT count(*) FROM assignments a
                                 WHERE a.shift_id = NEW.id AND a.status = {TABLE}.status),
            pence = pence - (SELECT coalesce(sum(a.cost_pence), 0) FROM assignments a
                             WHERE a.shift_id = NEW.id AND a.status = {TABLE}.status),
            minutes = minutes - (SELECT coalesce(sum({MINUTES.format(r="a")}), 0) FROM assignments a
                                 WHERE a.shift_id = NEW.id AND a.status = {TABLE}.status)
        WHERE area_id = OLD.area_id AND local_date = OLD.local_date;
        DELETE FROM {TABLE} WHERE area_id = OLD.area_id AND local_date = OLD.local_date
            AND patrols = 0;
        INSERT INTO {TABLE} (area_id, local_date, status, patrols, pence, minutes)
        SELECT NEW.area_id, NEW.local_date, a.status, count(*), sum(a.cost_pence),
               sum({MINUTES.format(r="a")})
        FROM assignments a WHERE a.shift_id = NEW.id
        GROUP BY a.status
        ON CONFLICT (area_id, local_date, status) DO UPDATE SET
            patrols = patrols + excluded.patrols,
            pence = pence + excluded.pence,
            minutes = minutes + excluded.minutes;
    END
    """,
]

TRIGGERS = [*ASSIGNMENT_TRIGGERS, *SHIFT_TRIGGERS]
