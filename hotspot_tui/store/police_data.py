"""Police data: imported force-months and their records, areas' geographies, and the
records counted inside each area (`area_crime_counts`)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from hotspot_tui.store import schema_area_force_index
from hotspot_tui.store.rows import dicts
from hotspot_tui.store.schema_history import SqlReader

if TYPE_CHECKING:
    from sqlite_utils import Database

    from hotspot_tui.domain.geography import Box

_CHUNK = 400


class UnfitRow(ValueError):
    """A row the records cannot hold as it stands: too few values, or one coordinate
    without the other (rows checked elsewhere reach the store unchecked)."""
_MONTH = re.compile(r"\d{4}-\d{2}")


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


# ------------------------------------------------------------------ force-months and records

def find_force_month(db: SqlReader, force: str, month: str) -> dict[str, Any] | None:
    rows = dicts(db, "SELECT * FROM police_force_months WHERE force = :force AND month = :month",
                 {"force": force, "month": month})
    return rows[0] if rows else None


def delete_force_month(db: SqlReader, force_month_id: int, month: str) -> None:
    """The force-month and all its records (an import replacing it)."""
    db.execute("DELETE FROM police_records WHERE month = ? AND force_month_id = ?",
               [month, force_month_id])
    db.execute("DELETE FROM police_month_types WHERE force_month_id = ?", [force_month_id])
    db.execute("DELETE FROM police_force_months WHERE id = ?", [force_month_id])


def insert_force_month(db: SqlReader, *, force: str, month: str, source_file: str, sample: bool,
                       imported_at: str, imported_by: str) -> int:
    """A new force-month with no rows yet (its records follow; `finish_force_month` counts)."""
    cursor = db.execute(
        "INSERT INTO police_force_months (force, month, source_file, rows, unlocated, sample, "
        "imported_at, imported_by) VALUES (?, ?, ?, 0, 0, ?, ?, ?)",
        [force, month, source_file, int(sample), imported_at, imported_by])
    return int(cursor.lastrowid)


_RECORD_COLUMNS = ("force_month_id, month, crime_id, longitude, latitude, location, lsoa_code, "
                   "lsoa_name, crime_type, last_outcome, context")
STORED = (0, 4, 5, 6, 7, 8, 9, 10, 11)
"""The places in a file's row of the values the records keep: crime id, longitude,
latitude, location, LSOA code and name, crime type, outcome, context (the month is the
file's, and the force is the force-month's)."""
_TRIMMED = ("({force_month_id}, '{month}', NULLIF(TRIM(?), ''), NULLIF(?, ''), NULLIF(?, ''), "
            "TRIM(?), NULLIF(TRIM(?), ''), NULLIF(TRIM(?), ''), TRIM(?), NULLIF(TRIM(?), ''), "
            "NULLIF(TRIM(?), ''))")
"""The coordinates go in as the file writes them (plain decimals, checked): the columns'
REAL affinity stores each as the number it spells."""
_UNPADDED = _TRIMMED.replace("TRIM(", "(")
"""The same values when none has a space at either end: TRIM would return each as it is,
at the cost of a copy of every value."""
TEXT_PLACES = (0, 6, 7, 8, 9, 10, 11)
"""The places in a file's row of the values kept as text, each trimmed."""


def insert_kept(db: Database, force_month_id: int, month: str, values: Iterable[Sequence[str]],
                *, trim: bool) -> None:
    """Of each row of a file (of the file's `month`), the values the records keep (at the
    places `STORED` names, in that order), as the force-month's records, in one
    `executemany`: an empty value as none, the coordinates as numbers, and each text value
    trimmed of spaces if `trim` (a caller whose values may have spaces at their ends that
    does not know it yet writes them untrimmed, then calls `trim_records`). UnfitRow for a
    row the records cannot hold."""
    if not _MONTH.fullmatch(month):
        raise ValueError(f"not a month: {month!r}")
    sql = _TRIMMED if trim else _UNPADDED
    try:
        db.conn.executemany(f"INSERT INTO police_records ({_RECORD_COLUMNS}) VALUES "
                            + sql.format(force_month_id=int(force_month_id), month=month), values)
    except (IndexError, sqlite3.IntegrityError):
        raise UnfitRow("a row the records cannot hold") from None


def trim_records(db: SqlReader, force_month_id: int, month: str) -> None:
    """The force-month's records with each text value trimmed of spaces, as `insert_kept`
    writes them when told to trim (an empty value as none)."""
    db.execute(
        "UPDATE police_records SET crime_id = NULLIF(TRIM(crime_id), ''), location = TRIM(location), "
        "lsoa_code = NULLIF(TRIM(lsoa_code), ''), lsoa_name = NULLIF(TRIM(lsoa_name), ''), "
        "crime_type = TRIM(crime_type), last_outcome = NULLIF(TRIM(last_outcome), ''), "
        "context = NULLIF(TRIM(context), '') WHERE month = ? AND force_month_id = ?",
        [month, force_month_id])


