"""Today's date for screens: the app's `clock` when given (tests, demos), else London today
(from `clock_utc.utc_now`, which tests may freeze)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.clock import to_local_naive


def app_now(app: object) -> datetime:
    clock: Callable[[], datetime] | None = getattr(app, "clock", None)
    return clock() if clock else clock_utc.utc_now()


def app_today(app: object) -> date:
    return to_local_naive(app_now(app)).date()
