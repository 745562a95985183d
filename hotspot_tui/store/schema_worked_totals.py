"""Schema 0031: each area's worked patrols over the whole operation, so that a report of
the whole operation reads a row per area however many years it has run.

`area_worked_totals` holds, for every area, the sum of `patrol_day_worked` (schema 0029)
over all its days: the patrols at least one person worked. Triggers on `patrol_day_worked`
keep it equal to that sum in the same transaction as every change (which schema 0029's
triggers carry there from the assignments and patrols); an area whose count reaches zero
is removed. With `area_status_totals` (schema v9: worked minutes and pence) and
`area_outcome_totals` (schema 0030), it gives every per-area figure of the report.
"""

from __future__ import annotations

from hotspot_tui.store.row_triggers import summary_triggers
from hotspot_tui.store.schema_report_totals import FRESH_WORKED, WORKED

MIGRATION_NAME = "0031_worked_totals"
TABLE = "area_worked_totals"

TABLES = [
    f"""
    CREATE TABLE {TABLE} (
        area_id TEXT PRIMARY KEY,
        patrols INTEGER NOT NULL CHECK (patrols >= 0)
    ) WITHOUT ROWID
    """,
]

FRESH = f"SELECT area_id, sum(patrols) AS patrols FROM ({FRESH_WORKED}) GROUP BY area_id"
"""What the table should hold, counted from the assignments themselves."""

REBUILD = [
    f"DELETE FROM {TABLE}",
    f"INSERT INTO {TABLE} (area_id, patrols) SELECT area_id, sum(patrols) FROM {WORKED} "
    "GROUP BY area_id",
]


def _add(r: str) -> str:
    return f"""
        INSERT INTO {TABLE} (area_id, patrols) VALUES ({r}.area_id, {r}.patrols)
        ON CONFLICT (area_id) DO UPDATE SET patrols = patrols + excluded.patrols;
    """


def _remove(r: str) -> str:
    return f"""
        UPDATE {TABLE} SET patrols = patrols - {r}.patrols WHERE area_id = {r}.area_id;
        DELETE FROM {TABLE} WHERE area_id = {r}.area_id AND patrols = 0;
    """


TRIGGERS = summary_triggers(TABLE, WORKED, ("area_id", "patrols"), _add, _remove)

STATEMENTS = [*TABLES, *REBUILD, *TRIGGERS]
