"""Schema 0030: each area's outcomes over the whole operation, so that the dashboard's
outcome figures cost the same in a file of five years as in a file of one month.

`area_outcome_totals` holds, for every area, the sums of `outcome_day_totals` (schema
0029) over all its days: the patrols whose outcomes are recorded and each outcome count.
Triggers on `outcome_day_totals` keep it equal to that sum in the same transaction as every
change (which schema 0029's triggers carry there from the outcomes and patrols); an area
whose patrols reach zero is removed.
"""

from __future__ import annotations

from hotspot_tui.store.row_triggers import summary_triggers
from hotspot_tui.store.schema_report_totals import COUNTS, OUTCOMES

MIGRATION_NAME = "0030_outcome_totals"
TABLE = "area_outcome_totals"

TABLES = [
    f"""
    CREATE TABLE {TABLE} (
        area_id TEXT PRIMARY KEY,
        patrols INTEGER NOT NULL CHECK (patrols >= 0),
        {", ".join(f"{c} INTEGER NOT NULL CHECK ({c} >= 0)" for c in COUNTS)}
    ) WITHOUT ROWID
    """,
]

FRESH = f"""
    SELECT s.area_id, count(*) AS patrols, {", ".join(f"sum(o.{c}) AS {c}" for c in COUNTS)}
    FROM outcomes o JOIN shifts s ON s.id = o.shift_id
    GROUP BY s.area_id
"""
"""What the table should hold, summed from the outcomes themselves."""

REBUILD = [
    f"DELETE FROM {TABLE}",
    f"""
    INSERT INTO {TABLE} (area_id, patrols, {", ".join(COUNTS)})
    SELECT area_id, sum(patrols), {", ".join(f"sum({c})" for c in COUNTS)}
    FROM {OUTCOMES} GROUP BY area_id
    """,
]


def _add(r: str) -> str:
    return f"""
        INSERT INTO {TABLE} (area_id, patrols, {", ".join(COUNTS)})
        VALUES ({r}.area_id, {r}.patrols, {", ".join(f"{r}.{c}" for c in COUNTS)})
        ON CONFLICT (area_id) DO UPDATE SET patrols = patrols + excluded.patrols,
            {", ".join(f"{c} = {c} + excluded.{c}" for c in COUNTS)};
    """


def _remove(r: str) -> str:
    return f"""
        UPDATE {TABLE} SET patrols = patrols - {r}.patrols,
            {", ".join(f"{c} = {c} - {r}.{c}" for c in COUNTS)}
        WHERE area_id = {r}.area_id;
        DELETE FROM {TABLE} WHERE area_id = {r}.area_id AND patrols = 0;
    """


TRIGGERS = summary_triggers(TABLE, OUTCOMES, ("area_id", "patrols", *COUNTS), _add, _remove)

STATEMENTS = [*TABLES, *REBUILD, *TRIGGERS]
