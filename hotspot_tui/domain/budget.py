"""Budget arithmetic: what is left, how fast it goes, when it runs out. Integer pence only.

Rates are exact `Fraction`s of pence per day; dates are local (Europe/London) calendar days.
Weeks start on Monday, as the force week does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from math import ceil

RUN_RATE_WEEKS = 4
MAX_GRANT_PENCE = 100_000_000_000  # £1bn: anything larger is a typing slip


def week_start(day: date) -> date:
    """The Monday on or before `day`."""
    return day - timedelta(days=day.weekday())


def weeks_from(first: date, last: date) -> list[date]:
    """Mondays of every week from the one holding `first` to the one holding `last`."""
    start, end = week_start(first), week_start(last)
    if end < start:
        return []
    return [start + timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]


def by_week(daily: Iterable[tuple[date, int]]) -> dict[date, int]:
    """Sum (day, pence) pairs into {monday: pence}."""
    weeks: dict[date, int] = {}
    for day, pence in daily:
        key = week_start(day)
        weeks[key] = weeks.get(key, 0) + pence
    return weeks


def remaining(grant_pence: int, *spent_pence: int) -> int:
    """The grant less everything spent or committed (negative when overspent)."""
    return grant_pence - sum(spent_pence)


def run_rate_per_day(
    daily_spend: Mapping[date, int],
    today: date,
    starts_on: date,
    weeks: int = RUN_RATE_WEEKS,
) -> Fraction:
    """Pence per day, averaged over the last `weeks` complete weeks before this one.

    The window never starts before the operation did. In the operation's first week (no
    complete week yet) the days so far, today included, are used instead.
    """
    this_week = week_start(today)
    window_start = max(starts_on, this_week - timedelta(weeks=weeks))
    window_end = this_week  # exclusive
    if window_end <= window_start:
        window_start, window_end = starts_on, today + timedelta(days=1)
    days = (window_end - window_start).days
    if days <= 0:
        return Fraction(0)
    spent = sum(p for d, p in daily_spend.items() if window_start <= d < window_end)
    return Fraction(spent, days)


def exhaustion_date(today: date, money_left_pence: int, rate_per_day: Fraction) -> date | None:
    """The day the money runs out at `rate_per_day`; None when nothing is being spent."""
    if money_left_pence <= 0:
        return today
    if rate_per_day <= 0:
        return None
    return today + timedelta(days=ceil(Fraction(money_left_pence) / rate_per_day))


def unspent_at_end(today: date, money_left_pence: int, rate_per_day: Fraction,
                   ends_on: date) -> int:
    """Pence still unspent on `ends_on` if spending goes on at `rate_per_day` after today
    (negative: the money runs out first)."""
    days = max((ends_on - today).days, 0)
    return money_left_pence - ceil(rate_per_day * days)


def runs_out_early(exhaustion: date | None, ends_on: date) -> bool:
    return exhaustion is not None and exhaustion < ends_on


@dataclass(frozen=True)
class AreaMoney:
    area: str
    allocation_pence: int | None
    committed_pence: int
    actual_pence: int
    other_pence: int = 0

    @property
    def used_pence(self) -> int:
        return self.committed_pence + self.actual_pence + self.other_pence

    @property
    def remaining_pence(self) -> int | None:
        if self.allocation_pence is None:
            return None
        return self.allocation_pence - self.used_pence

    @property
    def over_pence(self) -> int:
        """How far actual + committed + other spend is past the allocation (0 if not)."""
        left = self.remaining_pence
        return -left if left is not None and left < 0 else 0


def over_allocation(areas: Iterable[AreaMoney]) -> list[AreaMoney]:
    """Areas past their allocation, worst first."""
    return sorted((a for a in areas if a.over_pence > 0), key=lambda a: (-a.over_pence, a.area))


def cover_shortfall(need: Mapping[str, int], have: Mapping[str, int]) -> dict[str, int]:
    """{kind: people missing} for each kind with fewer people than needed."""
    return {k: n - have.get(k, 0) for k, n in need.items() if n > have.get(k, 0)}


@dataclass(frozen=True)
class ForecastPoint:
    day: date
    cumulative_pence: int


def forecast_line(
    today: date, spent_to_date_pence: int, rate_per_day: Fraction, until: date, step_days: int = 7
) -> list[ForecastPoint]:
    """Cumulative spend projected from today at the run rate, every `step_days` to `until`."""
    points = [ForecastPoint(today, spent_to_date_pence)]
    if until <= today:
        return points
    day = today
    while day < until:
        day = min(day + timedelta(days=step_days), until)
        extra = round(rate_per_day * (day - today).days)
        points.append(ForecastPoint(day, spent_to_date_pence + extra))
    return points


# --- money as people type and read it ---------------------------------------------------

_POUNDS = re.compile(r"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.(\d{1,2}))?$")


def parse_pounds(text: str) -> int:
    """'£1,000,000', '1000000.5', '38.30' → pence. Raises ValueError with a plain reason."""
    cleaned = (text or "").strip().replace(" ", "")
    if not cleaned:
        raise ValueError("enter an amount in pounds, such as 1,000,000 or 38.30")
    if cleaned.startswith("-") or cleaned.startswith("£-"):
        raise ValueError("an amount cannot be negative")
    match = _POUNDS.match(cleaned)
    if not match:
        raise ValueError(f"{text.strip()!r} is not an amount in pounds (such as 1,000,000 or 38.30)")
    whole = int(match.group(1).replace(",", ""))
    frac = (match.group(4) or "").ljust(2, "0")
    return whole * 100 + int(frac or 0)


def pounds(pence: int, *, sign: bool = False) -> str:
    """Pence → '£1,234.56' (negative as '-£1,234.56'; `sign` adds '+' to positives)."""
    neg = pence < 0
    whole, part = divmod(abs(pence), 100)
    text = f"£{whole:,}.{part:02d}"
    if neg:
        return "-" + text
    return ("+" + text) if sign and pence > 0 else text


def pounds_plain(pence: int) -> str:
    """Pence → '1234.56' (for CSV cells a spreadsheet reads as a number)."""
    neg = pence < 0
    whole, part = divmod(abs(pence), 100)
    return f"{'-' if neg else ''}{whole}.{part:02d}"


def hours_text(minutes: int) -> str:
    """Minutes → '12,249.5' hours (one decimal place, exact to the tenth by half-up)."""
    tenths = (minutes + 3) // 6  # round half up to 0.1 h
    whole, part = divmod(tenths, 10)
    return f"{whole:,}.{part}"


def ratio_pence(pence: int, minutes: int) -> int | None:
    """Pence per hour for `pence` over `minutes`, rounded half-up; None when no minutes."""
    if minutes <= 0:
        return None
    exact = Fraction(pence * 60, minutes)
    return int(exact + Fraction(1, 2)) if exact >= 0 else -int(-exact + Fraction(1, 2))


def pounds_whole(pence: int) -> str:
    """Pence → '£73,150' (to the nearest pound, halves up) for narrow tables."""
    neg = pence < 0
    whole = (abs(pence) + 50) // 100
    return f"{'-' if neg and whole else ''}£{whole:,}"
