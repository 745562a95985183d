"""Working Time Regulations checks for one proposed duty, and minimum-cover checks.

Built for county scale: the caller passes only the person's duties within about 14 days
either side of the proposal (`nearby`), plus two sums the database computes cheaply — the
extra-duty minutes already in the 17-week reference period and the normal weekly minutes.
Time outside the `nearby` horizon is taken as rest.

Duties that touch or overlap are one spell of work: a patrol straight on from a shift is
one working day for rest, break and length checks.

Normal duties (a person's own tours) and patrols are checked together: `nearby` holds
both, each labelled ("early duty", "patrol in Watford") so that an explanation names the
duty that causes the problem.

The 48-hour average and a night worker's 8 hours in 24 are checked over every reference
period of `reference_weeks` whole weeks (Monday to Sunday, by local date) that holds the
proposal — before it, after it and around it — from each week's working minutes
(`weekly`), so booking patrols out of order cannot escape them.

Rule codes: ``overlap``, ``daily_rest``, ``weekly_rest``, ``average_week``, ``night_work``,
``break``, ``max_shift``, ``cover``, ``over_cover``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from hotspot_tui.domain.clock import minutes_between, to_local_naive
from hotspot_tui.domain.rules import PayRules, WorkingTimeRules

Severity = Literal["error", "warning"]
KIND_NAMES = {"officer": ("officer", "officers"), "pcso": ("PCSO", "PCSOs"),
              "ceo": ("council officer", "council officers")}


class Interval(BaseModel):
    """A span of work between two UTC instants."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: datetime
    end: datetime
    label: str = ""
    """What the duty is, for explanations: "early duty", "patrol in Watford"."""
    break_minutes: int = 0
    """The break planned within it (the caller gives a tour the break its length needs)."""

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("times must carry a time zone")
        return value.astimezone(UTC)

    @model_validator(mode="after")
    def _order(self) -> Interval:
        if self.end <= self.start:
            raise ValueError("an interval must end after it starts")
        return self

    @property
    def minutes(self) -> int:
        return minutes_between(self.start, self.end)

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


class Violation(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    message: str


def _hm(minutes: int) -> str:
    hours, mins = divmod(max(0, minutes), 60)
    return f"{hours} h {mins:02d} min" if mins else f"{hours} h"


Block = tuple[datetime, datetime]


def _blocks(intervals: Iterable[Interval]) -> list[tuple[datetime, datetime]]:
    """Merge touching or overlapping spans into spells of work, in time order."""
    return [(b[0], b[1]) for b in _spells(intervals)]


def _spells(intervals: Iterable[Interval]) -> list[list]:
    """Spells of work as [start, end, first duty, last duty, planned breaks, longest duty]."""
    merged: list[list] = []
    for iv in sorted(intervals, key=lambda i: (i.start, i.end)):
        if merged and iv.start <= merged[-1][1]:
            spell = merged[-1]
            if iv.end >= spell[1]:
                spell[1], spell[3] = iv.end, iv
            spell[4] += iv.break_minutes
            spell[5] = max(spell[5], iv.minutes)
        else:
            merged.append([iv.start, iv.end, iv, iv, iv.break_minutes, iv.minutes])
    return merged


def _named(iv: Interval) -> str:
    return f"the {iv.label}" if iv.label else "duty"


def _rests(
    blocks: list[tuple[datetime, datetime]], far_before: datetime, far_after: datetime
) -> list[tuple[datetime, datetime]]:
    edges = [far_before, *(t for b in blocks for t in b), far_after]
    return [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2) if edges[i] < edges[i + 1]]


def _windows_with_rest(
    rests: list[tuple[datetime, datetime]], length: timedelta, need: timedelta
) -> list[tuple[datetime, datetime]]:
    """Window starts t for which [t, t + length) holds `need` of one uninterrupted rest."""
    return [(s + need - length, e - need) for s, e in rests if e - s >= need]


def _always(
    lo: datetime,
    hi: datetime,
    ok: Callable[[datetime], bool],
    spans: list[tuple[datetime, datetime]],
) -> bool:
    """Whether `ok(t)` holds for every t in [lo, hi], given it only changes at span ends."""
    points = sorted({lo, hi, *(p for s in spans for p in s if lo < p < hi)})
    probes = [*points, *(a + (b - a) / 2 for a, b in pairwise(points))]
    return all(ok(t) for t in probes)


