"""Schema 0029: the operation report's figures per area and day, without scanning history.

- `patrol_day_worked` holds, for every (area, local date of the patrol), the number of
  patrols at least one person worked. The report's worked minutes and pence per area come
  from `patrol_day_totals` (schema v3, its 'worked' rows); this is the one figure that
  summary cannot give, as it counts assignments, not patrols.
- `outcome_day_totals` holds, for every (area, local date), the sum of each outcome count
  over the patrols whose outcomes are recorded, and how many those are.

Triggers keep both equal to a GROUP BY over assignments ⨝ shifts and outcomes ⨝ shifts in
the same transaction as every change: an assignment added, removed, changing status or
patrol, an outcome recorded, corrected or removed, and a patrol moving area or day. Rows
whose count reaches zero are removed. A report over the whole operation then reads a row
per area and day instead of every assignment.
"""

from __future__ import annotations

from hotspot_tui.store.row_triggers import summary_triggers

MIGRATION_NAME = "0029_report_totals"
COUNTS = ("arrests", "stop_searches", "weapons", "dispersals", "cpw", "cpn", "pspo",
          "informal_warnings", "other")
"""The outcome counts as they stand at this schema (`store.outcomes.COUNTS`, which a test
keeps equal: a later count must be added to this table by its own migration)."""
WORKED = "patrol_day_worked"
OUTCOMES = "outcome_day_totals"

TABLES = [
    f"""
    CREATE TABLE {WORKED} (
        area_id TEXT NOT NULL,
        local_date TEXT NOT NULL,
        patrols INTEGER NOT NULL CHECK (patrols >= 0),
        PRIMARY KEY (local_date, area_id)
    ) WITHOUT ROWID
    """,
    f"""
    CREATE TABLE {OUTCOMES} (
        area_id TEXT NOT NULL,
        local_date TEXT NOT NULL,
        patrols INTEGER NOT NULL CHECK (patrols >= 0),
        {", ".join(f"{c} INTEGER NOT NULL CHECK ({c} >= 0)" for c in COUNTS)},
        PRIMARY KEY (local_date, area_id)
    ) WITHOUT ROWID
    """,
]

FRESH_WORKED = """
    SELECT s.area_id, s.local_date, count(*) AS patrols
    FROM shifts s
    WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.shift_id = s.id AND a.status = 'worked')
    GROUP BY s.area_id, s.local_date
"""
"""What `patrol_day_worked` should hold, counted from scratch."""

FRESH_OUTCOMES = f"""
    SELECT s.area_id, s.local_date, count(*) AS patrols,
           {", ".join(f"sum(o.{c}) AS {c}" for c in COUNTS)}
    FROM outcomes o JOIN shifts s ON s.id = o.shift_id
    GROUP BY s.area_id, s.local_date
"""
"""What `outcome_day_totals` should hold, summed from scratch."""

REBUILD = [
    f"DELETE FROM {WORKED}",
    f"INSERT INTO {WORKED} (area_id, local_date, patrols) {FRESH_WORKED}",
    f"DELETE FROM {OUTCOMES}",
    f"INSERT INTO {OUTCOMES} (area_id, local_date, patrols, {', '.join(COUNTS)}) {FRESH_OUTCOMES}",
]


def _others_worked(r: str, shift: str) -> str:
    """Whether patrol `shift` has a worked assignment other than row `r`."""
    return (f"EXISTS (SELECT 1 FROM assignments x WHERE x.shift_id = {shift} "
            f"AND x.status = 'worked' AND x.id IS NOT {r}.id)")


def _patrol_key(shift: str) -> str:
    return f"(area_id, local_date) = (SELECT s.area_id, s.local_date FROM shifts s WHERE s.id = {shift})"


def _worked_add(r: str) -> str:
    """Row `r` worked on a patrol nobody else worked: the patrol now counts."""
    return f"""
        INSERT INTO {WORKED} (area_id, local_date, patrols)
        SELECT s.area_id, s.local_date, 1 FROM shifts s
        WHERE s.id = {r}.shift_id AND {r}.status = 'worked' AND NOT {_others_worked(r, f"{r}.shift_id")}
        ON CONFLICT (local_date, area_id) DO UPDATE SET patrols = patrols + 1;
    """


