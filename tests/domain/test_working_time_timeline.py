"""Checking every duty of a person's timeline in one pass (`timeline_violations`) gives, for
each, exactly what checking it alone against its nearby duties gives (`check_duty`): the
full scan of a file and the check of each change are one rule."""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import example, given, settings
from hypothesis import strategies as st

from hotspot_tui.domain.rules import PayRules, WorkingTimeRules
from hotspot_tui.domain.working_time import (
    Interval,
    _RestCover,
    _rests,
    _spells,
    _weekly_rest_ok,
    check_duty,
    nearby_span,
    timeline_violations,
)

RULES = PayRules()
FIRST = datetime(2026, 10, 1, tzinfo=UTC)
LABELS = ["early duty", "late duty", "night duty", "patrol in Watford", "patrol in Hitchin"]

duty = st.tuples(
    st.integers(0, 40 * 96),                                    # start, in quarter hours
    st.sampled_from([2, 4, 8, 16, 30, 34, 36, 40, 44, 64, 66, 96, 100]),  # length, quarter hours
    st.sampled_from(LABELS),
    st.sampled_from([0, 0, 10, 20, 30]),                         # planned break, minutes
)


def _timeline(rows: list[tuple[int, int, str, int]]) -> list[Interval]:
    """Duties in start order (ties in the order made), as a person's duties are kept."""
    made = [Interval(start=FIRST + timedelta(minutes=15 * s), end=FIRST + timedelta(minutes=15 * (s + n)),
                     label=label, break_minutes=brk) for s, n, label, brk in rows]
    return sorted(made, key=lambda d: d.start)


def _alone(duties: list[Interval], i: int) -> list[tuple[str, str, str]]:
    """check_duty of duties[i] as a proposal (unnamed) against the duties of its nearby span."""
    me = duties[i]
    lo_t, hi_t = nearby_span(me.start, me.end)
    starts = [d.start for d in duties]
    lo, hi = bisect_left(starts, lo_t), bisect_left(starts, hi_t)
    nearby = [d for j, d in enumerate(duties[lo:hi], lo) if j != i]
    found = check_duty(Interval(start=me.start, end=me.end), nearby, RULES,
                       break_minutes=me.break_minutes, weekly={}, week=date(2026, 10, 5))
    return [(v.rule, v.severity, v.message) for v in found]


@settings(max_examples=300, deadline=None)
@example(rows=[(0, 96, "early duty", 0), (96, 8, "patrol in Watford", 0)])
@example(rows=[(0, 100, "night duty", 0), (15 * 96 + 4, 4, "patrol in Watford", 0),
               (15 * 96 + 60, 8, "late duty", 0)])
@example(rows=[(500, 8, "late duty", 0), (500, 8, "patrol in Watford", 20),
               (540, 16, "patrol in Hitchin", 0)])
@given(rows=st.lists(duty, min_size=1, max_size=70))
def test_one_pass_over_a_timeline_finds_what_each_check_alone_finds(rows) -> None:  # type: ignore[no-untyped-def]
    duties = _timeline(rows)
    found = timeline_violations(duties, range(len(duties)), RULES, lambda i: [])
    for i in range(len(duties)):
        assert [(v.rule, v.severity, v.message) for v in found[i]] == _alone(duties, i), i


def _probed(block: tuple[datetime, datetime], rests: list[tuple[datetime, datetime]],
            wt: WorkingTimeRules) -> bool:
    """The weekly-rest rule as first written: probe every instant where a window's verdict
    can change, and the middle of each stretch between them."""
    def windows(length: timedelta, need: timedelta) -> list[tuple[datetime, datetime]]:
        return [(s + need - length, e - need) for s, e in rests if e - s >= need]

    def always(lo, hi, ok, spans) -> bool:  # type: ignore[no-untyped-def]
        points = sorted({lo, hi, *(p for s in spans for p in s if lo < p < hi)})
        return all(ok(t) for t in [*points, *(a + (b - a) / 2 for a, b in pairwise(points))])

    week, fortnight = timedelta(days=wt.weekly_rest_window_days), timedelta(days=wt.fortnight_window_days)
    day_rest = timedelta(minutes=wt.weekly_rest_minutes)
    weekly = windows(week, day_rest)
    lo, hi = block[1] - week, block[0]
    if lo <= hi and always(lo, hi, lambda t: any(a <= t <= b for a, b in weekly), weekly):
        return True
    long_rest = windows(fortnight, timedelta(minutes=wt.fortnight_rest_minutes))
    two = windows(fortnight, day_rest)

    def fortnight_ok(t: datetime) -> bool:
        return any(a <= t <= b for a, b in long_rest) or sum(1 for a, b in two if a <= t <= b) >= 2

    lo, hi = block[1] - fortnight, block[0]
    return lo > hi or always(lo, hi, fortnight_ok, long_rest + two)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(duty, min_size=1, max_size=60),
       week_days=st.sampled_from([7, 7, 5]), fortnight_days=st.sampled_from([14, 14, 10]),
       day_rest=st.sampled_from([24 * 60, 24 * 60, 20 * 60]))
def test_the_weekly_rest_windows_hold_exactly_where_every_instant_of_them_holds(
        rows, week_days, fortnight_days, day_rest) -> None:  # type: ignore[no-untyped-def]
    wt = WorkingTimeRules(weekly_rest_window_days=week_days, fortnight_window_days=fortnight_days,
                          weekly_rest_minutes=day_rest)
    spells = [(s[0], s[1]) for s in _spells(_timeline(rows))]
    far = timedelta(days=60)
    rests = _rests(spells, spells[0][0] - far, spells[-1][1] + far)
    cover = _RestCover(rests, wt)
    for block in spells:
        assert _weekly_rest_ok(block, cover, wt) == _probed(block, rests, wt), block
