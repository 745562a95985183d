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

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, Literal

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


Span = tuple[datetime, datetime]


Spell = list[Any]
"""A spell of work: [start, end, first duty, last duty, planned breaks]."""


def _blocks(intervals: Iterable[Interval]) -> list[tuple[datetime, datetime]]:
    """Merge touching or overlapping spans into spells of work, in time order."""
    return [(b[0], b[1]) for b in _spells(intervals)]


def _spells(intervals: Iterable[Interval]) -> list[Spell]:
    """Spells of work in time order (see `Spell`)."""
    return _spell_rows(list(intervals))[0]


def _spell_rows(duties: Sequence[Interval]) -> tuple[list[Spell], list[int]]:
    """Spells of work in time order and, for each duty, the index of its spell. Duties are
    taken in (start, end) order, ties in the order given; those that touch or overlap are
    one spell, whose last duty is the one ending last (of those ending together, the one
    taken last)."""
    merged: list[Spell] = []
    spell_of = [0] * len(duties)
    for j in sorted(range(len(duties)), key=lambda j: (duties[j].start, duties[j].end)):
        iv = duties[j]
        if merged and iv.start <= merged[-1][1]:
            spell = merged[-1]
            if iv.end >= spell[1]:
                spell[1], spell[3] = iv.end, iv
            spell[4] += iv.break_minutes
        else:
            merged.append([iv.start, iv.end, iv, iv, iv.break_minutes])
        spell_of[j] = len(merged) - 1
    return merged, spell_of


def _named(iv: Interval) -> str:
    return f"the {iv.label}" if iv.label else "duty"


def _rests(blocks: list[Span], far_before: datetime, far_after: datetime) -> list[Span]:
    edges = [far_before, *(t for b in blocks for t in b), far_after]
    return [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2) if edges[i] < edges[i + 1]]


def _windows_with_rest(rests: list[Span], length: timedelta, need: timedelta) -> list[Span]:
    """Closed spans of the window starts t for which [t, t + length) holds `need` of one
    uninterrupted rest."""
    return [(s + need - length, e - need) for s, e in rests
            if e - s >= need and s + need - length <= e - need]


def _union(spans: Iterable[Span]) -> list[Span]:
    """The instants of closed spans, as disjoint closed spans in time order (spans that
    touch are joined: no instant lies between them)."""
    joined: list[Span] = []
    for a, b in sorted(spans):
        if joined and a <= joined[-1][1]:
            if b > joined[-1][1]:
                joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    return joined


def _twice(spans: list[Span]) -> list[Span]:
    """The instants that lie in two or more of the closed spans, as closed spans."""
    events = sorted([(a, 0) for a, _ in spans] + [(b, 1) for _, b in spans])
    found: list[Span] = []
    depth, since = 0, None
    for t, ends in events:  # at one instant, spans starting count before spans ending
        if not ends:
            depth += 1
            if depth == 2:
                since = t
        else:
            if depth == 2 and since is not None:
                found.append((since, t))
            depth -= 1
    return found


def _holds(lo: datetime, hi: datetime, spans: list[Span], starts: list[datetime]) -> bool:
    """Whether every instant of [lo, hi] lies in one of `spans` (from `_union`, with their
    `starts`)."""
    k = bisect_right(starts, lo) - 1
    return k >= 0 and spans[k][1] >= hi


class _RestCover:
    """When a window of the weekly-rest rule may start, from a person's rests: `week`, the
    starts t of the 7-day windows [t, t + 7 days] holding 24 h of one uninterrupted rest;
    `fortnight`, those of the 14-day windows holding one 48 h rest or two of 24 h (window
    lengths and rests as the rules say)."""

    def __init__(self, rests: list[Span], wt: WorkingTimeRules) -> None:
        week = timedelta(days=wt.weekly_rest_window_days)
        fortnight = timedelta(days=wt.fortnight_window_days)
        day_rest = timedelta(minutes=wt.weekly_rest_minutes)
        long_rest = _windows_with_rest(rests, fortnight, timedelta(minutes=wt.fortnight_rest_minutes))
        self.week = _union(_windows_with_rest(rests, week, day_rest))
        self.fortnight = _union([*long_rest, *_twice(_windows_with_rest(rests, fortnight, day_rest))])
        self.week_starts = [a for a, _ in self.week]
        self.fortnight_starts = [a for a, _ in self.fortnight]