def _weekly_rest_ok(
    block: tuple[datetime, datetime],
    rests: list[tuple[datetime, datetime]],
    wt: WorkingTimeRules,
) -> bool:
    """24 h rest in every 7-day window holding the spell, or else, in every 14-day window,
    one 48 h rest or two of 24 h."""
    week = timedelta(days=wt.weekly_rest_window_days)
    day_rest = timedelta(minutes=wt.weekly_rest_minutes)
    weekly = _windows_with_rest(rests, week, day_rest)
    lo, hi = block[1] - week, block[0]
    if lo <= hi and _always(lo, hi, lambda t: any(a <= t <= b for a, b in weekly), weekly):
        return True
    fortnight = timedelta(days=wt.fortnight_window_days)
    long_rest = _windows_with_rest(rests, fortnight, timedelta(minutes=wt.fortnight_rest_minutes))
    two_rests = _windows_with_rest(rests, fortnight, day_rest)

    def fortnight_ok(t: datetime) -> bool:
        if any(a <= t <= b for a, b in long_rest):
            return True
        return sum(1 for a, b in two_rests if a <= t <= b) >= 2

    lo, hi = block[1] - fortnight, block[0]
    return lo > hi or _always(lo, hi, fortnight_ok, long_rest + two_rests)


def check_duty(
    proposed: Interval,
    nearby: Sequence[Interval],
    rules: PayRules,
    *,
    reference_extra_minutes: int = 0,
    normal_weekly_minutes: int = 0,
    break_minutes: int = 0,
    opted_out: bool = False,
    weekly: Mapping[date, int] | None = None,
    week: date | None = None,
    night_worker: bool = False,
) -> list[Violation]:
    """Every working-time rule the proposed duty would break.

    `nearby`: the person's other duties (normal tours and extra duty) within ~14 days,
    not including the proposal itself (leave it out when re-checking an existing duty).
    `weekly`: working minutes of each week (its Monday) other than the proposal, for the
    weeks within `reference_weeks` of `week`, the proposal's week; without it, the older
    inputs stand in for the weeks before the proposal: `normal_weekly_minutes` each week
    and `reference_extra_minutes` of extra duty in them. `break_minutes`: the break
    planned within the proposed duty. `opted_out`: the person has signed the 48-hour
    opt-out (the average-week breach becomes a warning; a night worker's limit stays).
    """
    wt = rules.working_time
    tz = rules.calendar.timezone
    found: list[Violation] = []
    proposed = proposed.model_copy(update={"break_minutes": break_minutes}) \
        if proposed.break_minutes != break_minutes else proposed

    clashes = sorted((iv for iv in nearby if iv.overlaps(proposed)), key=lambda i: i.start)
    for iv in clashes[:1]:
        found.append(Violation(
            rule="overlap", severity="error",
            message=f"overlaps {'another duty' if not iv.label else 'the ' + iv.label} "
                    f"{to_local_naive(iv.start, tz):%a %d %b %H:%M}-"
                    f"{to_local_naive(iv.end, tz):%H:%M}",
        ))

    spells = _spells([*nearby, proposed])
    index = next(i for i, b in enumerate(spells) if b[0] <= proposed.start < b[1])
    spell_row = spells[index]
    block = (spell_row[0], spell_row[1])
    spell = minutes_between(*block)
    daily = wt.daily_rest_minutes
    if index > 0:
        before = spells[index - 1]
        gap = minutes_between(before[1], block[0])
        if gap < daily:
            found.append(Violation(
                rule="daily_rest", severity="error",
                message=f"only {_hm(gap)} rest before (after {_named(before[3])} ending "
                        f"{to_local_naive(before[1], tz):%a %d %b %H:%M}); "
                        f"{_hm(daily)} needed",
            ))
    if index + 1 < len(spells):
        after = spells[index + 1]
        gap = minutes_between(block[1], after[0])
        if gap < daily:
            found.append(Violation(
                rule="daily_rest", severity="error",
                message=f"only {_hm(gap)} rest after (before {_named(after[2])} starting "
                        f"{to_local_naive(after[0], tz):%a %d %b %H:%M}); "
                        f"{_hm(daily)} needed",
            ))

    far = timedelta(days=60)
    blocks = [(b[0], b[1]) for b in spells]
    rests = _rests(blocks, proposed.start - far, proposed.end + far)
    if not _weekly_rest_ok(block, rests, wt):
        found.append(Violation(
            rule="weekly_rest", severity="error",
            message=f"no {_hm(wt.weekly_rest_minutes)} uninterrupted rest in a "
                    f"{wt.weekly_rest_window_days}-day period around this duty "
                    f"(nor {_hm(wt.fortnight_rest_minutes)} in {wt.fortnight_window_days} days)",
        ))

    if weekly is None or week is None:
        week = week or to_local_naive(proposed.start, tz).date()
        week = week - timedelta(days=week.weekday())
        weekly = {week - timedelta(weeks=k): normal_weekly_minutes
                  for k in range(wt.reference_weeks)}
        weekly[week - timedelta(weeks=wt.reference_weeks - 1)] += reference_extra_minutes
    found.extend(average_violations(week, proposed.minutes, weekly, rules,
                                    opted_out=opted_out, night_worker=night_worker))

    breaks = spell_row[4]
    if spell > wt.break_after_minutes and breaks < wt.break_minutes:
        planned = f"a {breaks} min break planned" if breaks else "no planned break"
        whose = "" if spell == proposed.minutes else \
            f" ({_named(spell_row[2])} from {to_local_naive(block[0], tz):%H:%M} and this)"
        found.append(Violation(
            rule="break", severity="warning",
            message=f"{_hm(spell)} of work{whose} with {planned}; "
                    f"{wt.break_minutes} min needed after {_hm(wt.break_after_minutes)}",
        ))
    if spell > wt.max_shift_minutes:
        other = spell_row[2] if spell_row[2] is not proposed else spell_row[3]
        whose = "" if spell == proposed.minutes else f" with {_named(other)}"
        found.append(Violation(
            rule="max_shift", severity="error",
            message=f"{_hm(spell)} of continuous duty{whose}; the most is {_hm(wt.max_shift_minutes)}",
        ))
    return found


