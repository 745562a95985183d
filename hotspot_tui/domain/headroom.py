"""How much more extra duty a person can take before a working-time limit bites.

The limits default to the Working Time Regulations figures in DOMAIN.md (48 h a week averaged
over 17 weeks; 11 h daily rest). Any object with `average_weekly_minutes`, `reference_weeks`
and `daily_rest_minutes` (such as the pay engine's `WorkingTimeRules`) can be passed instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol


class Limits(Protocol):
    """Read-only, so a frozen dataclass (or any object with these attributes) fits."""

    @property
    def average_weekly_minutes(self) -> int: ...
    @property
    def reference_weeks(self) -> int: ...
    @property
    def daily_rest_minutes(self) -> int: ...


@dataclass(frozen=True)
class DefaultLimits:
    average_weekly_minutes: int = 48 * 60
    reference_weeks: int = 17
    daily_rest_minutes: int = 11 * 60


@dataclass(frozen=True)
class Headroom:
    window_start: datetime
    window_end: datetime
    contracted_minutes: int
    extra_minutes: int
    limit_minutes: int
    average_weekly_minutes: int
    minutes_left: int
    rest_met_at: datetime | None
    rest_wait: timedelta
    reference_weeks: int = 17
    weekly_limit_minutes: int = 48 * 60
    daily_rest_minutes: int = 11 * 60

    @property
    def over(self) -> bool:
        return self.minutes_left < 0


def reference_window(now: datetime, limits: Limits | None = None) -> tuple[datetime, datetime]:
    chosen: Limits = DefaultLimits() if limits is None else limits
    return now - timedelta(weeks=chosen.reference_weeks), now


def headroom(
    *,
    now: datetime,
    contracted_weekly_minutes: int,
    extra_minutes_in_window: int,
    last_duty_end: datetime | None,
    limits: Limits | None = None,
) -> Headroom:
    """Normal contracted hours plus extra duty in the reference period, against the average."""
    if limits is None:
        limits = DefaultLimits()
    weeks = limits.reference_weeks
    start, end = reference_window(now, limits)
    contracted = contracted_weekly_minutes * weeks
    limit = limits.average_weekly_minutes * weeks
    total = contracted + extra_minutes_in_window
    rest_met_at = None
    wait = timedelta(0)
    if last_duty_end is not None:
        rest_met_at = last_duty_end + timedelta(minutes=limits.daily_rest_minutes)
        wait = max(timedelta(0), rest_met_at - now)
    return Headroom(
        window_start=start, window_end=end, contracted_minutes=contracted,
        extra_minutes=extra_minutes_in_window, limit_minutes=limit,
        average_weekly_minutes=total // weeks, minutes_left=limit - total,
        rest_met_at=rest_met_at, rest_wait=wait, reference_weeks=weeks,
        weekly_limit_minutes=limits.average_weekly_minutes,
        daily_rest_minutes=limits.daily_rest_minutes,
    )


def hours_text(minutes: int) -> str:
    """`12 h 30 min`, `-3 h`, `0 h`."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours} h {rest:02d} min" if rest else f"{sign}{hours} h"
