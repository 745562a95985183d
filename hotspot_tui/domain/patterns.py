"""Recurring patrols as a supervisor says them, turned into a dateutil rule.

    every Fri and Sat 18:00-02:00 in Watford until 2026-12-31, need 2 officers and 1 PCSO

Parts (any order after the days and times, commas optional):

- days: ``every fri and sat``, ``every mon, wed & fri``, ``every day``, ``every weekday``,
  ``every weekend``;
- times: ``18:00-02:00``, ``18-02``, ``6pm-2am``, ``18:00 to 02:00`` (a finish at or
  before the start is the next morning); on the night the clocks go back a time between
  01:00 and 02:00 happens twice, and ``18:00-01:30 GMT`` says which (BST the first, GMT the
  second; on other nights the zone changes nothing);
- place: ``in <area name>`` (matched to an area by the caller);
- range: ``until <date>`` or ``for 6 weeks``, optionally ``from <date>`` (default today);
- cover: ``need 2 officers and 1 PCSO`` (officers, PCSOs, council officers/CEOs/wardens).

`parse_pattern(text, today)` is pure and raises `ValidationFailed` with one plain line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.rrule import WEEKLY, rrule, weekdays

from hotspot_tui.domain.dates import WEEKDAY_NAMES, parse_day
from hotspot_tui.errors import ValidationFailed

MAX_DATES = 400
MAX_NEED = 50
"""The most people of one kind a patrol can need (the patrol form and the service agree)."""
DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
KIND_WORDS = {
    "officer": "officer", "officers": "officer", "pc": "officer", "pcs": "officer",
    "constable": "officer", "constables": "officer",
    "pcso": "pcso", "pcsos": "pcso",
    "ceo": "ceo", "ceos": "ceo", "council": "ceo", "warden": "ceo", "wardens": "ceo",
    "council officer": "ceo", "council officers": "ceo",
}
_TIME = r"(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?(?:\s*\b(bst|gmt)\b)?"
_RANGE = re.compile(rf"\b{_TIME}\s*(?:-|–|to|till|until)\s*{_TIME}(?=\s|,|$)")
_KEYWORDS = r"(?=\s*(?:,|\bfrom\b|\buntil\b|\btill\b|\bto\b|\bfor\b|\bneed\b|\bneeds\b|\bwith\b|$))"


@dataclass(frozen=True)
class PatternSpec:
    weekdays: tuple[int, ...]
    start: time
    end: time
    area_text: str
    first: date
    until: date
    need: dict[str, int] = field(default_factory=dict)
    start_zone: str | None = None
    end_zone: str | None = None
    """BST or GMT when typed: which of a time that happens twice (clocks going back) is meant."""

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    def rule(self) -> rrule:
        return rrule(
            WEEKLY,
            byweekday=[weekdays[d] for d in self.weekdays],
            dtstart=datetime.combine(self.first, time(0, 0)),
            until=datetime.combine(self.until, time(0, 0)),
        )

    def rrule_text(self) -> str:
        """DTSTART and RRULE lines as stored with the pattern (`dateutil.rrule.rrulestr`
        reads them back)."""
        return str(self.rule())

    def dates(self) -> list[date]:
        return [d.date() for d in self.rule()]

    def describe(self) -> str:
        days = ", ".join(DAY_LABELS[d] for d in self.weekdays)
        names = {"officer": ("officer", "officers"), "pcso": ("PCSO", "PCSOs"),
                 "ceo": ("council officer", "council officers")}
        cover = ", ".join(f"{n} {names[k][n != 1]}" for k, n in self.need.items() if n)
        start = self.start.strftime("%H:%M") + (f" {self.start_zone}" if self.start_zone else "")
        end = self.end.strftime("%H:%M") + (f" {self.end_zone}" if self.end_zone else "")
        return (f"every {days} {start}-{end} in {self.area_text}, "
                f"{self.first:%d %b %Y} to {self.until:%d %b %Y}, need {cover}")


def _clock(hour: str, minute: str | None, ampm: str | None, text: str) -> time:
    h, m = int(hour), int(minute or 0)
    if ampm:
        if not 1 <= h <= 12:
            raise ValidationFailed(f"{text!r}: {h}{ampm} is not a time")
        h = h % 12 + (12 if ampm == "pm" else 0)
    if h == 24 and m == 0:
        h = 0
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ValidationFailed(f"{text!r}: {hour}:{minute or '00'} is not a time of day")
    return time(h, m)


def _days(words: str, text: str) -> tuple[int, ...]:
    words = words.strip()
    if words in ("day", "night", "day and night", "evening"):
        return tuple(range(7))
    if words in ("weekday", "weekdays"):
        return (0, 1, 2, 3, 4)
    if words in ("weekend", "weekends"):
        return (5, 6)
    found: list[int] = []
    for part in re.split(r"\s*(?:,|\band\b|&|/|\+)\s*", words):
        part = part.strip().rstrip("s") if part.strip() not in WEEKDAY_NAMES else part.strip()
        if not part:
            continue
        if " " in part:
            raise ValidationFailed("give the times right after the days, e.g. every Fri 18:00-02:00")
        if part not in WEEKDAY_NAMES:
            raise ValidationFailed(
                f"{part!r} is not a day of the week: say e.g. every Fri and Sat"
            )
        if WEEKDAY_NAMES[part] not in found:
            found.append(WEEKDAY_NAMES[part])
    if not found:
        raise ValidationFailed("say which days, e.g. every Fri and Sat")
    return tuple(sorted(found))


def _need(words: str, text: str) -> dict[str, int]:
    need = {"officer": 0, "pcso": 0, "ceo": 0}
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&|\+)\s*", words) if p.strip()]
    for part in parts:
        m = re.fullmatch(r"(\d{1,2})\s+([a-z ]+?)", part.strip())
        if not m or m.group(2).strip() not in KIND_WORDS:
            raise ValidationFailed(
                f"{part.strip()!r}: say the cover as e.g. need 2 officers and 1 PCSO"
            )
        need[KIND_WORDS[m.group(2).strip()]] += int(m.group(1))
    if not any(need.values()):
        raise ValidationFailed("a patrol needs at least one person: e.g. need 2 officers")
    if any(n > MAX_NEED for n in need.values()):
        raise ValidationFailed(f"a patrol can need at most {MAX_NEED} of each kind")
    return need


def parse_pattern(text: str, today: date) -> PatternSpec:
    raw = " ".join((text or "").strip().lower().split())
    if not raw:
        raise ValidationFailed(
            "describe the pattern, e.g. every Fri and Sat 18:00-02:00 in Watford "
            "until 2026-12-31, need 2 officers and 1 PCSO"
        )
    m = re.match(r"^(?:every|each)\s+(.+?)\s+(?=\d)", raw)
    if not m:
        raise ValidationFailed("start with the days and times, e.g. every Fri and Sat 18:00-02:00")
    weekdays_ = _days(m.group(1), text)
    rest = raw[m.end():]
    times = _RANGE.match(rest)
    if not times:
        raise ValidationFailed("give the times after the days, e.g. 18:00-02:00")
    h1, m1, ap1, z1, h2, m2, ap2, z2 = times.groups()
    if ap2 and not ap1 and int(h1) <= 12:
        ap1 = ap2 if int(h1) < int(h2) else ("am" if ap2 == "pm" else "pm")
    start, end = _clock(h1, m1, ap1, text), _clock(h2, m2, ap2, text)
    if start == end:
        raise ValidationFailed("the start and finish times are the same")
    rest = rest[times.end():]

    area = re.search(rf"\bin\s+(.+?){_KEYWORDS}", rest)
    if not area:
        raise ValidationFailed("say where: add 'in <area>', e.g. in Watford")
    area_text = area.group(1).strip()

    first = today
    start_m = re.search(rf"\bfrom\s+(.+?){_KEYWORDS}", rest)
    if start_m:
        first = parse_day(start_m.group(1), today)
    until_m = re.search(r"\b(?:until|till|to)\s+(.+?)(?=\s*(?:,|\bneed\b|\bneeds\b|\bwith\b|\bin\b|$))", rest)
    weeks_m = re.search(r"\bfor\s+(\d{1,2})\s+weeks?\b", rest)
    if until_m:
        until = parse_day(until_m.group(1), today)
    elif weeks_m:
        until = first + timedelta(weeks=int(weeks_m.group(1)), days=-1)
    else:
        raise ValidationFailed("say until when: add e.g. 'until 2026-12-31' or 'for 6 weeks'")
    if until < first:
        raise ValidationFailed(f"the end date {until:%d %b %Y} is before the start {first:%d %b %Y}")

    need_m = re.search(r"\b(?:need|needs|with)\s+(.+?)(?=\s*(?:\bfrom\b|\buntil\b|\bin\b|$))", rest)
    if not need_m:
        raise ValidationFailed("say the cover: add e.g. 'need 2 officers and 1 PCSO'")
    need = _need(need_m.group(1), text)

    spec = PatternSpec(weekdays_, start, end, area_text, first, until, need,
                       z1.upper() if z1 else None, z2.upper() if z2 else None)
    count = len(spec.dates())
    if count == 0:
        raise ValidationFailed("that pattern makes no patrols between those dates")
    if count > MAX_DATES:
        raise ValidationFailed(f"that pattern makes {count} patrols; the most at once is {MAX_DATES}")
    return spec