AVERAGE_RULES = ("average_week", "night_work")
"""The rules a duty's minutes change for weeks around it (the rest are within 14 days)."""


def reference_windows(week: date, weeks: int) -> list[date]:
    """The first Monday of each reference period of `weeks` weeks that holds `week`."""
    return [week - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]


def worst_window(week: date, weekly: Mapping[date, int], weeks: int,
                 extra: int = 0) -> tuple[date, int, list[int]]:
    """(first Monday, total minutes, each week's minutes) of the heaviest reference period
    holding `week`, with `extra` minutes counted in `week`."""
    span = [weekly.get(week + timedelta(weeks=k), 0) for k in range(-(weeks - 1), weeks)]
    span[weeks - 1] += extra
    total = sum(span[:weeks])
    best = (0, total)
    for k in range(1, weeks):
        total += span[k + weeks - 1] - span[k - 1]
        if total > best[1]:
            best = (k, total)
    return week - timedelta(weeks=weeks - 1 - best[0]), best[1], span[best[0]:best[0] + weeks]


def average_violations(
    week: date,
    proposed_minutes: int,
    weekly: Mapping[date, int],
    rules: PayRules,
    *,
    opted_out: bool = False,
    night_worker: bool = False,
) -> list[Violation]:
    """The 48-hour average and a night worker's average, over every reference period of
    whole weeks that holds `week`. `weekly`: working minutes per week (its Monday) other
    than the proposal's `proposed_minutes`, which count in `week`."""
    wt = rules.working_time
    weeks = wt.reference_weeks
    first, total, minutes = worst_window(week, weekly, weeks, proposed_minutes)
    if total <= wt.average_weekly_minutes * weeks and not night_worker:
        return []
    most = max(range(weeks), key=lambda k: minutes[k])
    heaviest = first + timedelta(weeks=most)
    where = (f" in the {weeks} weeks from Mon {first:%d %b %Y}; the most is "
             f"{_hm(minutes[most])} in the week of Mon {heaviest:%d %b}")
    found: list[Violation] = []
    if total > wt.average_weekly_minutes * weeks:
        found.append(Violation(
            rule="average_week", severity="warning" if opted_out else "error",
            message=f"would average {_hm(total // weeks)} a week{where} "
                    f"(limit {_hm(wt.average_weekly_minutes)})"
                    + ("; the person has opted out" if opted_out else ""),
        ))
    days = weeks * 6  # every day but one weekly rest day a week
    if night_worker and total > wt.night_average_minutes * days:
        found.append(Violation(
            rule="night_work", severity="error",
            message=f"a night worker: would average {_hm(total // days)} in each 24 hours{where} "
                    f"(limit {_hm(wt.night_average_minutes)}; no opt-out applies)",
        ))
    return found


def check_cover(required: Mapping[str, int], assigned: Mapping[str, int]) -> list[Violation]:
    """Short cover is an error; more people than asked for is a warning."""
    found: list[Violation] = []
    for kind in (*required, *(k for k in assigned if k not in required)):
        need, have = required.get(kind, 0), assigned.get(kind, 0)
        one, many = KIND_NAMES.get(kind, (kind, kind))
        if have < need:
            found.append(Violation(
                rule="cover", severity="error",
                message=f"needs {need} {one if need == 1 else many}, has {have}",
            ))
        elif have > need:
            found.append(Violation(
                rule="over_cover", severity="warning",
                message=f"{have} {one if have == 1 else many} for {need} needed",
            ))
    return found


def has_errors(violations: Iterable[Violation]) -> bool:
    return any(v.severity == "error" for v in violations)


def default_break_minutes(patrol_minutes: int, wt: WorkingTimeRules) -> int:
    """The break a new patrol plans unless the supervisor says otherwise: the rules' break
    when the patrol alone is longer than the rules allow without one, else none."""
    return wt.break_minutes if patrol_minutes > wt.break_after_minutes else 0
