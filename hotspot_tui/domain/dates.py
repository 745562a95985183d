"""Dates typed as a supervisor would say them: ``next fri``, ``5 dec``, ``2026-12-05``.

`parse_day(text, today)` is pure: "today" is passed in, so results never depend on the
machine clock. Rules, in order:

- ``today``, ``tomorrow``, ``yesterday``; ``+3`` / ``-2`` / ``in 3 days``; ``next week`` /
  ``last week`` / ``this week`` (the Monday of that week).
- A weekday (``fri``, ``friday``): that day this week or later, today included;
  ``next fri``: the first Friday after today; ``last fri``: the last Friday before today;
  ``fri next week``: the Friday of next week.
- ISO ``2026-12-05``; day-first ``5/12/2026`` or ``05-12-26``; ``5 dec``, ``dec 5``,
  ``5th december 2026``. Without a year the date is taken in today's year, unless that is
  more than six months ago, when it means next year (``5 jan`` typed in November).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from hotspot_tui.errors import ValidationFailed

WEEKDAY_NAMES = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)
"""Every date the program reads (typed, given on the command line, imported) lies in this
range: anything outside it is a typing slip, and far-off years break calendar arithmetic."""


def in_range(day: date, what: str = "the date") -> date:
    """`day`, or ValidationFailed in one line when it is outside the supported range."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationFailed(
            f"{what} {day.isoformat()} is out of range: use a date between "
            f"{EARLIEST_DAY:%d %b %Y} and {LATEST_DAY:%d %b %Y}"
        )
    return day


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_OFFSET = re.compile(r"^(?:([+-])\s*(\d{1,3})|in\s+(\d{1,3})\s+days?)$")
_HAS_YEAR = re.compile(r"\b\d{4}\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


def parse_day_as(text: str | date | None, what: str, today: date) -> date | None:
    """A typed day for the field `what` ("From", "End date"): None when blank, a date
    passed through; else as `parse_day`, its error message naming the field."""
    if text is None or isinstance(text, date):
        return text
    if not text.strip():
        return None
    try:
        return parse_day(text, today)
    except ValidationFailed as exc:
        raise ValidationFailed(f"{what}: {exc}") from None


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def _bad(text: str) -> ValidationFailed:
    return ValidationFailed(
        f"{text!r} is not a date I can read: try 2026-12-05, 5 dec, fri or next fri"
    )


FIRST_YEAR, LAST_YEAR = EARLIEST_DAY.year, LATEST_DAY.year


def parse_day(text: str, today: date) -> date:
    """The date `text` names, seen from `today`, in the years 2000 to 2099."""
    day = _parse_day(text, today)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationFailed(
            f"{text.strip()[:20]!r} is not a date between {FIRST_YEAR} and {LAST_YEAR}: "
            "try 2026-12-05, 5 dec, fri or next fri")
    return day


def _parse_day(text: str, today: date) -> date:
    raw = " ".join((text or "").strip().lower().replace(",", " ").split())
    if not raw:
        raise ValidationFailed("type a date, e.g. 2026-12-05, 5 dec or next fri")
    simple = {"today": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}
    if raw in simple:
        return today + timedelta(days=simple[raw])
    if raw in ("this week", "next week", "last week"):
        shift = {"this week": 0, "next week": 7, "last week": -7}[raw]
        return week_start(today) + timedelta(days=shift)
    offset = _OFFSET.match(raw)
    if offset:
        sign, n, n_in = offset.groups()
        days = int(n_in) if n_in else int(n) * (-1 if sign == "-" else 1)
        return today + timedelta(days=days)
    words = raw.split()
    if len(words) == 3 and words[0] in WEEKDAY_NAMES and words[1:] == ["next", "week"]:
        return week_start(today) + timedelta(days=7 + WEEKDAY_NAMES[words[0]])
    if len(words) == 2 and words[1] in WEEKDAY_NAMES and words[0] in ("next", "last", "this"):
        target = WEEKDAY_NAMES[words[1]]
        if words[0] == "next":
            return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
        if words[0] == "last":
            return today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)
        return today + timedelta(days=(target - today.weekday()) % 7)
    if len(words) == 1 and raw in WEEKDAY_NAMES:
        return today + timedelta(days=(WEEKDAY_NAMES[raw] - today.weekday()) % 7)
    if raw.isdigit():
        raise ValidationFailed(
            f"{text.strip()[:20]!r} is only a number: say the month too, e.g. {raw} dec")
    iso = _ISO.match(raw)
    if iso:
        try:
            return date(*(int(g) for g in iso.groups()))
        except ValueError as exc:
            raise ValidationFailed(f"{text!r} is not a real date ({exc})") from exc
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw)
    if not re.search(r"\d", cleaned):
        raise _bad(text)
    from dateutil import parser as du_parser  # only for free-form dates, when typed

    try:
        parsed = du_parser.parse(
            cleaned, dayfirst=True, default=datetime(today.year, today.month, 1)
        ).date()
    except (ValueError, OverflowError) as exc:
        raise _bad(text) from exc
    if not _HAS_YEAR.search(cleaned) and parsed < today - timedelta(days=183):
        try:
            parsed = parsed.replace(year=parsed.year + 1)
        except ValueError as exc:  # 29 Feb
            raise _bad(text) from exc
    return parsed


def parse_past_day(text: str, today: date, what: str = "that day") -> date:
    """A day that has come, typed looking back: ``mon`` is the Monday just gone (today if it
    is Monday), not the next one; a day after `today` is refused."""
    told = parse_day(text, today)
    looking_ahead = any(ch.isdigit() for ch in text) or text.strip().lower().startswith("next")
    if told > today and not looking_ahead and told - timedelta(days=7) <= today:
        told -= timedelta(days=7)
    if told > today:
        raise ValidationFailed(f"{what} cannot be in the future")
    return told