def _worked_remove(r: str) -> str:
    """Row `r` was worked and its patrol has no other worked row: it no longer counts."""
    when = f"{r}.status = 'worked' AND NOT {_others_worked(r, f'{r}.shift_id')}"
    return f"""
        UPDATE {WORKED} SET patrols = patrols - 1 WHERE {_patrol_key(f"{r}.shift_id")} AND {when};
        DELETE FROM {WORKED} WHERE {_patrol_key(f"{r}.shift_id")} AND patrols = 0;
    """


def _outcomes_add(r: str) -> str:
    return f"""
        INSERT INTO {OUTCOMES} (area_id, local_date, patrols, {", ".join(COUNTS)})
        SELECT s.area_id, s.local_date, 1, {", ".join(f"{r}.{c}" for c in COUNTS)}
        FROM shifts s WHERE s.id = {r}.shift_id
        ON CONFLICT (local_date, area_id) DO UPDATE SET patrols = patrols + 1,
            {", ".join(f"{c} = {c} + excluded.{c}" for c in COUNTS)};
    """


def _outcomes_remove(r: str) -> str:
    return f"""
        UPDATE {OUTCOMES} SET patrols = patrols - 1,
            {", ".join(f"{c} = {c} - {r}.{c}" for c in COUNTS)}
        WHERE {_patrol_key(f"{r}.shift_id")};
        DELETE FROM {OUTCOMES} WHERE {_patrol_key(f"{r}.shift_id")} AND patrols = 0;
    """


_MOVED = "OLD.area_id IS NOT NEW.area_id OR OLD.local_date IS NOT NEW.local_date"

TRIGGERS = [
    *summary_triggers(WORKED, "assignments", ("status", "shift_id"), _worked_add, _worked_remove),
    *summary_triggers(OUTCOMES, "outcomes", (*COUNTS, "shift_id"), _outcomes_add, _outcomes_remove),
    f"""
    CREATE TRIGGER {WORKED}_shift_moved AFTER UPDATE OF area_id, local_date ON shifts
    WHEN ({_MOVED})
      AND EXISTS (SELECT 1 FROM assignments a WHERE a.shift_id = NEW.id AND a.status = 'worked')
    BEGIN
        UPDATE {WORKED} SET patrols = patrols - 1
        WHERE area_id = OLD.area_id AND local_date = OLD.local_date;
        DELETE FROM {WORKED} WHERE area_id = OLD.area_id AND local_date = OLD.local_date
            AND patrols = 0;
        INSERT INTO {WORKED} (area_id, local_date, patrols) VALUES (NEW.area_id, NEW.local_date, 1)
        ON CONFLICT (local_date, area_id) DO UPDATE SET patrols = patrols + 1;
    END
    """,
    f"""
    CREATE TRIGGER {OUTCOMES}_shift_moved AFTER UPDATE OF area_id, local_date ON shifts
    WHEN {_MOVED}
    BEGIN
        UPDATE {OUTCOMES} SET patrols = patrols - 1,
            {", ".join(f"{c} = {c} - (SELECT {c} FROM outcomes WHERE shift_id = NEW.id)"
                       for c in COUNTS)}
        WHERE area_id = OLD.area_id AND local_date = OLD.local_date
          AND EXISTS (SELECT 1 FROM outcomes WHERE shift_id = NEW.id);
        DELETE FROM {OUTCOMES} WHERE area_id = OLD.area_id AND local_date = OLD.local_date
            AND patrols = 0;
        INSERT INTO {OUTCOMES} (area_id, local_date, patrols, {", ".join(COUNTS)})
        SELECT NEW.area_id, NEW.local_date, 1, {", ".join(COUNTS)}
        FROM outcomes WHERE shift_id = NEW.id
        ON CONFLICT (local_date, area_id) DO UPDATE SET patrols = patrols + 1,
            {", ".join(f"{c} = {c} + excluded.{c}" for c in COUNTS)};
    END
    """,
]

STATEMENTS = [*TABLES, *REBUILD, *TRIGGERS]
