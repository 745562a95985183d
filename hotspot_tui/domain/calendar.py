"""Force days, force weeks and public holidays, all from `CalendarRules`.

A force day runs from `day_starts` (07:00) local time to the same wall time next day, so
a patrol 22:00-06:00 belongs wholly to the day it started. Bank holidays come from the
`holidays` package for the configured country/region, cached per year, filtered by the
force's actual/observed policy (see `hotspot_tui.domain.rules`), plus force-declared days.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays

from hotspot_tui.domain.clock import (
    AmbiguousLocalTime,
    NonexistentLocalTime,
    local_to_utc,
    to_local_naive,
)
from hotspot_tui.domain.rules import CalendarRules, PayRules

OBSERVED_SUFFIX = " (observed)"


def _cal(rules: PayRules | CalendarRules) -> CalendarRules:
    return rules.calendar if isinstance(rules, PayRules) else rules


@lru_cache(maxsize=65_536)
def day_start_utc(day: date, tz: str, day_starts: time) -> datetime:
    """The instant a day begins; a start time skipped by the clocks moves to just after."""
    wall = datetime.combine(day, day_starts)
    try:
        return local_to_utc(wall, tz)
    except AmbiguousLocalTime:
        return local_to_utc(wall, tz, fold=0)
    except NonexistentLocalTime:
        return local_to_utc(wall + timedelta(hours=1), tz, fold=0)


@lru_cache(maxsize=262_144)
def day_of(instant: datetime, tz: str, day_starts: time) -> date:
    """The date of the day (starting at `day_starts` local) that holds an instant."""
    local = to_local_naive(instant, tz)
    if local.time() < day_starts:
        return local.date() - timedelta(days=1)
    return local.date()


def force_date(instant: datetime, rules: PayRules | CalendarRules) -> date:
    cal = _cal(rules)
    return day_of(instant, cal.timezone, cal.day_starts)


def force_day_bounds(day: date, rules: PayRules | CalendarRules) -> tuple[datetime, datetime]:
    cal = _cal(rules)
    return (
        day_start_utc(day, cal.timezone, cal.day_starts),
        day_start_utc(day + timedelta(days=1), cal.timezone, cal.day_starts),
    )


def week_start(day: date, rules: PayRules | CalendarRules) -> date:
    """The first date of the force week holding `day` (a force date)."""
    back = (day.weekday() - _cal(rules).week_start_index) % 7
    return day - timedelta(days=back)


def force_week_of(instant: datetime, rules: PayRules | CalendarRules) -> date:
    return week_start(force_date(instant, rules), rules)


@dataclass(frozen=True)
class DaySegment:
    """The part of a span that falls in one day."""

    day: date
    start: datetime
    end: datetime


def split_by_day(
    start: datetime, end: datetime, tz: str, day_starts: time
) -> Iterator[DaySegment]:
    """Cut [start, end) at each day boundary; the pieces cover it exactly."""
    start = start.astimezone(UTC)
    end = end.astimezone(UTC)
    cursor = start
    while cursor < end:
        day = day_of(cursor, tz, day_starts)
        boundary = day_start_utc(day + timedelta(days=1), tz, day_starts)
        piece_end = min(boundary, end)
        yield DaySegment(day, cursor, piece_end)
        cursor = piece_end


def split_by_force_day(
    start: datetime, end: datetime, rules: PayRules | CalendarRules
) -> list[DaySegment]:
    cal = _cal(rules)
    return list(split_by_day(start, end, cal.timezone, cal.day_starts))


@lru_cache(maxsize=256)
def _holidays_for_year(
    country: str, subdiv: str | None, year: int, policy: str
) -> dict[date, str]:
    listed = holidays.country_holidays(country, subdiv=subdiv, years=year, language="en_GB")
    every: dict[date, str] = dict(listed.items())
    substitutes = {d: n for d, n in every.items() if OBSERVED_SUFFIX in n}
    if policy == "both":
        return every
    if policy == "actual":
        return {d: n for d, n in every.items() if d not in substitutes}
    replaced: set[date] = set()
    for sub_day, sub_names in substitutes.items():
        for name in sub_names.split("; "):
            if not name.endswith(OBSERVED_SUFFIX):
                continue
            original = name.removesuffix(OBSERVED_SUFFIX)
            earlier = [
                d for d, n in every.items()
                if d < sub_day and d not in substitutes and original in n.split("; ")
            ]
            if earlier:
                replaced.add(max(earlier))
    return {d: n for d, n in every.items() if d not in replaced}


def public_holidays(year: int, rules: PayRules | CalendarRules) -> dict[date, str]:
    """Dates that attract the public-holiday rate in `year`, with their names."""
    cal = _cal(rules)
    found = dict(
        _holidays_for_year(cal.holiday_country, cal.holiday_subdiv, year, cal.holiday_date_policy)
    )
    for extra in cal.extra_holidays:
        if extra.year == year:
            found.setdefault(extra, "Force-declared holiday")
    return found


def holiday_name(day: date, rules: PayRules | CalendarRules) -> str | None:
    return public_holidays(day.year, rules).get(day)


def is_public_holiday(day: date, rules: PayRules | CalendarRules) -> bool:
    """Whether a force date attracts the public-holiday rate."""
    return holiday_name(day, rules) is not None
