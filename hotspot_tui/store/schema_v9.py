"""Schema v9: the dashboard's money and hours without reading every area's every day.

`patrol_day_totals` (schema v3) holds a row per area, patrol day and status: a county's
years of patrols are tens of thousands of rows, and the dashboard summed them all at every
start. Two smaller summaries are kept from it by triggers, in the same transaction as every
change to it (and so to every assignment or patrol):

- `area_status_totals`: per area and status, over all days (the dashboard's totals and its
  area table);
- `day_status_totals`: per patrol day and status, over all areas (the week's figures and
  the spend line of the chart).

Rows whose count of patrols reaches zero are removed, as in `patrol_day_totals`.
"""

from __future__ import annotations

from hotspot_tui.store import schema_v3
from hotspot_tui.store.row_triggers import summary_triggers

SOURCE = schema_v3.TABLE
AREAS = "area_status_totals"
DAYS = "day_status_totals"
_SUMS = ("patrols", "pence", "minutes")
_KEYS = {AREAS: ("area_id", "status"), DAYS: ("local_date", "status")}

TABLES = [
    f"""
    CREATE TABLE {table} (
        {keys[0]} TEXT NOT NULL,
        status TEXT NOT NULL,
        patrols INTEGER NOT NULL,
        pence INTEGER NOT NULL,
        minutes INTEGER NOT NULL,
        PRIMARY KEY ({keys[0]}, status)
    ) WITHOUT ROWID
    """
    for table, keys in _KEYS.items()
]


def fresh(table: str) -> str:
    """What `table` should hold, counted from the assignments themselves."""
    key = _KEYS[table][0]
    return f"""
        SELECT s.{key}, a.status, count(*) AS patrols, sum(a.cost_pence) AS pence,
               sum({schema_v3.MINUTES.format(r="a")}) AS minutes
        FROM assignments a JOIN shifts s ON s.id = a.shift_id
        GROUP BY s.{key}, a.status
    """


def _rebuild(table: str) -> list[str]:
    key = _KEYS[table][0]
    return [
        f"DELETE FROM {table}",
        f"""
        INSERT INTO {table} ({key}, status, patrols, pence, minutes)
        SELECT {key}, status, sum(patrols), sum(pence), sum(minutes) FROM {SOURCE}
        GROUP BY {key}, status
        """,
    ]


REBUILD = [*_rebuild(AREAS), *_rebuild(DAYS)]


def _triggers(table: str) -> list[str]:
    key = _KEYS[table][0]

    def add(r: str) -> str:
        return f"""
            INSERT INTO {table} ({key}, status, patrols, pence, minutes)
            VALUES ({r}.{key}, {r}.status, {r}.patrols, {r}.pence, {r}.minutes)
            ON CONFLICT ({key}, status) DO UPDATE SET
                patrols = patrols + excluded.patrols,
                pence = pence + excluded.pence,
                minutes = minutes + excluded.minutes;
        """

    def remove(r: str) -> str:
        where = f"{key} = {r}.{key} AND status = {r}.status"
        return f"""
            UPDATE {table} SET patrols = patrols - {r}.patrols, pence = pence - {r}.pence,
                minutes = minutes - {r}.minutes
            WHERE {where};
            DELETE FROM {table} WHERE {where} AND patrols = 0;
        """

    return summary_triggers(table, SOURCE, ("area_id", "local_date", "status", *_SUMS), add, remove)


TRIGGERS = [*_triggers(AREAS), *_triggers(DAYS)]

STATEMENTS = [*TABLES, *REBUILD, *TRIGGERS]