def finish_force_month(db: SqlReader, force_month_id: int, month: str) -> tuple[int, int]:
    """The force-month's totals by type and its counts, from its records (read from the
    records' index); (rows, rows without a location)."""
    db.execute(
        "INSERT INTO police_month_types (force_month_id, crime_type, records, unlocated) "
        "SELECT force_month_id, crime_type, count(*), count(*) - count(longitude) FROM police_records "
        "WHERE month = ? AND force_month_id = ? GROUP BY crime_type", [month, force_month_id])
    rows, unlocated = db.execute(
        "SELECT coalesce(sum(records), 0), coalesce(sum(unlocated), 0) FROM police_month_types "
        "WHERE force_month_id = ?", [force_month_id]).fetchone()
    db.execute("UPDATE police_force_months SET rows = ?, unlocated = ? WHERE id = ?",
               [rows, unlocated, force_month_id])
    return int(rows), int(unlocated)


def force_months(db: SqlReader) -> list[dict[str, Any]]:
    return dicts(db, "SELECT id, force, month, source_file, rows, unlocated, sample, imported_at, "
                     "imported_by FROM police_force_months ORDER BY month, force")


def holds_sample(db: SqlReader) -> bool:
    """Whether any imported force-month is generated demonstration data."""
    found = db.execute("SELECT EXISTS (SELECT 1 FROM police_force_months WHERE sample = 1)").fetchone()
    return bool(found[0])


def crime_types(db: SqlReader) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT crime_type FROM police_month_types ORDER BY crime_type")]


def month_type_totals(db: SqlReader, first: str, last: str) -> list[dict[str, Any]]:
    """Every force's records by month and crime type (the forces' own figures)."""
    return dicts(db, "SELECT fm.month, t.crime_type, sum(t.records) AS records, "
                     "sum(t.unlocated) AS unlocated FROM police_month_types t "
                     "JOIN police_force_months fm ON fm.id = t.force_month_id "
                     "WHERE fm.month BETWEEN :first AND :last GROUP BY fm.month, t.crime_type "
                     "ORDER BY fm.month, t.crime_type", {"first": first, "last": last})


def records_of_month(db: SqlReader, month: str) -> list[tuple[Any, ...]]:
    """(crime type, latitude, longitude, LSOA code) of every record of a month (tests, checks)."""
    return list(db.execute("SELECT crime_type, latitude, longitude, lsoa_code FROM police_records "
                           "WHERE month = ?", [month]))


# ------------------------------------------------------------------ geographies

