"""The day the screens treat as today: the real one, or one fixed for tests and demos.

Set `app.fixed_today = date(...)` before the app runs to freeze the day, or `app.clock` to a
callable returning an aware datetime to freeze the instant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.clock import to_local_naive


def app_today(app: Any) -> date | None:
    """The fixed day, or None for the real date (the services then use today in London)."""
    value = getattr(app, "fixed_today", None)
    if isinstance(value, date):
        return value
    clock: Callable[[], datetime] | None = getattr(app, "clock", None)
    return to_local_naive(clock()).date() if clock else None


def app_minute(app: Any) -> datetime:
    """The app's instant (its clock, else `clock_utc.utc_now`) to the minute."""
    clock: Callable[[], datetime] = getattr(app, "clock", None) or clock_utc.utc_now
    return clock().replace(second=0, microsecond=0)


def london_today(app: Any) -> date:
    """Today in Europe/London: the app's fixed day or clock, else `clock_utc.utc_now`
    (which tests may freeze)."""
    return app_today(app) or to_local_naive(clock_utc.utc_now()).date()


def clock_as_on(day: date) -> Callable[[], datetime]:
    """A running clock set back by whole days so that today is `day` (never forward):
    the demo data describes its operation as it stood on one day, and opens on that day."""
    now = clock_utc.utc_now()
    behind = max((to_local_naive(now).date() - day).days, 0)
    return lambda: clock_utc.utc_now() - timedelta(days=behind)
