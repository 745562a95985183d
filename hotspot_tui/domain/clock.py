"""Wall times in the force's time zone ↔ UTC instants, and the one reading of typed times.

Durations always come from instants, so 22:00-06:00 is 9 h on the October clock-change
night and 7 h on the March night. A wall time that does not exist (the skipped hour in
March) is refused; one that happens twice (the repeated hour in October) is refused unless
the caller says which: ``fold=0`` the earlier (still summer time), ``fold=1`` the later.

Supervisors say which by typing the zone after the time: ``01:30 BST`` is the first 01:30
of the October night, ``01:30 GMT`` the second. Every time field and command reads typed
times with `parse_clock` (a time of day) or `parse_wall` (a date and time), turns them into
instants with `resolve_wall`, and shows instants with `clock_text` / `wall_text`, which add
the zone exactly when the wall time happens twice, so a shown value typed back means the
same instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
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
        raise NonexistentLocalTime(_gap_message(naive, zi))
    if early_utc != late_utc:
        if fold is None:
            raise AmbiguousLocalTime(
                f"{naive:%Y-%m-%d %H:%M} happens twice in {zi.key} as the clocks go back: "
                f"type {naive:%H:%M} {early.tzname()} for the first or "
                f"{naive:%H:%M} {late.tzname()} for the second"
            )
        return early_utc if fold == 0 else late_utc
    return early_utc


def _exists(naive: datetime, zi: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=zi, fold=0)
    return aware.astimezone(UTC).astimezone(zi).replace(tzinfo=None) == naive


def _gap_message(naive: datetime, zi: ZoneInfo) -> str:
    """Why a skipped wall time does not exist: from when to when the clocks jump."""
    first = naive
    for _ in range(24 * 60):
        earlier = first - timedelta(minutes=1)
        if _exists(earlier, zi):
            break
        first = earlier
    before = naive.replace(tzinfo=zi, fold=0)
    after = naive.replace(tzinfo=zi, fold=1)
    jump = (after.utcoffset() or timedelta()) - (before.utcoffset() or timedelta())
    return (
        f"{naive:%Y-%m-%d %H:%M} does not exist in {zi.key}: the clocks go forward that night "
        f"from {first:%H:%M} {before.tzname()} to {first + jump:%H:%M} {after.tzname()}"
    )


def to_local(instant: datetime, tz: str | ZoneInfo = DEFAULT_TZ) -> datetime:
    """The aware local wall time of an instant."""
    return _aware(instant).astimezone(_tz(tz))


def to_local_naive(instant: datetime, tz: str | ZoneInfo = DEFAULT_TZ) -> datetime:
    return to_local(instant, tz).replace(tzinfo=None)


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant


_MINUTE = timedelta(minutes=1)


def minutes_between(start_utc: datetime, end_utc: datetime) -> int:
    """Whole minutes from one instant to another (rounded down; negative if reversed)."""
    return (_aware(end_utc) - _aware(start_utc)) // _MINUTE


def from_utc_text(text: str) -> datetime:
    try:
        return clock_utc.from_utc_text(text)
    except (TypeError, ValueError) as exc:
        raise BadTimeText(f"{text!r} is not a UTC time like 2026-10-24T21:00:00Z") from exc


_WALL_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$"
)


def _in_range(wall: datetime, shown: str) -> datetime:
    if not EARLIEST_DAY <= wall.date() <= LATEST_DAY:
        raise BadTimeText(f"{shown!r} is out of range: use a date between {EARLIEST_DAY:%d %b %Y} "
                          f"and {LATEST_DAY:%d %b %Y}")
    return wall


def parse_local(
    text: str, tz: str | ZoneInfo = DEFAULT_TZ, fold: int | None = None
) -> datetime:
    """Typed date-and-time text straight to a UTC instant: a zone typed after the time
    (``01:30 GMT``) says which of a repeated wall time is meant, else `fold` does."""
    wall = parse_wall(text)
    if wall.zone is None:
        return local_to_utc(wall.at, tz, fold)
    return resolve_wall(wall.at, wall.zone, tz)


# --- typed times: one reading for every field and command ---------------------------------

ZONE_WORDS = ("BST", "GMT")
"""The zone names a supervisor may type after a time to say which 01:xx is meant."""

_ZONE_SUFFIX = re.compile(r"^(.*?)\s*(bst|gmt)\s*$", re.IGNORECASE)
_CLOCK_RE = re.compile(r"^([0-9]{1,2})(?:[:.]?([0-9]{2}))?$")


@dataclass(frozen=True)
class ClockTime:
    """A time of day as typed: the wall time, and the zone if one was typed (BST/GMT)."""

    at: time
    zone: str | None = None

    def text(self) -> str:
        return f"{self.at:%H:%M}" + (f" {self.zone}" if self.zone else "")


@dataclass(frozen=True)
class WallTime:
    """A date and time as typed: the naive wall time, and the zone if one was typed."""

    at: datetime
    zone: str | None = None

    def instant(self, tz: str | ZoneInfo = DEFAULT_TZ) -> datetime:
        return resolve_wall(self.at, self.zone, tz)


def split_zone(text: str) -> tuple[str, str | None]:
    """``"01:30 gmt"`` → ``("01:30", "GMT")``; text without a zone → ``(text, None)``."""
    match = _ZONE_SUFFIX.match((text or "").strip())
    if not match:
        return (text or "").strip(), None
    return match.group(1).strip(), match.group(2).upper()


def parse_clock(text: str) -> ClockTime:
    """A time of day: ``18:00``, ``1800``, ``18.00``, ``18``, optionally ``01:30 GMT``."""
    body, zone = split_zone(text)
    match = _CLOCK_RE.match(body)
    shown = " ".join((text or "").split())[:20] or "nothing"
    if not match:
        raise BadTimeText(f"{shown} is not a time like 18:00 (or 01:30 BST / 01:30 GMT)")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise BadTimeText(f"{shown} is not a time of day")
    return ClockTime(time(hour, minute), zone)


def parse_wall(text: str) -> WallTime:
    """A date and time such as ``2026-10-25 01:30`` or ``2026-10-25 01:30 GMT``."""
    body, zone = split_zone(text)
    match = _WALL_RE.match(body)
    shown = " ".join((text or "").split())[:30]
    if not match:
        raise BadTimeText(
            f"{shown!r} is not a date and time like 2026-10-24 22:00 (or 01:30 BST / GMT)"
        )
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        wall = datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise BadTimeText(f"{shown!r} is not a real date and time ({exc})") from exc
    return WallTime(_in_range(wall, shown), zone)


def resolve_wall(
    naive: datetime, zone: str | None, tz: str | ZoneInfo = DEFAULT_TZ, *, strict: bool = True
) -> datetime:
    """The UTC instant of a typed wall time.

    `zone` (BST/GMT, as typed) picks which of a repeated wall time is meant; without it a
    repeated time is refused, saying what to type. A skipped time is refused, saying why.
    With `strict` a zone that the clocks are not on at that time is refused (``12:00 GMT`` in
    July); without it (a pattern's times, typed once for many nights) the zone only chooses
    on the night the time happens twice.
    """
    zi = _tz(tz)
    if zone is None:
        return local_to_utc(naive, zi)
    zone = zone.upper()
    early = naive.replace(tzinfo=zi, fold=0)
    late = naive.replace(tzinfo=zi, fold=1)
    if not _exists(naive, zi):
        raise NonexistentLocalTime(_gap_message(naive, zi))
    names = (early.tzname(), late.tzname())
    if zone in names:
        return local_to_utc(naive, zi, fold=names.index(zone))
    if strict:
        raise LocalTimeError(
            f"{naive:%Y-%m-%d %H:%M} {zone}: {zi.key} is on {early.tzname()} then, not {zone}"
        )
    return local_to_utc(naive, zi, fold=0)


def zone_if_repeated(instant: datetime, tz: str | ZoneInfo = DEFAULT_TZ) -> str | None:
    """The zone name to show with an instant whose wall time happens twice, else None."""
    zi = _tz(tz)
    local = to_local(instant, zi)
    naive = local.replace(tzinfo=None)
    early = naive.replace(tzinfo=zi, fold=0)
    late = naive.replace(tzinfo=zi, fold=1)
    if early.astimezone(UTC) == late.astimezone(UTC):
        return None
    return local.tzname()


def clock_text(instant: datetime, tz: str | ZoneInfo = DEFAULT_TZ) -> str:
    """``18:00``; ``01:30 BST`` or ``01:30 GMT`` on the night the clocks go back."""
    zone = zone_if_repeated(instant, tz)
    return f"{to_local(instant, tz):%H:%M}" + (f" {zone}" if zone else "")


def wall_text(instant: datetime, tz: str | ZoneInfo = DEFAULT_TZ) -> str:
    """``2026-10-24 18:00``; ``2026-10-25 01:30 GMT`` when the wall time happens twice.
    `parse_wall` reads it back as the same instant."""
    return f"{to_local(instant, tz):%Y-%m-%d} {clock_text(instant, tz)}"


def parse_instant(text: str, tz: str | ZoneInfo = DEFAULT_TZ) -> datetime:
    """Typed date-and-time text straight to a UTC instant; a repeated wall time needs its
    zone (`parse_wall` + `resolve_wall`)."""
    return parse_local(text, tz)
