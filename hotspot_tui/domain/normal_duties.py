"""Normal duties: a person's own tours from the force duty system (early, late, night, day),
rest days and leave, as a roster export gives them.

Pure rules for reading one row of the export and for what the duties mean to the extra
duty worked around them: the working time they add, whether a tour is a night duty,
whether a patrol falls on a rostered rest day and whether it runs straight on from a tour.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from hotspot_tui.domain.clock import LocalTimeError, local_to_utc, minutes_between, to_local_naive
from hotspot_tui.domain.dates import EARLIEST_DAY, LATEST_DAY, week_start
from hotspot_tui.domain.rules import WorkingTimeRules

DutyType = Literal["early", "late", "night", "day", "rest_day", "leave"]
WORKING: tuple[DutyType, ...] = ("early", "late", "night", "day")
NOT_WORKING: tuple[DutyType, ...] = ("rest_day", "leave")
TYPE_LABELS: dict[str, str] = {
    "early": "early duty", "late": "late duty", "night": "night duty", "day": "day duty",
    "rest_day": "rest day", "leave": "leave",
}
TYPE_WORDS: dict[str, DutyType] = {
    "early": "early", "earlies": "early", "e": "early", "early turn": "early",
    "late": "late", "lates": "late", "l": "late", "late turn": "late",
    "night": "night", "nights": "night", "n": "night", "night turn": "night",
    "day": "day", "days": "day", "d": "day", "day duty": "day", "office": "day",
    "rest day": "rest_day", "rest": "rest_day", "rd": "rest_day", "rest_day": "rest_day",
    "leave": "leave", "annual leave": "leave", "al": "leave", "holiday": "leave",
}
MAX_TOUR_MINUTES = 16 * 60
MAX_LEAVE_DAYS = 62

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::\d{2})?)?$")


class RosterRowError(ValueError):
    """One row of a roster export that cannot be read; the message says why."""


@dataclass(frozen=True)
class NormalDuty:
    """One duty as stored: UTC instants, the local day it is rostered on, and its week."""

    duty_type: DutyType
    start: datetime
    end: datetime
    local_date: date
    minutes: int
    night: bool

    @property
    def working(self) -> bool:
        return self.duty_type in WORKING

    @property
    def week(self) -> date:
        return week_start(self.local_date)

    @property
    def label(self) -> str:
        return TYPE_LABELS[self.duty_type]


def duty_type_of(text: str) -> DutyType:
    key = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    found = TYPE_WORDS.get(key)
    if found is None:
        raise RosterRowError(
            f"duty type {text.strip()[:30]!r} is not one of early, late, night, day, rest day, leave")
    return found


def _read(text: str, what: str) -> tuple[date, time | None]:
    raw = " ".join(text.strip().split())
    if not raw:
        raise RosterRowError(f"{what} is empty")
    iso, uk = _ISO.match(raw), _UK.match(raw)
    try:
        if iso:
            y, m, d, hh, mm = iso.groups()
            day = date(int(y), int(m), int(d))
        elif uk:
            d, m, y, hh, mm = uk.groups()
            day = date(int(y), int(m), int(d))
        else:
            raise RosterRowError(
                f"{what} {raw[:30]!r} is not a date and time like 2026-12-03 07:00 or 03/12/2026 07:00")
        at = time(int(hh), int(mm)) if hh is not None else None
    except ValueError as exc:
        if isinstance(exc, RosterRowError):
            raise
        raise RosterRowError(f"{what} {raw[:30]!r} is not a real date and time") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise RosterRowError(f"{what} {raw[:30]!r} is out of range: use a date between "
                             f"{EARLIEST_DAY:%d %b %Y} and {LATEST_DAY:%d %b %Y}")
    return day, at


def _instant(day: date, at: time, tz: str, what: str, fold: int) -> datetime:
    try:
        return local_to_utc(datetime.combine(day, at), tz, fold=fold)
    except LocalTimeError as exc:
        raise RosterRowError(f"{what}: {exc}") from None


def night_minutes(start: datetime, end: datetime, wt: WorkingTimeRules, tz: str) -> int:
    """Minutes of [start, end) that fall in the night period (local time, e.g. 23:00-06:00)."""
    total = 0
    day = to_local_naive(start, tz).date() - timedelta(days=1)
    last = to_local_naive(end, tz).date()
    while day <= last:
        night_from = datetime.combine(day, wt.night_starts)
        night_to = datetime.combine(day + timedelta(days=1) if wt.night_ends <= wt.night_starts
                                    else day, wt.night_ends)
        try:
            a = local_to_utc(night_from, tz, fold=0)
            b = local_to_utc(night_to, tz, fold=1)
        except LocalTimeError:
            day += timedelta(days=1)
            continue
        lo, hi = max(a, start), min(b, end)
        if hi > lo:
            total += minutes_between(lo, hi)
        day += timedelta(days=1)
    return total


def _a(label: str) -> str:
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"


def read_row(duty_text: str, start_text: str, end_text: str, wt: WorkingTimeRules,
             tz: str = "Europe/London") -> list[NormalDuty]:
    """The duties one export row stands for. A tour needs a start and an end time (an end
    at or before the start is the next morning); a rest day or leave needs a start date and
    may give a last date (one duty for each day, whole local days)."""
    kind = duty_type_of(duty_text)
    start_day, start_at = _read(start_text, "start")
    if kind in NOT_WORKING:
        last_day = start_day
        if end_text.strip():
            last_day, _ = _read(end_text, "end")
            if last_day < start_day:
                raise RosterRowError("the end is before the start")
        days = (last_day - start_day).days + 1
        if days > MAX_LEAVE_DAYS:
            raise RosterRowError(f"{days} days in one row; at most {MAX_LEAVE_DAYS}")
        found = []
        for n in range(days):
            day = start_day + timedelta(days=n)
            begin = _instant(day, time(0), tz, "start", 0)
            finish = _instant(day + timedelta(days=1), time(0), tz, "end", 0)
            found.append(NormalDuty(kind, begin, finish, day, 0, False))
        return found
    if start_at is None:
        raise RosterRowError(f"{_a(TYPE_LABELS[kind])} needs a start time, e.g. 2026-12-03 07:00")
    end_day, end_at = _read(end_text, "end")
    if end_at is None:
        raise RosterRowError(f"{_a(TYPE_LABELS[kind])} needs an end time, e.g. 2026-12-03 15:00")
    start = _instant(start_day, start_at, tz, "start", 0)
    if end_day == start_day and end_at <= start_at:
        end_day = start_day + timedelta(days=1)
    end = _instant(end_day, end_at, tz, "end", 1)
    minutes = minutes_between(start, end)
    if minutes <= 0:
        raise RosterRowError("the end is not after the start")
    if minutes > MAX_TOUR_MINUTES:
        raise RosterRowError(f"a tour of {minutes // 60} h is longer than {MAX_TOUR_MINUTES // 60} h")
    night = kind == "night" or night_minutes(start, end, wt, tz) >= wt.night_worker_minutes
    return [NormalDuty(kind, start, end, start_day, minutes, night)]


def on_rest_day(patrol_day: date, rest_days: Iterable[date]) -> bool:
    return patrol_day in set(rest_days)


def follows_a_tour(patrol_start: datetime, tour_ends: Iterable[datetime]) -> bool:
    """A patrol that starts the moment a tour ends runs straight on from it."""
    return any(end == patrol_start for end in tour_ends)
