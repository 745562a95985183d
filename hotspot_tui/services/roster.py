"""The week grid: areas down the side, Monday to Sunday across, patrols in each cell."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.domain.dates import week_start
from hotspot_tui.services.session import Session
from hotspot_tui.store import areas as area_store
from hotspot_tui.store import roster as store

KINDS = ("officer", "pcso", "ceo")
AREA_PAGE = 12
"""Areas read at a time: a week of a dozen areas fills a few screens of the grid, and
the next dozen is read as the cursor nears the last one shown."""


class CellShift(NamedTuple):
    """One patrol in a roster cell (a tuple: a county week holds thousands)."""

    id: str
    hours: str  # "18-02" or "18:30-02"
    cover: str  # "2/2 1/1" (kinds that are needed or present)
    cancelled: bool
    under: bool
    overridden: bool
    ref: str = ""
    """The patrol's short reference (e.g. K7QM3X9D)."""

    @property
    def label(self) -> str:
        return f"{self.hours} cancelled" if self.cancelled else f"{self.hours} {self.cover}"


@dataclass(frozen=True)
class AreaRow:
    id: str
    name: str
    district: str
    spend_pence: int
    allocation_pence: int | None

    @property
    def over_allocation(self) -> bool:
        return self.allocation_pence is not None and self.spend_pence > self.allocation_pence


@dataclass(frozen=True)
class RosterWeek:
    """A week of the first areas in scope (in name order), which `more` areas follow."""

    monday: date
    areas: list[AreaRow]
    cells: dict[tuple[str, date], list[CellShift]] = field(default_factory=dict)
    more: int = 0

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    @property
    def patrols(self) -> int:
        return sum(len(cell) for cell in self.cells.values())

    def followed_by(self, page: RosterWeek) -> RosterWeek:
        """This week with the areas of `page`, the same week's next areas, after its own."""
        return RosterWeek(self.monday, [*self.areas, *page.areas], {**self.cells, **page.cells},
                          page.more)


@dataclass(frozen=True)
class AreaChoice:
    id: str
    name: str
    district: str


def area_choices(session: Session) -> list[AreaChoice]:
    with session.reading() as db:
        return [AreaChoice(a["id"], a["name"], a["district"]) for a in area_store.list_areas(db)]


def area_spend(session: Session) -> dict[str, tuple[int, int | None]]:
    """Spend and allocation per area (a grouped query over all assignments: cache it)."""
    with session.reading() as db:
        return store.area_spend(db)


def _hour(text: str) -> str:
    return text[:2] if text.endswith(":00") else text


@lru_cache(maxsize=8192)
def _local_hour(utc_minute: str) -> str:
    """'18' or '18:30' in London for a UTC instant given to the minute
    (`YYYY-MM-DDTHH:MM`); many patrols of a week share their start and end minutes."""
    local = to_local_naive(from_utc_text(f"{utc_minute}:00Z"))
    return _hour(f"{local:%H:%M}")


def _hours_of(utc_text: str) -> str:
    if len(utc_text) == 20 and utc_text[16:] == ":00Z":
        return _local_hour(utc_text[:16])
    return _hour(f"{to_local_naive(from_utc_text(utc_text)):%H:%M}")


_ID, _AREA, _DAY, _START, _END, _STATUS = (
    store.WEEK_COLUMNS.index(c) for c in ("id", "area_id", "local_date", "start_utc", "end_utc", "status"))
_COVER = [(store.NEED[kind], store.HAS[kind]) for kind in KINDS]


def cell_shift(row: Sequence[Any]) -> CellShift:
    """A `store.roster.week_shifts` row as the cell shows it."""
    parts, under = [], False
    for need_at, have_at in _COVER:
        need, have = row[need_at], row[have_at]
        if need or have:
            parts.append(f"{have}/{need}")
        under = under or have < need
    cancelled = row[_STATUS] == "cancelled"
    return CellShift(
        row[_ID], f"{_hours_of(row[_START])}-{_hours_of(row[_END])}", " ".join(parts),
        cancelled, under and not cancelled, bool(row[store.OVERRIDDEN]) and not cancelled,
        row[store.REF],
    )


def roster_week(
    session: Session,
    day: date,
    *,
    district: str | None = None,
    area_id: str | None = None,
    spend: dict[str, tuple[int, int | None]] | None = None,
    first: int = 0,
    count: int = AREA_PAGE,
) -> RosterWeek:
    """The week holding `day` for `count` areas from the `first` (in name order) of every
    area, one district or one area; only those areas' patrols are read."""
    monday = week_start(day)
    sunday = monday + timedelta(days=6)
    first, count = max(0, first), max(1, count)
    with session.reading() as db:
        scope = [a for a in area_store.list_areas(db)
                 if (district is None or a["district"] == district)
                 and (area_id is None or a["id"] == area_id)]
        areas = scope[first:first + count]
        ids = [a["id"] for a in areas]
        rows = store.week_shifts(db, monday.isoformat(), sunday.isoformat(), ids)
    spend = spend or {}
    area_rows = [AreaRow(a["id"], a["name"], a["district"], *spend.get(a["id"], (0, None)))
                 for a in areas]
    cells: dict[tuple[str, date], list[CellShift]] = {}
    for row in rows:
        cells.setdefault((row[_AREA], date.fromisoformat(row[_DAY])), []).append(cell_shift(row))
    return RosterWeek(monday, area_rows, cells, more=max(0, len(scope) - first - len(areas)))
