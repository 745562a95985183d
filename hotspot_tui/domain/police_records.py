"""The data.police.uk street-level file: its header, and each row checked into a record.

One file holds one force's month (e.g. `2018-12-hertfordshire-street.csv`). Anti-social
behaviour rows have no Crime ID and no outcome; rows whose place was withheld have no
coordinates (kept, counted as unlocated). Values hold commas, semicolons and parentheses:
the file is read with a real CSV parser.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

Record = tuple[str, str, str | None, float | None, float | None, str, str | None, str | None,
               str | None, str | None]
"""(month, crime type, crime id, longitude, latitude, location, LSOA code, LSOA name, last
outcome, context): empty cells are None (the location is '' when empty)."""


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


def _coordinate(text: str, what: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise RowProblem(f"{what} {text[:20]!r} is not a number") from None
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise RowProblem(f"{what} {text[:20]!r} is out of range")
    return value


def _text(value: str) -> str | None:
    value = value.strip()
    return value or None


def read_row(cells: list[str], month: str, force: str) -> Record:
    """One row as a record, or RowProblem; `month` and `force` are the file's (every row's
    Month and Reported by)."""
    if len(cells) != COLUMNS:
        raise RowProblem(f"{len(cells)} columns, not {COLUMNS}")
    crime_id, row_month, reported_by, _, lon_text, lat_text, location, lsoa_code, lsoa_name, crime_type, \
        outcome, context = cells
    if row_month != month and row_month.strip() != month:
        check_month(row_month)
        raise RowProblem(f"Month {row_month.strip()} is not the file's month {month}")
    if reported_by != force and reported_by.strip() != force:
        raise RowProblem(f"Reported by {reported_by.strip()[:40]!r} is not the file's force {force}")
    for cell in cells:
        if len(cell) > MAX_CELL:
            raise RowProblem(f"a value is longer than {MAX_CELL} characters")
    if _CONTROL.search("".join(cells)):
        raise RowProblem("a value holds control characters")
    crime_type = crime_type.strip()
    if not crime_type:
        raise RowProblem("no Crime type")
    lon_text, lat_text = lon_text.strip(), lat_text.strip()
    if lon_text or lat_text:
        if not (lon_text and lat_text):
            raise RowProblem("has one coordinate without the other")
        lon: float | None = _coordinate(lon_text, "Longitude", 180.0)
        lat: float | None = _coordinate(lat_text, "Latitude", 90.0)
    else:
        lon = lat = None
    return (month, crime_type, _text(crime_id), lon, lat, location.strip(), _text(lsoa_code),
            _text(lsoa_name), _text(outcome), _text(context))


@dataclass
class FileTally:
    """A file's rows as they are read: by crime type, and those without coordinates."""

    rows: int = 0
    unlocated: int = 0

    def __post_init__(self) -> None:
        self.by_type: dict[str, list[int]] = {}

    def add(self, record: Record) -> None:
        self.rows += 1
        counts = self.by_type.get(record[1])
        if counts is None:
            counts = self.by_type[record[1]] = [0, 0]
        counts[0] += 1
        if record[3] is None:
            self.unlocated += 1
            counts[1] += 1
