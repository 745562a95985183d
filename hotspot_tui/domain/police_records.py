"""The data.police.uk street-level file: its header, and each row checked into a record.

One file holds one force's month (e.g. `2018-12-hertfordshire-street.csv`). Anti-social
behaviour rows have no Crime ID and no outcome; rows whose place was withheld have no
coordinates (kept, counted as unlocated). Values hold commas, semicolons and parentheses:
the file is read with a real CSV parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

HEADER = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
          "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")
COLUMNS = len(HEADER)
CRIME_TYPES = (
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs",
    "Other crime", "Other theft", "Possession of weapons", "Public order", "Robbery",
    "Shoplifting", "Theft from the person", "Vehicle crime", "Violence and sexual offences",
)
"""The crime types data.police.uk uses now (older files have a few others; they are kept)."""
ASB = "Anti-social behaviour"
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
FILE_MONTH = re.compile(r"(\d{4}-\d{2})-")
MAX_CELL = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROLS = (*map(chr, range(0x20)), "\x7f")


class RowProblem(ValueError):
    """What is wrong with one row, in a few words (the caller adds the line number)."""


def is_header(cells: list[str]) -> bool:
    return tuple(c.strip() for c in cells) == HEADER


def header_problem(cells: list[str]) -> str:
    """Why a first row is not the street-level header, in one line."""
    got = [c.strip() for c in cells]
    if got and got[0].startswith("\ufeff"):
        got[0] = got[0][1:]
    for expected, found in zip(HEADER, got, strict=False):
        if expected != found:
            return (f"the header should be the data.police.uk street-level one "
                    f"({','.join(HEADER)}); found {found[:30]!r} where {expected!r} belongs")
    return (f"the header should be the data.police.uk street-level one ({','.join(HEADER)}); "
            f"found {len(got)} columns, not {COLUMNS}")


def month_of_name(name: str) -> str | None:
    """The month a data.police.uk file's name starts with ('2018-12-...'), if it does."""
    match = FILE_MONTH.match(name)
    return match.group(1) if match and MONTH.fullmatch(match.group(1)) else None


def check_month(text: str) -> str:
    month = text.strip()
    if not MONTH.fullmatch(month):
        raise RowProblem(f"Month {text[:20]!r} is not a month (YYYY-MM)")
    return month


NUMBER = re.compile(r"-?\d{1,3}(?:\.\d{1,12})?")
"""A coordinate as the files write it (a plain decimal: no spaces, exponents or signs but
a leading minus), so that the store reads it as the same number."""
_PLACE = re.compile(r"-?(?:(?:1[0-7]\d|\d{1,2})(?:\.\d{1,12})?|180(?:\.0{1,12})?),"
                    r"-?(?:[0-8]?\d(?:\.\d{1,12})?|90(?:\.0{1,12})?)")
"""'longitude,latitude', both plain decimals in range: the common case in one match."""


def _coordinate(text: str, what: str, limit: float) -> RowProblem | None:
    if not NUMBER.fullmatch(text):
        return RowProblem(f"{what} {text[:20]!r} is not a number")
    if not -limit <= float(text) <= limit:
        return RowProblem(f"{what} {text[:20]!r} is out of range")
    return None


def check_row(cells: list[str], month: str, force: str) -> None:
    """RowProblem unless the row is a street-level record of the file's `month` and `force`
    (every row's Month and Reported by): twelve values, none too long, a crime type, and
    both coordinates (plain decimals, in range) or neither. The store keeps its values as
    they are, trimmed of spaces, an empty one as none and the coordinates as numbers."""
    if len(cells) == COLUMNS and cells[1] == month and cells[2] == force:
        joined = "".join(cells)
        lon, lat = cells[4], cells[5]
        if (len(joined) <= MAX_CELL and not _CONTROL.search(joined) and cells[9]
                and not cells[9].isspace() and (_PLACE.fullmatch(f"{lon},{lat}") or not (lon or lat))):
            return
    _problem(cells, month, force)


_PLACES = re.compile(f"(?:(?:{_PLACE.pattern}|,)\n)*+(?:{_PLACE.pattern}|,)")
"""Each line 'longitude,latitude' (both in range, as `_PLACE`) or ',' (no place). Each
line but the last is matched with its line break, so none is ever tried again (`*+`)."""


def rows_pass(rows: Sequence[list[str]], month: str, force: str) -> bool:
    """True only if every row passes `check_row`'s quick test (`columns_pass`, given the
    rows' columns). False says only that some row needs `check_row` to find out."""
    if not rows or set(map(len, rows)) != {COLUMNS}:
        return False
    joined = list(map("".join, rows))
    return columns_pass(list(zip(*rows, strict=True)), "".join(joined), max(map(len, joined)),
                        month, force)


def columns_pass(columns: Sequence[Sequence[str]], text: str, longest: int, month: str,
                 force: str) -> bool:
    """True only if every row of a batch, given as its twelve columns (each a value a row),
    passes `check_row`'s quick test: the same test made over the whole batch at once (each
    step runs over all the rows in C, not a Python step per row). `text`: every value of
    the batch, with nothing between them but characters that are not control characters
    (commas will do); `longest`: at least the length of the longest row's values joined (a
    line's length with its commas will do). False says only that some row needs
    `check_row` to find out."""
    if len(columns) != COLUMNS or not columns[0] or longest > MAX_CELL:
        return False
    if set(columns[1]) != {month} or set(columns[2]) != {force}:
        return False
    if any(map(text.__contains__, _CONTROLS)):
        return False
    if not all(map(str.strip, columns[9])):
        return False
    return _PLACES.fullmatch("\n".join(map(",".join, zip(columns[4], columns[5], strict=True)))) is not None


def _problem(cells: list[str], month: str, force: str) -> None:
    """What is wrong with a row the quick test did not pass (RowProblem), if anything."""
    if len(cells) != COLUMNS:
        raise RowProblem(f"{len(cells)} columns, not {COLUMNS}")
    if cells[1] != month:
        check_month(cells[1])
        if cells[1].strip() == month:
            raise RowProblem(f"Month {cells[1]!r} has spaces round it")
        raise RowProblem(f"Month {cells[1].strip()} is not the file's month {month}")
    if cells[2] != force:
        raise RowProblem(f"Reported by {cells[2][:40]!r} is not the file's force {force}")
    joined = "".join(cells)
    if len(joined) > MAX_CELL and max(map(len, cells)) > MAX_CELL:
        raise RowProblem(f"a value is longer than {MAX_CELL} characters")
    if not cells[9].strip():
        raise RowProblem("no Crime type")
    lon, lat = cells[4], cells[5]
    if lon or lat:
        if not (lon and lat):
            raise RowProblem("has one coordinate without the other")
        if not (NUMBER.fullmatch(lon) and NUMBER.fullmatch(lat)
                and -180.0 <= float(lon) <= 180.0 and -90.0 <= float(lat) <= 90.0):
            raise _coordinate(lon, "Longitude", 180.0) or _coordinate(lat, "Latitude", 90.0) or \
                RowProblem("bad coordinates")
    if _CONTROL.search(joined):
        raise RowProblem("a value holds control characters")
