"""Calendar months as police data counts them: a month is `YYYY-MM`, the unit of every figure.

`Month` orders and subtracts like a number of months; `describe` writes a set of months as
a person reads it ("Oct 2025–Mar 2026", "May–Jul 2026, Sep 2026").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from hotspot_tui.domain.dates import EARLIEST_DAY, LATEST_DAY
from hotspot_tui.errors import ValidationFailed

_TEXT = re.compile(r"^(\d{4})-(\d{2})$")
_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, eq=False, slots=True)
class Month:
    """Compared, ordered and hashed by `index`, one whole number: a report over five
    years of a hundred areas compares and looks up months some hundred thousand times."""

    year: int
    month: int
    index: int = field(init=False, repr=False)
    """Months since year 0: consecutive months differ by one."""

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1 to 12")
        object.__setattr__(self, "index", self.year * 12 + self.month - 1)

    def __eq__(self, other: object) -> bool:
        return self.index == other.index if isinstance(other, Month) else NotImplemented

    def __hash__(self) -> int:
        return self.index

    def __lt__(self, other: Month) -> bool:
        return self.index < other.index if isinstance(other, Month) else NotImplemented

    def __le__(self, other: Month) -> bool:
        return self.index <= other.index if isinstance(other, Month) else NotImplemented

    def __gt__(self, other: Month) -> bool:
        return self.index > other.index if isinstance(other, Month) else NotImplemented

    def __ge__(self, other: Month) -> bool:
        return self.index >= other.index if isinstance(other, Month) else NotImplemented

    @classmethod
    def of(cls, day: date) -> Month:
        return cls.from_index(day.year * 12 + day.month - 1)

    @classmethod
    def from_index(cls, index: int) -> Month:
        """The month `index` months after year 0, made once and shared after (see
        `_MADE`)."""
        month = _MADE.get(index)
        if month is None:
            month = cls(index // 12, index % 12 + 1)
            if len(_MADE) < _MADE_AT_MOST:
                _MADE[index] = month
        return month

    def shift(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def text(self) -> str:
        """The form police data and the command line use: 2026-10."""
        return f"{self.year:04d}-{self.month:02d}"

    def label(self) -> str:
        """The form a person reads: Oct 2026."""
        return f"{_NAMES[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return self.text()


_MADE: dict[int, Month] = {}
"""Months made by `from_index`, by index. A month never changes, so one object serves
every use of it: a report of many areas over years makes and looks up the same few dozen
months a hundred thousand times, and a set or dict finds the very object it holds without
calling `__eq__`."""
_MADE_AT_MOST = 4_800
"""Four centuries of months: more than any file holds."""
_PARSED: dict[str, Month] = {}
"""`parse_month`'s answers, by the text it was given (at most _MADE_AT_MOST)."""

EARLIEST_MONTH = Month.of(EARLIEST_DAY)
LATEST_MONTH = Month.of(LATEST_DAY)


def parse_month(text: str, what: str = "the month") -> Month:
    """`YYYY-MM` as police data and the command line write it, or one line saying why not."""
    known = _PARSED.get(text)
    if known is not None:
        return known
    found = _TEXT.match(text.strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise ValidationFailed(f"{what} {text.strip()!r} is not a month: write it as YYYY-MM, e.g. 2026-10")
    month = Month.from_index(int(found[1]) * 12 + int(found[2]) - 1)
    if not EARLIEST_MONTH <= month <= LATEST_MONTH:
        raise ValidationFailed(
            f"{what} {month} is out of range: use a month between {EARLIEST_MONTH} and {LATEST_MONTH}")
    if len(_PARSED) < _MADE_AT_MOST:
        _PARSED[text] = month
    return month


BY_INDEX = attrgetter("index")
"""The sort key of months: `sorted(months, key=BY_INDEX)` orders them without a comparison
in Python per pair."""


def month_range(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included (empty when `last` is earlier)."""
    return [Month.from_index(i) for i in range(first.index, last.index + 1)]


def runs(months: Iterable[Month]) -> list[tuple[Month, Month]]:
    """The months as runs of consecutive months, earliest first: (first, last) each."""
    found: list[tuple[Month, Month]] = []
    for month in sorted(set(months), key=BY_INDEX):
        if found and found[-1][1].index + 1 == month.index:
            found[-1] = (found[-1][0], month)
        else:
            found.append((month, month))
    return found


def describe(months: Iterable[Month]) -> str:
    """The months as a person writes them: "Oct 2025–Mar 2026", "May–Jul 2026, Sep 2026",
    "Oct 2026"; "no months" when there are none."""
    parts = []
    for first, last in runs(months):
        if first == last:
            parts.append(first.label())
        elif first.year == last.year:
            parts.append(f"{_NAMES[first.month - 1]}–{last.label()}")
        else:
            parts.append(f"{first.label()}–{last.label()}")
    return ", ".join(parts) if parts else "no months"
