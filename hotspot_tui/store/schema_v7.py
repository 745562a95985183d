"""Schema v7: each person's extra-duty minutes per week.

`staff_week_minutes` holds, for every (week, person) with any live (planned or worked)
assignment, how many patrols and how many minutes (worked minutes once booked, rostered
minutes before). The week is the Monday of the patrol's day (`shifts.local_date`, a
Europe/London date), so a week runs Monday to Sunday as the person page's do. The candidate
picker's fairness order reads four weeks of it per person instead of summing a month of
everyone's assignments.

Triggers keep it equal to a GROUP BY over assignments ⨝ shifts in the same transaction as
every change: an assignment added, removed, changing status, person, patrol, times or worked
minutes, and a patrol moving to another day. Rows whose count reaches zero are removed.
Bulk loads drop the assignment triggers and rebuild it once (`store.summaries.rebuild`).
"""

from __future__ import annotations

from hotspot_tui.store.row_triggers import summary_triggers

TABLE = "staff_week_minutes"
LIVE = "('planned', 'worked')"


def week_of(local_date: str) -> str:
    """SQL for the Monday on or before a 'YYYY-MM-DD' date."""
    return f"date({local_date}, '-6 days', 'weekday 1')"


MINUTES = (
    "coalesce({r}.worked_minutes, "
    "CAST(round((julianday({r}.end_utc) - julianday({r}.start_utc)) * 1440) AS INTEGER))"
)

TABLES = [
    f"""
    CREATE TABLE {TABLE} (
        week TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        patrols INTEGER NOT NULL CHECK (patrols >= 0),
        minutes INTEGER NOT NULL,
        PRIMARY KEY (staff_id, week)
    ) WITHOUT ROWID
    """,
]

FRESH = f"""
    SELECT {week_of("s.local_date")} AS week, a.staff_id, count(*) AS patrols,
           sum({MINUTES.format(r="a")}) AS minutes
    FROM assignments a JOIN shifts s ON s.id = a.shift_id
    WHERE a.status IN {LIVE}
    GROUP BY week, a.staff_id
"""
"""What the table should hold, counted from scratch."""

REBUILD = [
    f"DELETE FROM {TABLE}",
    f"INSERT INTO {TABLE} (week, staff_id, patrols, minutes) {FRESH}",
]


def _add(r: str) -> str:
    return f"""
        INSERT INTO {TABLE} (week, staff_id, patrols, minutes)
        SELECT {week_of("s.local_date")}, {r}.staff_id, 1, {MINUTES.format(r=r)}
        FROM shifts s WHERE s.id = {r}.shift_id AND {r}.status IN {LIVE}
        ON CONFLICT (staff_id, week) DO UPDATE SET
            patrols = patrols + excluded.patrols,
            minutes = minutes + excluded.minutes;
    """


def _remove(r: str) -> str:
    key = (f"staff_id = {r}.staff_id AND week = (SELECT {week_of('s.local_date')} "
           f"FROM shifts s WHERE s.id = {r}.shift_id)")
    return f"""
        UPDATE {TABLE} SET patrols = patrols - 1, minutes = minutes - ({MINUTES.format(r=r)})
        WHERE {key} AND {r}.status IN {LIVE};
        DELETE FROM {TABLE} WHERE {key} AND patrols = 0;
    """


ASSIGNMENT_TRIGGERS = summary_triggers(
    "staff_week_minutes", "assignments",
    ("status", "staff_id", "shift_id", "start_utc", "end_utc", "worked_minutes"), _add, _remove)

_OLD_WEEK, _NEW_WEEK = week_of("OLD.local_date"), week_of("NEW.local_date")

SHIFT_TRIGGERS = [
    f"""
    CREATE TRIGGER staff_week_minutes_shift_moved AFTER UPDATE OF local_date ON shifts
    WHEN {_OLD_WEEK} IS NOT {_NEW_WEEK}
    BEGIN
        UPDATE {TABLE} SET
            patrols = patrols - (SELECT count(*) FROM assignments a
                                 WHERE a.shift_id = NEW.id AND a.staff_id = {TABLE}.staff_id
                                   AND a.status IN {LIVE}),
            minutes = minutes - (SELECT coalesce(sum({MINUTES.format(r="a")}), 0)
                                 FROM assignments a
                                 WHERE a.shift_id = NEW.id AND a.staff_id = {TABLE}.staff_id
                                   AND a.status IN {LIVE})
        WHERE week = {_OLD_WEEK} AND staff_id IN (SELECT staff_id FROM assignments
                                                  WHERE shift_id = NEW.id AND status IN {LIVE});
        DELETE FROM {TABLE} WHERE week = {_OLD_WEEK} AND patrols = 0
            AND staff_id IN (SELECT staff_id FROM assignments WHERE shift_id = NEW.id);
        INSERT INTO {TABLE} (week, staff_id, patrols, minutes)
        SELECT {_NEW_WEEK}, a.staff_id, count(*), sum({MINUTES.format(r="a")})
        FROM assignments a WHERE a.shift_id = NEW.id AND a.status IN {LIVE}
        GROUP BY a.staff_id
        ON CONFLICT (staff_id, week) DO UPDATE SET
            patrols = patrols + excluded.patrols,
            minutes = minutes + excluded.minutes;
    END
    """,
]

STATEMENTS = [*TABLES, *REBUILD, *ASSIGNMENT_TRIGGERS, *SHIFT_TRIGGERS]
