"""Pay periods and payroll settings: pure rules, no storage.

Periods come from `PayrollSettings` (kept as the `payroll` row of the pay-rules table):

- ``"month"`` (default): calendar months, ids like ``2026-06``;
- ``"four_weekly"``: 28-day periods counted from `anchor` (either direction), ids are the
  first date, like ``2026-06-08``;
- ``"weekly"``: 7-day periods counted from `anchor` the same way.

A duty belongs to the period holding its patrol's local date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hotspot_tui.domain.dates import EARLIEST_DAY, LATEST_DAY

PERIOD_KEY = "payroll"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PayrollSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    period_kind: Literal["month", "four_weekly", "weekly"] = "month"
    anchor: date = date(2026, 4, 6)
    """First day of one four-weekly or weekly period (ignored for calendar months)."""

    @property
    def period_days(self) -> int:
        return 7 if self.period_kind == "weekly" else 28


@dataclass(frozen=True, order=True)
class PayPeriod:
    starts_on: date
    ends_on: date
    """The day after the last day (exclusive)."""
    id: str

    @property
    def last_day(self) -> date:
        return self.ends_on - timedelta(days=1)

    def label(self) -> str:
        return f"{self.id} ({self.starts_on:%d %b %Y} to {self.last_day:%d %b %Y})"


def _month(year: int, month: int) -> PayPeriod:
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1)
    return PayPeriod(start, end, f"{year:04d}-{month:02d}")


def period_for(day: date, settings: PayrollSettings) -> PayPeriod:
    """The pay period holding a date."""
    if settings.period_kind == "month":
        return _month(day.year, day.month)
    days = settings.period_days
    offset = (day - settings.anchor).days // days
    start = settings.anchor + timedelta(days=days * offset)
    return PayPeriod(start, start + timedelta(days=days), start.isoformat())


def next_period(period: PayPeriod, settings: PayrollSettings) -> PayPeriod:
    return period_for(period.ends_on, settings)


def parse_period(text: str, settings: PayrollSettings) -> PayPeriod:
    """A period from its id (``2026-06``, or a four-weekly start date); raises ValueError."""
    text = (text or "").strip()
    if settings.period_kind == "month":
        m = _MONTH.match(text)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"{text!r} is not a pay period: use a month such as 2026-06")
        if not EARLIEST_DAY.year <= int(m.group(1)) <= LATEST_DAY.year:
            raise ValueError(f"{text!r} is out of range: use a month from "
                             f"{EARLIEST_DAY:%Y-%m} to {LATEST_DAY:%Y-%m}")
        return _month(int(m.group(1)), int(m.group(2)))
    if not _DAY.match(text):
        raise ValueError(f"{text!r} is not a pay period: use its first day, such as {settings.anchor}")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"{text!r} is out of range: use a date from {EARLIEST_DAY} to {LATEST_DAY}")
    period = period_for(day, settings)
    if period.starts_on != day:
        raise ValueError(f"{text} is not the first day of a pay period; that period is {period.id}")
    return period


def pounds(pence: int) -> str:
    """``-1234`` → ``-12.34`` (exact)."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"


def pounds_grouped(pence: int) -> str:
    """``123456789`` → ``£1,234,567.89`` (exact, for screens)."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"


def hours_text(minutes: int) -> str:
    """Minutes as hours to 2 dp, rounded half away from zero (``-` for negative)."""
    sign = "-" if minutes < 0 else ""
    hundredths = (abs(minutes) * 100 * 2 + 60) // 120
    whole, part = divmod(hundredths, 100)
    return f"{sign}{whole}.{part:02d}"


def ratio_text(value: Fraction | str, places: int = 4) -> str:
    """An exact ratio (``"4/3"``) as a decimal to `places`, half-up, trailing zeros kept."""
    frac = Fraction(value)
    sign = "-" if frac < 0 else ""
    scaled = (abs(frac) * 10**places * 2 + 1) // 2
    whole, part = divmod(int(scaled), 10**places)
    return f"{sign}{whole}.{part:0{places}d}"
