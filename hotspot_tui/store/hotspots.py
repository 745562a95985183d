"""Places ranked by police records over chosen months: grid cells and LSOAs.

Every count is a GROUP BY in SQLite over the covering index on (month, crime type,
longitude, latitude, LSOA code); only the ranked page of places comes back. A cell is the
domain's arithmetic (`domain.grid`) on the record's own columns, its two numbers folded
into one integer key so that SQLite groups on a single value. The counts over other months
(the trend) and each place's details are read for the ranked page only, by index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotspot_tui.store.schema_history import SqlReader

CELL_KEY = 10_000_000
"""Cell numbers fold into one key as x * CELL_KEY + y: y is below 90° × 2,220 cells a
degree (50 m cells), far under ten million."""


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values) or "NULL"


def _type_filter(crime_type: str | None, params: list[Any]) -> str:
    if crime_type is None:
        return ""
    params.append(crime_type)
    return " AND crime_type = ?"


_CELL_X = "CAST((longitude + 180.0) * ? AS INTEGER)"
_CELL_Y = "CAST((latitude + 90.0) * ? AS INTEGER)"


def rank_cells(db: SqlReader, months: Sequence[str], crime_type: str | None, kx: float, ky: float,
               limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """The located records' cells over `months`, most records first (then by cell), a page:
    (x, y, records). `kx` and `ky` are the grid's cells per degree (`domain.grid.Grid`),
    bound as parameters so the multiplication is the domain's own, bit for bit."""
    params: list[Any] = [kx, ky, *months]
    where = f"month IN ({_marks(months)})" + _type_filter(crime_type, params)
    params += [limit, offset]
    cursor = db.execute(
        f"SELECT {_CELL_X} * {CELL_KEY} + {_CELL_Y} AS cell, count(*) AS records "
        f"FROM police_records WHERE {where} AND longitude IS NOT NULL "
        "GROUP BY cell ORDER BY records DESC, cell LIMIT ? OFFSET ?", params)
    return [{"x": cell // CELL_KEY, "y": cell % CELL_KEY, "records": n} for cell, n in cursor]


def cell_details(db: SqlReader, x: int, y: int, kx: float, ky: float,
                 box: tuple[float, float, float, float], during: Sequence[str],
                 before: Sequence[str], crime_type: str | None) -> dict[str, Any]:
    """One cell's records over the months `during` and `before` (the trend's two sides),
    the LSOA most of its records over both lie in (code and name; None if none) and the
    middle of those records.
    `box` is (south, west, north, east), a little wider than the cell, for the index."""
    months = [*during, *before]
    params: list[Any] = [*during, *before, box[0], box[2], box[1], box[3], *months]
    where = (f"latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ? AND month IN ({_marks(months)})"
             + _type_filter(crime_type, params))
    params += [kx, x, ky, y]
    rows = list(db.execute(
        f"SELECT lsoa_code, sum(month IN ({_marks(during)})) AS now, "
        f"sum(month IN ({_marks(before)})) AS earlier, count(*) AS records, "
        "sum(latitude) AS lat, sum(longitude) AS lon "
        f"FROM police_records INDEXED BY idx_police_records_place WHERE {where} "
        f"AND {_CELL_X} = ? AND {_CELL_Y} = ? "
        "GROUP BY lsoa_code ORDER BY records DESC, lsoa_code", params))
    main = next((r[0] for r in rows if r[0]), None)
    records = sum(r[3] for r in rows)
    return {"now": sum(r[1] for r in rows), "before": sum(r[2] for r in rows), "lsoa_code": main,
            "lsoa_name": lsoa_name(db, main) if main else None,
            "latitude": sum(r[4] for r in rows) / records if records else None,
            "longitude": sum(r[5] for r in rows) / records if records else None}


def rank_lsoas(db: SqlReader, months: Sequence[str], crime_type: str | None, limit: int,
               offset: int = 0) -> list[dict[str, Any]]:
    """LSOAs by their records over `months`, most first (then by code), a page:
    (lsoa_code, records)."""
    params: list[Any] = list(months)
    where = f"month IN ({_marks(months)})" + _type_filter(crime_type, params)
    params += [limit, offset]
    return dicts_from(db.execute(
        f"SELECT lsoa_code, count(*) AS records FROM police_records "
        f"INDEXED BY idx_police_records_month WHERE {where} AND lsoa_code IS NOT NULL "
        "GROUP BY lsoa_code ORDER BY records DESC, lsoa_code LIMIT ? OFFSET ?", params))


def lsoa_details(db: SqlReader, code: str, during: Sequence[str], before: Sequence[str],
                 crime_type: str | None) -> dict[str, Any]:
    """One LSOA's records over `during` and `before`, the middle of its located records
    (over every month loaded, so a place keeps one middle) and its name."""
    months = [*during, *before]
    params: list[Any] = [*during, *before, code, *months]
    where = f"lsoa_code = ? AND month IN ({_marks(months)})" + _type_filter(crime_type, params)
    now, earlier = db.execute(
        f"SELECT coalesce(sum(month IN ({_marks(during)})), 0), "
        f"coalesce(sum(month IN ({_marks(before)})), 0) FROM police_records "
        f"INDEXED BY idx_police_records_lsoa WHERE {where}", params).fetchone()
    lat, lon = db.execute(
        "SELECT avg(latitude), avg(longitude) FROM police_records INDEXED BY idx_police_records_lsoa "
        "WHERE lsoa_code = ? AND latitude IS NOT NULL", [code]).fetchone()
    return {"now": now, "before": earlier, "latitude": lat, "longitude": lon,
            "lsoa_name": lsoa_name(db, code)}


def lsoa_name(db: SqlReader, code: str) -> str | None:
    row = db.execute("SELECT lsoa_name FROM police_records INDEXED BY idx_police_records_lsoa "
                     "WHERE lsoa_code = ? AND lsoa_name IS NOT NULL LIMIT 1", [code]).fetchone()
    return row[0] if row else None


def dicts_from(cursor: Any) -> list[dict[str, Any]]:
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor]
