"""Places ranked by police records over chosen months: grid cells and LSOAs.

Every count is a GROUP BY in SQLite over the covering index on (month, crime type,
longitude, latitude, LSOA code); only the ranked page of places comes back. A cell is the
domain's arithmetic (`domain.grid`) on the record's own columns, its two numbers folded
into one integer key so that SQLite groups on a single value. The counts over other months
(the trend) and each place's details are read for the ranked page only, in one more pass.
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


def cell_details(db: SqlReader, cells: Sequence[tuple[int, int]], kx: float, ky: float,
                 months: Sequence[str], during: Sequence[str], before: Sequence[str],
                 crime_type: str | None) -> dict[tuple[int, int], dict[str, Any]]:
    """For each of `cells`: its records over the months `during` and `before` (the trend's
    two sides), and over all of `months` the LSOA most of them lie in and their middle;
    one pass over the index for the whole page."""
    if not cells or not months:
        return {}
    keys = [x * CELL_KEY + y for x, y in cells]
    params: list[Any] = [kx, ky, *during, *before, *months]
    where = f"month IN ({_marks(months)})" + _type_filter(crime_type, params)
    params += [kx, ky, *keys]
    rows = db.execute(
        f"SELECT {_CELL_X} * {CELL_KEY} + {_CELL_Y} AS cell, lsoa_code, "
        f"coalesce(sum(month IN ({_marks(during)})), 0) AS now, "
        f"coalesce(sum(month IN ({_marks(before)})), 0) AS earlier, "
        "count(*) AS records, sum(latitude) AS lat, sum(longitude) AS lon "
        f"FROM police_records WHERE {where} AND longitude IS NOT NULL "
        f"AND {_CELL_X} * {CELL_KEY} + {_CELL_Y} IN ({_marks(keys)}) "
        "GROUP BY cell, lsoa_code ORDER BY cell, records DESC, lsoa_code", params).fetchall()
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for cell, code, now, earlier, records, lat, lon in rows:
        entry = found.setdefault((cell // CELL_KEY, cell % CELL_KEY), {
            "now": 0, "before": 0, "records": 0, "lat": 0.0, "lon": 0.0, "lsoa_code": None})
        entry["now"] += now
        entry["before"] += earlier
        entry["records"] += records
        entry["lat"] += lat
        entry["lon"] += lon
        if entry["lsoa_code"] is None and code:
            entry["lsoa_code"] = code
    names = lsoa_names(db, [e["lsoa_code"] for e in found.values() if e["lsoa_code"]], months)
    for entry in found.values():
        entry["lsoa_name"] = names.get(entry["lsoa_code"])
        entry["latitude"] = entry.pop("lat") / entry["records"]
        entry["longitude"] = entry.pop("lon") / entry["records"]
    return found


def rank_lsoas(db: SqlReader, months: Sequence[str], crime_type: str | None, limit: int,
               offset: int = 0) -> list[dict[str, Any]]:
    """LSOAs by their records over `months`, most first (then by code), a page:
    (lsoa_code, records)."""
    params: list[Any] = list(months)
    where = f"month IN ({_marks(months)})" + _type_filter(crime_type, params)
    params += [limit, offset]
    return dicts_from(db.execute(
        f"SELECT lsoa_code, count(*) AS records FROM police_records "
        f"WHERE {where} AND lsoa_code IS NOT NULL "
        "GROUP BY lsoa_code ORDER BY records DESC, lsoa_code LIMIT ? OFFSET ?", params))


def lsoa_details(db: SqlReader, codes: Sequence[str], months: Sequence[str], during: Sequence[str],
                 before: Sequence[str], crime_type: str | None) -> dict[str, dict[str, Any]]:
    """For each LSOA of `codes`: its records over `during` and `before`, the middle of its
    located records over `months`, and its name; one pass over the index for the page."""
    if not codes or not months:
        return {}
    params: list[Any] = [*during, *before, *months]
    where = f"month IN ({_marks(months)})" + _type_filter(crime_type, params)
    params += list(codes)
    rows = db.execute(
        f"SELECT lsoa_code, coalesce(sum(month IN ({_marks(during)})), 0), "
        f"coalesce(sum(month IN ({_marks(before)})), 0), "
        f"avg(latitude), avg(longitude) FROM police_records WHERE {where} "
        f"AND lsoa_code IN ({_marks(codes)}) GROUP BY lsoa_code", params).fetchall()
    names = lsoa_names(db, codes, months)
    return {code: {"now": now, "before": earlier, "latitude": lat, "longitude": lon,
                   "lsoa_name": names.get(code)} for code, now, earlier, lat, lon in rows}


def lsoa_names(db: SqlReader, codes: Sequence[str], months: Sequence[str]) -> dict[str, str]:
    """The names of the LSOAs of `codes`, as the records of `months` give them."""
    if not codes or not months:
        return {}
    return {code: name for code, name in db.execute(
        f"SELECT lsoa_code, max(lsoa_name) FROM police_records WHERE month IN ({_marks(months)}) "
        f"AND lsoa_code IN ({_marks(codes)}) GROUP BY lsoa_code", [*months, *codes])}


def dicts_from(cursor: Any) -> list[dict[str, Any]]:
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor]
