"""The operation report's figures for a range of local days, per area.

A range that holds every day a summary has a row for (the whole operation, as the report
is asked for by default) is answered from the per-area totals kept beside the per-day ones
(schemas v9, 0030 and 0031): a row per area, however many years the operation has run.
Any other range sums the per-day rows of its days."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hotspot_tui.store import (
    schema_outcome_totals,
    schema_report_totals,
    schema_v3,
    schema_v9,
    schema_worked_totals,
)
from hotspot_tui.store.outcomes import COUNTS

OUTCOME_COLUMNS = COUNTS


def area_by_name(db: Database, name: str) -> dict[str, Any] | None:
    rows = list(db.query(
        "SELECT id, name FROM areas WHERE name = :name COLLATE NOCASE", {"name": name.strip()}
    ))
    return rows[0] if rows else None


def areas(db: Database, area_id: str | None = None) -> list[dict[str, Any]]:
    if area_id:
        return list(db.query("SELECT id, name, district FROM areas WHERE id = ?", [area_id]))
    return list(db.query("SELECT id, name, district FROM areas ORDER BY name"))


def area_first_entries(db: Database, area_ids: list[str] | None = None) -> dict[str, str]:
    """Each area's first audit entry adding or placing it: area id → UTC text."""
    sql = ("SELECT entity_id, min(at_utc) FROM audit_log WHERE entity = 'area' "
           "AND action IN ('area.add', 'area.geography')")
    params: list[Any] = []
    if area_ids is not None:
        sql += f" AND entity_id IN ({', '.join('?' for _ in area_ids) or 'NULL'})"
        params = list(area_ids)
    return {str(r[0]): str(r[1]) for r in db.execute(sql + " GROUP BY entity_id", params)}


def set_up_at(db: Database) -> str | None:
    """When the operation was set up (its set-up's last entry, UTC text), or None."""
    row = db.execute("SELECT max(at_utc) FROM audit_log WHERE (entity = 'operation' AND action = "
                     "'operation.setup') OR (entity = 'budget' AND action = 'budget.create')").fetchone()
    return None if row is None or row[0] is None else str(row[0])


def budget_row(db: Database) -> dict[str, Any] | None:
    rows = list(db.query("SELECT name, grant_pence, starts_on, ends_on FROM budget WHERE id = 1"))
    return rows[0] if rows else None


def _area_filter(area_id: str | None, column: str) -> str:
    return f" AND {column} = :area_id" if area_id else ""


def _holds_every_day(db: Database, table: str, first: str, last: str, where: str = "1") -> bool:
    """Whether every row of the per-day summary `table` (those matching `where`) has its
    local day in first..last. Its first and last day are read from the start and end of an
    index on the day, not by reading the rows."""
    low, high = db.execute(
        f"SELECT (SELECT min(local_date) FROM {table} WHERE {where}), "
        f"(SELECT max(local_date) FROM {table} WHERE {where})").fetchone()
    return low is None or (first <= low and high <= last)


def patrols_by_area(db: Database, first: str, last: str, area_id: str | None = None) -> list[dict[str, Any]]:
    """Patrols whose local day is first..last with someone who worked them (each counted
    once, however many worked it), and their worked minutes and pence: from the summaries
    kept per area and day (schemas v3 and 0029), or per area (v9 and 0031) when the range
    holds all their days; not the assignments."""
    params = {"first": first, "last": last, "area_id": area_id}
    if _holds_every_day(db, schema_v3.TABLE, first, last, "status = 'worked'"):
        money_sql = (f"SELECT area_id, minutes, pence FROM {schema_v9.AREAS} "
                     f"WHERE status = 'worked'{_area_filter(area_id, 'area_id')}")
    else:
        money_sql = (f"SELECT area_id, sum(minutes), sum(pence) FROM {schema_v3.TABLE} "
                     f"WHERE status = 'worked' AND local_date BETWEEN :first AND :last"
                     f"{_area_filter(area_id, 'area_id')} GROUP BY area_id")
    money = {r[0]: r[1:] for r in db.execute(money_sql, params)}
    if _holds_every_day(db, schema_report_totals.WORKED, first, last):
        worked_sql = (f"SELECT area_id, patrols FROM {schema_worked_totals.TABLE} "
                      f"WHERE 1{_area_filter(area_id, 'area_id')}")
    else:
        worked_sql = (f"SELECT area_id, sum(patrols) FROM {schema_report_totals.WORKED} "
                      f"WHERE local_date BETWEEN :first AND :last{_area_filter(area_id, 'area_id')} "
                      "GROUP BY area_id")
    found = []
    for area, patrols in db.execute(worked_sql, params):
        minutes, pence = money.get(area, (0, 0))
        found.append({"area_id": area, "patrols": patrols, "minutes": minutes, "pence": pence})
    return found


def outcomes_by_area(db: Database, first: str, last: str, area_id: str | None = None) -> list[dict[str, Any]]:
    """Each outcome count of the patrols whose local day is first..last, per area (areas
    with outcomes recorded)."""
    if _holds_every_day(db, schema_report_totals.OUTCOMES, first, last):
        return list(db.query(
            f"SELECT area_id, {', '.join(OUTCOME_COLUMNS)} FROM {schema_outcome_totals.TABLE} "
            f"WHERE 1{_area_filter(area_id, 'area_id')}", {"area_id": area_id}))
    sums = ", ".join(f"sum({c}) AS {c}" for c in OUTCOME_COLUMNS)
    return list(db.query(
        f"""
        SELECT area_id, {sums}
        FROM {schema_report_totals.OUTCOMES}
        WHERE local_date BETWEEN :first AND :last{_area_filter(area_id, "area_id")}
        GROUP BY area_id
        """,
        {"first": first, "last": last, "area_id": area_id},
    ))


def spend_lines_by_area(
    db: Database, first: str, last: str, area_id: str | None = None
) -> list[dict[str, Any]]:
    """Non-patrol spend per area (area_id NULL: operation-wide lines)."""
    return list(db.query(
        f"""
        SELECT area_id, coalesce(sum(amount_pence), 0) AS pence
        FROM spend_lines
        WHERE spent_on BETWEEN :first AND :last{_area_filter(area_id, "area_id")}
        GROUP BY area_id
        """,
        {"first": first, "last": last, "area_id": area_id},
    ))
