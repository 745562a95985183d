"""Today's date for screens: the app's `clock` when given (tests, demos), else London today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from hotspot_tui.domain.clock import to_local_naive


def app_now(app: object) -> datetime:
    clock: Callable[[], datetime] | None = getattr(app, "clock", None)
    return clock() if clock else datetime.now(UTC)


def app_today(app: object) -> date:
    return to_local_naive(app_now(app)).date()