def _weekly_rest_ok(block: Span, cover: _RestCover, wt: WorkingTimeRules) -> bool:
    """24 h rest in every 7-day window holding the spell, or else, in every 14-day window,
    one 48 h rest or two of 24 h."""
    lo, hi = block[1] - timedelta(days=wt.weekly_rest_window_days), block[0]
    if lo <= hi and _holds(lo, hi, cover.week, cover.week_starts):
        return True
    lo, hi = block[1] - timedelta(days=wt.fortnight_window_days), block[0]
    return lo > hi or _holds(lo, hi, cover.fortnight, cover.fortnight_starts)


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

    `nearby`: the person's other duties (normal tours and extra duty) within ~14 days
    (`nearby_span`), not including the proposal itself (leave it out when re-checking an
    existing duty). `weekly`: working minutes of each week (its Monday) other than the
    proposal, for the weeks within `reference_weeks` of `week`, the proposal's week;
    without it, the older inputs stand in for the weeks before the proposal:
    `normal_weekly_minutes` each week and `reference_extra_minutes` of extra duty in them.
    `break_minutes`: the break planned within the proposed duty. `opted_out`: the person
    has signed the 48-hour opt-out (the average-week breach becomes a warning; a night
    worker's limit stays).
    """
    wt = rules.working_time
    proposed = proposed.model_copy(update={"break_minutes": break_minutes}) \
        if proposed.break_minutes != break_minutes else proposed
    if weekly is None or week is None:
        week = week or to_local_naive(proposed.start, rules.calendar.timezone).date()
        week = week - timedelta(days=week.weekday())
        weekly = {week - timedelta(weeks=k): normal_weekly_minutes
                  for k in range(wt.reference_weeks)}
        weekly[week - timedelta(weeks=wt.reference_weeks - 1)] += reference_extra_minutes
    averages = average_violations(week, proposed.minutes, weekly, rules,
                                  opted_out=opted_out, night_worker=night_worker)
    return _check_among([*nearby, proposed], len(nearby), _named(proposed), rules, averages)


NEAR = timedelta(days=14)
"""How far either side of a duty its checks look: rests are counted over 14 days."""


def nearby_span(start: datetime, end: datetime) -> Span:
    """The duties a check of the duty [start, end) is given (`check_duty`'s `nearby`):
    those starting in [lo, hi). Time outside them counts as rest."""
    return start - NEAR - timedelta(days=1), end + NEAR


def _check_among(duties: Sequence[Interval], i: int, name: str, rules: PayRules,
                 averages: Sequence[Violation]) -> list[Violation]:
    """The checks of duties[i] against the other duties, which are all there is: time
    outside them is rest. `name`: what duties[i] is called where a message names it."""
    me = duties[i]
    clash = min((iv for j, iv in enumerate(duties) if j != i and iv.overlaps(me)),
                key=lambda iv: iv.start, default=None)
    spells, spell_of = _spell_rows(duties)
    k = spell_of[i]
    far = timedelta(days=60)
    rests = _rests([(b[0], b[1]) for b in spells], me.start - far, me.end + far)
    rest_ok = _weekly_rest_ok((spells[k][0], spells[k][1]), _RestCover(rests, rules.working_time),
                              rules.working_time)
    return _findings(me, name, clash, spells, k, rest_ok, averages, rules)


def _findings(me: Interval, name: str, clash: Interval | None, spells: list[Spell], k: int,
              rest_ok: bool, averages: Sequence[Violation], rules: PayRules) -> list[Violation]:
    """The violations of the duty `me`, in spells[k] (from the duties around it), given the
    first duty it overlaps, whether its weekly rest holds and its averages' violations."""
    wt = rules.working_time
    tz = rules.calendar.timezone

    def named(iv: Interval) -> str:
        return name if iv is me else _named(iv)

    found: list[Violation] = []
    if clash is not None:
        found.append(Violation(
            rule="overlap", severity="error",
            message=f"overlaps {'another duty' if not clash.label else 'the ' + clash.label} "
                    f"{to_local_naive(clash.start, tz):%a %d %b %H:%M}-"
                    f"{to_local_naive(clash.end, tz):%H:%M}",
        ))
    spell_row = spells[k]
    block = (spell_row[0], spell_row[1])
    spell = minutes_between(*block)
    daily = wt.daily_rest_minutes
    if k > 0:
        before = spells[k - 1]
        gap = minutes_between(before[1], block[0])
        if gap < daily:
            found.append(Violation(
                rule="daily_rest", severity="error",
                message=f"only {_hm(gap)} rest before (after {_named(before[3])} ending "
                        f"{to_local_naive(before[1], tz):%a %d %b %H:%M}); "
                        f"{_hm(daily)} needed",
            ))
    if k + 1 < len(spells):
        after = spells[k + 1]
        gap = minutes_between(block[1], after[0])
        if gap < daily:
            found.append(Violation(
                rule="daily_rest", severity="error",
                message=f"only {_hm(gap)} rest after (before {_named(after[2])} starting "
                        f"{to_local_naive(after[0], tz):%a %d %b %H:%M}); "
                        f"{_hm(daily)} needed",
            ))
    if not rest_ok:
        found.append(Violation(
            rule="weekly_rest", severity="error",
            message=f"no {_hm(wt.weekly_rest_minutes)} uninterrupted rest in a "
                    f"{wt.weekly_rest_window_days}-day period around this duty "
                    f"(nor {_hm(wt.fortnight_rest_minutes)} in {wt.fortnight_window_days} days)",
        ))
    found.extend(averages)
    breaks = spell_row[4]
    if spell > wt.break_after_minutes and breaks < wt.break_minutes:
        planned = f"a {breaks} min break planned" if breaks else "no planned break"
        whose = "" if spell == me.minutes else \
            f" ({named(spell_row[2])} from {to_local_naive(block[0], tz):%H:%M} and this)"
        found.append(Violation(
            rule="break", severity="warning",
            message=f"{_hm(spell)} of work{whose} with {planned}; "
                    f"{wt.break_minutes} min needed after {_hm(wt.break_after_minutes)}",
        ))
    if spell > wt.max_shift_minutes:
        other = spell_row[2] if spell_row[2] is not me else spell_row[3]
        whose = "" if spell == me.minutes else f" with {named(other)}"
        found.append(Violation(
            rule="max_shift", severity="error",
            message=f"{_hm(spell)} of continuous duty{whose}; the most is {_hm(wt.max_shift_minutes)}",
        ))
    return found


def timeline_violations(duties: Sequence[Interval], targets: Iterable[int], rules: PayRules,
                        averages: Callable[[int], Sequence[Violation]]) -> dict[int, list[Violation]]:
    """`check_duty` of each target, an index into `duties` (one person's duties in start
    order), as a proposal (its messages call it "duty") against the others within its
    `nearby_span`, with `averages(target)` as its averages' violations: the same answers,
    worked out in one pass over the person's duties instead of one for each target.

    The spells of work, rests and weekly-rest windows are worked out once, over every duty.
    They are what a check of the target alone sees wherever its rules look (its spell, the
    spells either side, the fortnight either side of it), unless a duty beyond its nearby
    span reaches in there; for such a target (rare: a duty at the edge running into the
    fortnight) the check is made on its nearby duties alone, as `check_duty` makes it."""
    wt = rules.working_time
    n = len(duties)
    if not n:
        return {}
    starts = [d.start for d in duties]
    spells, spell_of = _spell_rows(duties)
    first = [n] * len(spells)
    for j in range(n - 1, -1, -1):
        first[spell_of[j]] = j
    latest_end: list[datetime | None] = [None]
    for d in duties:
        last_end = latest_end[-1]
        latest_end.append(d.end if last_end is None or d.end > last_end else last_end)
    far = timedelta(days=60)
    cover = _RestCover(_rests([(b[0], b[1]) for b in spells], starts[0] - far,
                              max(d.end for d in duties) + far), wt)
    twins = Counter((d.start, d.end) for d in duties)
    reach = timedelta(days=max(wt.weekly_rest_window_days, wt.fortnight_window_days))
    sane = (wt.weekly_rest_minutes <= wt.weekly_rest_window_days * 1440
            and wt.fortnight_rest_minutes <= wt.fortnight_window_days * 1440
            and wt.weekly_rest_minutes <= wt.fortnight_window_days * 1440)
    rest_ok: dict[int, bool] = {}
    found: dict[int, list[Violation]] = {}
    for i in targets:
        me = duties[i]
        near_lo, near_hi = nearby_span(me.start, me.end)
        lo, hi = bisect_left(starts, near_lo), bisect_left(starts, near_hi)
        k = spell_of[i]
        spell = spells[k]
        members = range(first[k], first[k + 1] if k + 1 < len(spells) else n)
        edge_end = latest_end[lo]
        edge_start = starts[hi] if hi < n else None
        alone = sane and (
            edge_end is None
            or (edge_end < (spells[k - 1][0] if k > 0 else spell[0])
                and edge_end <= spell[1] - reach)) and (
            edge_start is None
            or (spell[1] < edge_start and spell[0] + reach <= edge_start
                and (k + 1 == len(spells) or spells[k + 1][0] < edge_start))) \
            and twins[(me.start, me.end)] == 1
        if not alone:
            found[i] = _check_among([*duties[lo:i], *duties[i + 1:hi], me], hi - lo - 1, "duty",
                                    rules, averages(i))
            continue
        clash = None if len(members) == 1 else min(
            (duties[j] for j in members if j != i and duties[j].overlaps(me)),
            key=lambda iv: iv.start, default=None)
        if k not in rest_ok:
            rest_ok[k] = _weekly_rest_ok((spell[0], spell[1]), cover, wt)
        found[i] = _findings(me, "duty", clash, spells, k, rest_ok[k], averages(i), rules)
    return found


AVERAGE_RULES = ("average_week", "night_work")
"""The rules a duty's minutes change for weeks around it (the rest are within 14 days)."""


def reference_windows(week: date, weeks: int) -> list[date]:
    """The first Monday of each reference period of `weeks` weeks that holds `week`."""
    return [week - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]


@cache
def _steps(weeks: int) -> tuple[timedelta, ...]:
    """From a week to each week within `weeks` - 1 of it, in order."""
    return tuple(timedelta(weeks=k) for k in range(-(weeks - 1), weeks))


def worst_window(week: date, weekly: Mapping[date, int], weeks: int,
                 extra: int = 0) -> tuple[date, int, list[int]]:
    """(first Monday, total minutes, each week's minutes) of the heaviest reference period
    holding `week`, with `extra` minutes counted in `week`."""
    span = [weekly.get(week + step, 0) for step in _steps(weeks)]
    span[weeks - 1] += extra
    return _heaviest(week, span, weeks)


def _heaviest(week: date, span: list[int], weeks: int) -> tuple[date, int, list[int]]:
    """`worst_window` from `span`, the minutes of the weeks within `weeks` - 1 of `week`."""
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
    first, total, minutes = worst_window(week, weekly, rules.working_time.reference_weeks,
                                         proposed_minutes)
    return _average_findings(first, total, minutes, rules, opted_out, night_worker)


class WeekAverages:
    """`average_violations` of the duties of one week, with the week's heaviest reference
    period found once: a duty's minutes count in every period holding its week, so however
    many they are, the heaviest period is the same one."""

    def __init__(self, week: date, weekly: Mapping[date, int], rules: PayRules, *,
                 span: list[int] | None = None) -> None:
        """`weekly`: working minutes per week, the week's duties included (or `span`, the
        minutes of the weeks within a reference period of `week`, as `of_weeks` gives)."""
        self.rules = rules
        weeks = rules.working_time.reference_weeks
        self.first, self.total, self.minutes = (
            worst_window(week, weekly, weeks) if span is None else _heaviest(week, span, weeks))
        self.at = (week - self.first).days // 7

    @classmethod
    def of_weeks(cls, weeks: Iterable[date], weekly: Mapping[date, int],
                 rules: PayRules) -> dict[date, WeekAverages]:
        """`WeekAverages` of each week given (Mondays), reading `weekly` once for them all."""
        given = sorted(set(weeks))
        if not given:
            return {}
        reach = rules.working_time.reference_weeks - 1
        first = given[0] - timedelta(weeks=reach)
        count = (given[-1] - given[0]).days // 7 + 2 * reach + 1
        minutes = [weekly.get(first + timedelta(weeks=k), 0) for k in range(count)]
        return {week: cls(week, weekly, rules,
                          span=minutes[(week - first).days // 7 - reach:][:2 * reach + 1])
                for week in given}

    def violations(self, shift: int = 0, *, opted_out: bool = False,
                   night_worker: bool = False) -> list[Violation]:
        """`average_violations` of a duty of the week that proposes `shift` minutes more than
        `weekly` counts for it (fewer, when negative)."""
        minutes = self.minutes
        if shift:
            minutes = [*minutes]
            minutes[self.at] += shift
        return _average_findings(self.first, self.total + shift, minutes, self.rules,
                                 opted_out, night_worker)


def _average_findings(first: date, total: int, minutes: list[int], rules: PayRules,
                      opted_out: bool, night_worker: bool) -> list[Violation]:
    """The averages' violations of the heaviest reference period: from Monday `first`,
    `total` minutes, `minutes` each week."""
    wt = rules.working_time
    weeks = wt.reference_weeks
    if total <= wt.average_weekly_minutes * weeks and not night_worker:
        return []
    most = max(range(weeks), key=minutes.__getitem__)
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