def geographies(db: SqlReader, area_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Each area with a geography (with the area's name and whether it is active)."""
    sql = ("SELECT g.*, a.name AS area_name, a.active AS area_active FROM area_geographies g "
           "JOIN areas a ON a.id = g.area_id")
    if area_ids is None:
        return dicts(db, sql + " ORDER BY a.name")
    ids = sorted(set(area_ids))
    params = {f"a{i}": v for i, v in enumerate(ids)}
    marks = ", ".join(f":{k}" for k in params) or "NULL"
    return dicts(db, f"{sql} WHERE g.area_id IN ({marks}) ORDER BY a.name", params)


def set_geography(db: SqlReader, row: dict[str, Any]) -> dict[str, Any] | None:
    """Store an area's geography in place of any it had; the one it had, or None."""
    before = dicts(db, "SELECT * FROM area_geographies WHERE area_id = :id", {"id": row["area_id"]})
    columns = list(row)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "area_id")
    db.execute(
        f"INSERT INTO area_geographies ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join(f':{c}' for c in columns)}) "
        f"ON CONFLICT (area_id) DO UPDATE SET {updates}", row)
    return before[0] if before else None


def clear_geography(db: SqlReader, area_id: str) -> dict[str, Any] | None:
    before = dicts(db, "SELECT * FROM area_geographies WHERE area_id = :id", {"id": area_id})
    db.execute("DELETE FROM area_geographies WHERE area_id = ?", [area_id])
    return before[0] if before else None


# ------------------------------------------------------------------ counting inside areas

def _month_filter(months: Sequence[str] | None, params: list[Any]) -> str:
    if months is None:
        return ""
    params.extend(months)
    return f" AND month IN ({_marks(months)})"


def lsoa_counts(db: SqlReader, codes: Sequence[str],
                months: Sequence[str] | None) -> list[tuple[str, str, int, int]]:
    """(month, crime type, force-month id, records) of the records in any of the LSOAs."""
    out: list[tuple[str, str, int, int]] = []
    for i in range(0, len(codes), _CHUNK):
        chunk = list(codes[i:i + _CHUNK])
        params: list[Any] = list(chunk)
        where = f"lsoa_code IN ({_marks(chunk)})" + _month_filter(months, params)
        out += [(r[0], r[1], r[2], r[3]) for r in db.execute(
            f"SELECT month, crime_type, force_month_id, count(*) FROM police_records WHERE {where} "
            "GROUP BY month, crime_type, force_month_id", params)]
    return out


def force_names(db: SqlReader) -> dict[int, str]:
    """Each imported force-month's id with its force."""
    return {int(r[0]): str(r[1]) for r in db.execute("SELECT id, force FROM police_force_months")}


def records_in_box(db: SqlReader, box: Box, months: Sequence[str] | None) -> list[tuple[Any, ...]]:
    """(month, crime type, latitude, longitude, force-month id) of the located records in
    the box. Every month and crime type is named, so that the index is searched by month,
    type and longitude rather than read whole."""
    if months is None:
        months = [r[0] for r in db.execute("SELECT DISTINCT month FROM police_force_months")]
    types = [r[0] for r in db.execute("SELECT DISTINCT crime_type FROM police_month_types")]
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(months), _CHUNK // 4):
        chunk = list(months[i:i + _CHUNK // 4])
        out += db.execute(
            f"SELECT month, crime_type, latitude, longitude, force_month_id FROM police_records "
            f"WHERE month IN ({_marks(chunk)}) AND crime_type IN ({_marks(types)}) "
            "AND longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?",
            [*chunk, *types, box.min_lon, box.max_lon, box.min_lat, box.max_lat]).fetchall()
    return out


def replace_area_counts(db: Database, area_id: str, months: Sequence[str] | None,
                        counts: dict[tuple[str, str, str], int]) -> None:
    """The area's counts for `months` (None: every month) replaced by `counts`, keyed by
    (month, crime type, force)."""
    params: list[Any] = [area_id]
    db.execute("DELETE FROM area_crime_counts WHERE area_id = ?" + _month_filter(months, params), params)
    rows = [(area_id, month, crime_type, force, n)
            for (month, crime_type, force), n in sorted(counts.items()) if n]
    db.conn.executemany("INSERT INTO area_crime_counts (area_id, month, crime_type, force, records) "
                        "VALUES (?, ?, ?, ?, ?)", rows)


def unsplit_months(db: SqlReader) -> list[str]:
    """The months whose counts inside areas were kept without their force by the upgrade
    to schema 0025 (several forces held them): they are counted again."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT month FROM area_crime_counts WHERE force = '' ORDER BY month")]


def area_forces(db: SqlReader, area_ids: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(area id, force) for each force whose records lie inside the area in any month
    (counts kept without their force, `force = ''`, name none). Each area's forces are
    found one after the other, each by a seek in the index by area and force (schema
    0032): the cost is a seek per force, not a read of every month's counts."""
    if area_ids is None:
        areas, ids = "SELECT id FROM areas", []
    else:
        ids = sorted(set(area_ids))
        areas = f"SELECT id FROM areas WHERE id IN ({_marks(ids) or 'NULL'})"
    return [(r[0], r[1]) for r in db.execute(
        f"""
        WITH RECURSIVE hop(area_id, force) AS (
            SELECT a.id, ({_NEXT_FORCE.format(area="a.id", after="''")}) FROM ({areas}) a
            UNION ALL
            SELECT h.area_id, ({_NEXT_FORCE.format(area="h.area_id", after="h.force")})
            FROM hop h WHERE h.force IS NOT NULL
        )
        SELECT area_id, force FROM hop WHERE force IS NOT NULL ORDER BY area_id, force
        """, ids)]


_NEXT_FORCE = ("SELECT min(c.force) FROM area_crime_counts c "
               f"INDEXED BY {schema_area_force_index.INDEX} "
               "WHERE c.area_id = {area} AND c.force > {after}")


def held_force_months(db: SqlReader) -> list[tuple[str, str]]:
    """(force, month) of every imported force-month."""
    return [(r[0], r[1]) for r in db.execute("SELECT force, month FROM police_force_months")]


def delete_area_counts(db: SqlReader, area_id: str) -> None:
    db.execute("DELETE FROM area_crime_counts WHERE area_id = ?", [area_id])


def area_counts(db: SqlReader, first: str, last: str, crime_type: str | None,
                area_ids: Sequence[str] | None) -> list[dict[str, Any]]:
    """(area_id, month, records) summed over one crime type or all, months first..last."""
    params: dict[str, Any] = {"first": first, "last": last}
    where = "c.month BETWEEN :first AND :last"
    if crime_type is not None:
        where += " AND c.crime_type = :type"
        params["type"] = crime_type
    if area_ids is not None:
        params.update({f"a{i}": v for i, v in enumerate(sorted(set(area_ids)))})
        marks = ", ".join(f":a{i}" for i in range(len(set(area_ids)))) or "NULL"
        where += f" AND c.area_id IN ({marks})"
    return dicts(db, f"SELECT c.area_id, c.month, sum(c.records) AS records FROM area_crime_counts c "
                     f"WHERE {where} GROUP BY c.area_id, c.month ORDER BY c.area_id, c.month", params)


def loaded_months(db: SqlReader, first: str, last: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT month FROM police_force_months WHERE month BETWEEN ? AND ? ORDER BY month",
        [first, last])]
