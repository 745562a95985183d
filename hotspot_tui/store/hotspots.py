"""Places ranked by police records over chosen months: grid cells and LSOAs.

Every count is a GROUP BY in SQLite over the covering index on (month, crime type,
longitude, latitude, LSOA code, force-month); only the ranked page of places comes back. A
cell is the domain's arithmetic (`domain.grid`) on the record's own columns, its two
numbers folded into one integer key so that SQLite groups on a single value. The counts
month by month (for the trend) and each place's details are read for the ranked page
only, in one more query: a page of cells searches the index by month, crime type and the
longitudes of the page's columns; a page of LSOAs reads the months' entries for its codes.
Only each place's LSOA name comes from the table itself, one record a place.
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


def _types(crime_type: str | None, params: list[Any]) -> str:
    """The crime type as a condition the index is searched by: the one chosen, or every
    type the imported months hold (`police_month_types`)."""
    if crime_type is None:
        return "crime_type IN (SELECT DISTINCT crime_type FROM police_month_types)"
    params.append(crime_type)
    return "crime_type = ?"


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
                 spans: Sequence[tuple[float, float]], months: Sequence[str],
                 crime_type: str | None) -> dict[tuple[int, int], dict[str, Any]]:
    """For each of `cells`, over `months`: its records month by month (`by_month`), the
    force-months they came from (`force_months`), the LSOA most of them lie in with its name
    (`_latest_names`) and their middle. `spans` are longitudes the cells lie within, not
    meeting (`Grid.longitude_spans`): the index is searched by month, crime type and each
    span in turn, so only the page's columns are read, not the months whole."""
    if not cells or not months or not spans:
        return {}
    keys = [x * CELL_KEY + y for x, y in cells]
    params: list[Any] = [edge for span in spans for edge in span]
    params += [kx, ky, *months]
    types = _types(crime_type, params)
    params += [kx, ky, *keys]
    rows = db.execute(
        f"WITH spans(west, east) AS (VALUES {', '.join('(?, ?)' for _ in spans)}) "
        f"SELECT {_CELL_X} * {CELL_KEY} + {_CELL_Y} AS cell, lsoa_code, month, force_month_id, "
        "count(*) AS records, sum(latitude) AS lat, sum(longitude) AS lon, max(id) AS last "
        f"FROM spans CROSS JOIN police_records WHERE month IN ({_marks(months)}) AND {types} "
        f"AND longitude BETWEEN west AND east AND {_CELL_X} * {CELL_KEY} + {_CELL_Y} IN ({_marks(keys)}) "
        "GROUP BY cell, lsoa_code, month, force_month_id", params).fetchall()
    found: dict[int, dict[str, Any]] = {}
    lsoas: dict[tuple[int, str], list[Any]] = {}  # (cell, code): [records, (month, id) latest]
    for cell, code, month, force_month, records, lat, lon, last in rows:
        entry = found.get(cell)
        if entry is None:
            entry = found[cell] = {"by_month": {}, "force_months": set(), "records": 0, "lat": 0.0,
                                   "lon": 0.0, "lsoa_code": None}
        by_month = entry["by_month"]
        by_month[month] = by_month.get(month, 0) + records
        entry["force_months"].add(force_month)
        entry["records"] += records
        entry["lat"] += lat
        entry["lon"] += lon
        if code:
            lsoa = lsoas.get((cell, code))
            if lsoa is None:
                lsoas[(cell, code)] = [records, (month, last)]
            else:
                lsoa[0] += records
                lsoa[1] = max(lsoa[1], (month, last))
    main: dict[int, tuple[int, str]] = {}
    for (cell, code), (records, _) in lsoas.items():
        if cell not in main or (-records, code) < main[cell]:
            main[cell] = (-records, code)
    for cell, (_, code) in main.items():
        found[cell]["lsoa_code"] = code
    names = _latest_names(db, {cell: lsoas[(cell, code)][1][1] for cell, (_, code) in main.items()})
    for cell, entry in found.items():
        entry["lsoa_name"] = names.get(cell)
        entry["latitude"] = entry.pop("lat") / entry["records"]
        entry["longitude"] = entry.pop("lon") / entry["records"]
    return {(cell // CELL_KEY, cell % CELL_KEY): entry for cell, entry in found.items()}


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


def lsoa_details(db: SqlReader, codes: Sequence[str], months: Sequence[str],
                 crime_type: str | None) -> dict[str, dict[str, Any]]:
    """For each LSOA of `codes`, over `months`: its records month by month (`by_month`),
    the force-months they came from (`force_months`), the middle of its located records
    and its name (`_latest_names`); one pass over the index for the page."""
    if not codes or not months:
        return {}
    params: list[Any] = list(months)
    where = f"month IN ({_marks(months)})" + _type_filter(crime_type, params)
    params += list(codes)
    rows = db.execute(
        "SELECT lsoa_code, month, force_month_id, count(*), sum(latitude), sum(longitude), "
        f"count(latitude), max(id) FROM police_records WHERE {where} "
        f"AND lsoa_code IN ({_marks(codes)}) GROUP BY lsoa_code, month, force_month_id",
        params).fetchall()
    found: dict[str, dict[str, Any]] = {}
    latest: dict[str, tuple[str, int]] = {}
    for code, month, force_month, records, lat, lon, located, last in rows:
        entry = found.setdefault(code, {"by_month": {}, "force_months": set(), "lat": 0.0,
                                        "lon": 0.0, "located": 0})
        entry["by_month"][month] = entry["by_month"].get(month, 0) + records
        entry["force_months"].add(force_month)
        entry["lat"] += lat or 0.0
        entry["lon"] += lon or 0.0
        entry["located"] += located
        latest[code] = max(latest.get(code, (month, last)), (month, last))
    names = _latest_names(db, {code: last for code, (_, last) in latest.items()})
    for code, entry in found.items():
        located = entry.pop("located")
        lat, lon = entry.pop("lat"), entry.pop("lon")
        entry["latitude"] = lat / located if located else None
        entry["longitude"] = lon / located if located else None
        entry["lsoa_name"] = names.get(code)
    return found


def _latest_names(db: SqlReader, records: dict[Any, int]) -> dict[Any, str]:
    """Each place's LSOA name as its latest record of that LSOA gives it, `records` naming
    that record (the last stored of the latest month) for each place: one record read from
    the table a place, where the counts came from the index alone."""
    if not records:
        return {}
    names = dict(db.execute(
        f"SELECT id, lsoa_name FROM police_records WHERE id IN ({_marks(list(records.values()))})",
        list(records.values())).fetchall())
    return {place: names[record] for place, record in records.items() if names.get(record)}


def dicts_from(cursor: Any) -> list[dict[str, Any]]:
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor]
