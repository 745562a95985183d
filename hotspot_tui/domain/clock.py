"""Wall times in the force's time zone ↔ UTC instants.

Durations always come from instants, so 22:00-06:00 is 9 h on the October clock-change
night and 7 h on the March night. A wall time that does not exist (the skipped hour in
March) is refused; one that happens twice (the repeated hour in October) is refused unless
the caller says which: ``fold=0`` the earlier (still summer time), ``fold=1`` the later.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.clock_utc import to_utc_text as to_utc_text  # one implementation, both names
from hotspot_tui.domain.dates import EARLIEST_DAY, LATEST_DAY

DEFAULT_TZ = "Europe/London"


class LocalTimeError(ValueError):
    """A wall time that cannot be turned into one instant."""


class NonexistentLocalTime(LocalTimeError):
    """The clocks skip this wall time (spring forward)."""


class AmbiguousLocalTime(LocalTimeError):
    """The clocks pass this wall time twice (fall back); say which with fold."""


class BadTimeText(ValueError):
    """Text that is not a date and time we can read."""


@lru_cache(maxsize=16)
def zone(name: str = DEFAULT_TZ) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def _tz(tz: str | ZoneInfo) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else zone(tz)


def local_to_utc(naive: datetime, tz: str | ZoneInfo = DEFAULT_TZ, fold: int | None = None) -> datetime:
    """The UTC instant of a wall time; `fold` picks 0 earlier / 1 later when it is ambiguous."""
    if naive.tzinfo is not None:
        raise ValueError("expected a wall time without a time zone")
    if fold not in (None, 0, 1):
        raise ValueError("fold must be 0 (earlier) or 1 (later)")
    zi = _tz(tz)
    early = naive.replace(tzinfo=zi, fold=0)
    late = naive.replace(tzinfo=zi, fold=1)
    early_utc = early.astimezone(UTC)
    late_utc = late.astimezone(UTC)
    if early_utc.astimezone(zi).replace(tzinfo=None) != naive:
        raise NonexistentLocalTime(
            f"{naive:%Y-%m-%d %H:%M} does not exist in {zi.key}: the clocks go forward then"
        )
    if early_utc != late_utc:
        if fold is None:
            raise AmbiguousLocalTime(
                f"{naive:%Y-%m-%d %H:%M} happens twice in {zi.key} as the clocks go back: "
                "say earlier or later"
            )
        return early_utc if fold == 0 else late_utc
    return early_utc


def to_local(instant: datetime, tz: str | ZoneInfo = DEFAULT_TZ) -> datetime:
    """The aware local wall time of an instant."""
    return _aware(instant).astimezone(_tz(tz))


def to_local_naive(instant: datetime, tz: str | ZoneInfo = DEFAULT_TZ) -> datetime:
    return to_local(instant, tz).replace(tzinfo=None)


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant


def minutes_between(start_utc: datetime, end_utc: datetime) -> int:
    """Whole minutes from one instant to another (rounded down; negative if reversed)."""
    seconds = (_aware(end_utc) - _aware(start_utc)) // timedelta(seconds=1)
    return seconds // 60


def from_utc_text(text: str) -> datetime:
    try:
        return clock_utc.from_utc_text(text)
    except (TypeError, ValueError) as exc:
        raise BadTimeText(f"{text!r} is not a UTC time like 2026-10-24T21:00:00Z") from exc


_WALL_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$"
)


def parse_wall_time(text: str) -> datetime:
    """Read supervisor input such as ``2026-10-24 22:00`` as a naive wall time, dated from
    2000-01-01 to 2099-12-31 (`dates.EARLIEST_DAY`, `dates.LATEST_DAY`)."""
    match = _WALL_RE.match(text or "")
    if not match:
        raise BadTimeText(f"{text!r} is not a date and time like 2026-10-24 22:00")
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        wall = datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise BadTimeText(f"{text!r} is not a real date and time ({exc})") from exc
    if not EARLIEST_DAY <= wall.date() <= LATEST_DAY:
        raise BadTimeText(f"{text!r} is out of range: use a date between {EARLIEST_DAY:%d %b %Y} "
                          f"and {LATEST_DAY:%d %b %Y}")
    return wall


def parse_local(
    text: str, tz: str | ZoneInfo = DEFAULT_TZ, fold: int | None = None
) -> datetime:
    """Supervisor wall-time text straight to a UTC instant."""
    return local_to_utc(parse_wall_time(text), tz, fold)
