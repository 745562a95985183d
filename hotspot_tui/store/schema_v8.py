"""Schema v8: the dashboard's first figures without scanning history.

- `area_arrests` holds each area's arrests, summed over its patrols' outcomes. Triggers keep
  it equal to a GROUP BY over outcomes ⨝ shifts in the same transaction as every change: an
  outcome recorded, corrected or removed, and a patrol moving to another area. Areas whose
  total reaches zero are removed.
- Assignments made over a working-time rule get a partial index by start: the week's
  overrides are found without reading the week's other assignments.
"""

from __future__ import annotations

from hotspot_tui.store.row_triggers import summary_triggers

TABLE = "area_arrests"

TABLES = [
    f"""
    CREATE TABLE {TABLE} (
        area_id TEXT PRIMARY KEY,
        arrests INTEGER NOT NULL CHECK (arrests >= 0)
    ) WITHOUT ROWID
    """,
]

INDEXES = [
    "CREATE INDEX idx_assignments_overrides ON assignments (start_utc) "
    "WHERE override_reason IS NOT NULL",
]

FRESH = """
    SELECT s.area_id, sum(o.arrests) AS arrests
    FROM outcomes o JOIN shifts s ON s.id = o.shift_id
    GROUP BY s.area_id
    HAVING sum(o.arrests) > 0
"""
"""What the table should hold, counted from scratch."""

REBUILD = [
    f"DELETE FROM {TABLE}",
    f"INSERT INTO {TABLE} (area_id, arrests) {FRESH}",
]


def _add(r: str) -> str:
    return f"""
        INSERT INTO {TABLE} (area_id, arrests)
        SELECT s.area_id, {r}.arrests FROM shifts s WHERE s.id = {r}.shift_id AND {r}.arrests > 0
        ON CONFLICT (area_id) DO UPDATE SET arrests = arrests + excluded.arrests;
    """


def _remove(r: str) -> str:
    key = f"area_id = (SELECT s.area_id FROM shifts s WHERE s.id = {r}.shift_id)"
    return f"""
        UPDATE {TABLE} SET arrests = arrests - {r}.arrests WHERE {key} AND {r}.arrests > 0;
        DELETE FROM {TABLE} WHERE {key} AND arrests = 0;
    """


TRIGGERS = [
    *summary_triggers("area_arrests", "outcomes", ("arrests", "shift_id"), _add, _remove),
    f"""
    CREATE TRIGGER area_arrests_shift_moved AFTER UPDATE OF area_id ON shifts
    WHEN OLD.area_id IS NOT NEW.area_id
    BEGIN
        UPDATE {TABLE} SET arrests = arrests - coalesce(
            (SELECT arrests FROM outcomes WHERE shift_id = NEW.id), 0)
        WHERE area_id = OLD.area_id;
        DELETE FROM {TABLE} WHERE area_id = OLD.area_id AND arrests = 0;
        INSERT INTO {TABLE} (area_id, arrests)
        SELECT NEW.area_id, arrests FROM outcomes WHERE shift_id = NEW.id AND arrests > 0
        ON CONFLICT (area_id) DO UPDATE SET arrests = arrests + excluded.arrests;
    END
    """,
]

STATEMENTS = [*TABLES, *INDEXES, *REBUILD, *TRIGGERS]
