"""Working-time and cover checks, both sides of each limit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hotspot_tui.domain.clock import parse_local
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.domain.working_time import (
    Interval,
    check_cover,
    check_duty,
    default_break_minutes,
    has_errors,
)

RULES = PayRules()


def iv(start: str, end: str) -> Interval:
    return Interval(start=parse_local(start), end=parse_local(end))


def rules_hit(proposed: Interval, nearby: list[Interval], **kw) -> dict[str, str]:
    return {v.rule: v.severity for v in check_duty(proposed, nearby, RULES, **kw)}


PATROL = iv("2026-06-16 18:00", "2026-06-16 22:00")


def test_clean_duty_has_no_violations():
    assert check_duty(PATROL, [iv("2026-06-15 07:00", "2026-06-15 15:00")], RULES) == []


def test_overlap():
    assert rules_hit(PATROL, [iv("2026-06-16 21:00", "2026-06-16 23:00")])["overlap"] == "error"


def test_touching_is_not_overlap_but_one_spell():
    hit = rules_hit(iv("2026-06-16 15:00", "2026-06-16 18:00"), [iv("2026-06-16 07:00", "2026-06-16 15:00")])
    assert "overlap" not in hit and "daily_rest" not in hit
    assert hit["break"] == "warning"  # 11 h spell without a planned break


@pytest.mark.parametrize(
    ("before_end", "violated"),
    [("2026-06-16 07:00", False),   # 11 h 00 before 18:00
     ("2026-06-16 07:01", True)],   # 10 h 59
)
def test_daily_rest_before(before_end, violated):
    hit = rules_hit(PATROL, [iv("2026-06-15 23:00", before_end)])
    assert ("daily_rest" in hit) is violated


@pytest.mark.parametrize(
    ("next_start", "violated"),
    [("2026-06-17 09:00", False), ("2026-06-17 08:59", True)],
)
def test_daily_rest_after(next_start, violated):
    hit = rules_hit(PATROL, [iv(next_start, "2026-06-17 17:00")])
    assert ("daily_rest" in hit) is violated


@pytest.mark.parametrize(
    ("nearby", "proposed", "violated"),
    [
        # October: 20:00 Sat → 06:00 Sun wall is 11 real hours (extra hour)
        (iv("2026-10-24 12:00", "2026-10-24 20:00"), iv("2026-10-25 06:00", "2026-10-25 10:00"), False),
        # March: 20:00 Sat → 07:00 Sun wall is only 10 real hours
        (iv("2026-03-28 12:00", "2026-03-28 20:00"), iv("2026-03-29 07:00", "2026-03-29 10:00"), True),
    ],
)
def test_daily_rest_from_instants(nearby, proposed, violated):
    assert ("daily_rest" in rules_hit(proposed, [nearby])) is violated


def _days(first: date, last: date, off: set[int]) -> list[Interval]:
    out = []
    d = first
    while d <= last:
        if d.day not in off and d != date(2026, 6, 17):
            out.append(iv(f"{d} 07:00", f"{d} 17:00"))
        d += timedelta(days=1)
    return out


PROPOSED_WED = iv("2026-06-17 07:00", "2026-06-17 17:00")


@pytest.mark.parametrize(
    ("days_off", "violated"),
    [
        (set(), True),                 # every day worked: 14 h rests only
        ({13, 14}, True),              # one weekend off, then 14 days worked after it
        ({13, 14, 20, 21}, False),     # a weekend off in every 7 days
        ({13, 14, 26, 27, 28}, False),  # 24 h rule fails mid-June but 48 h/two 24 h in every fortnight
    ],
)
def test_weekly_rest(days_off, violated):
    nearby = _days(date(2026, 6, 3), date(2026, 7, 1), days_off)
    hit = rules_hit(PROPOSED_WED, nearby, break_minutes=20)
    assert ("weekly_rest" in hit) is violated


# 40 h normal × 17 = 680 h; limit 48 h × 17 = 816 h; room for 136 h = 8,160 min of extra duty
@pytest.mark.parametrize(
    ("extra_before", "opted_out", "expected"),
    [(8160 - 240, False, None), (8160 - 239, False, "error"), (8160 - 239, True, "warning")],
)
def test_average_week(extra_before, opted_out, expected):
    hit = rules_hit(PATROL, [], reference_extra_minutes=extra_before,
                    normal_weekly_minutes=40 * 60, opted_out=opted_out)
    assert hit.get("average_week") == expected


@pytest.mark.parametrize(
    ("end", "break_minutes", "expected"),
    [("2026-06-16 16:00", 0, None),        # 6 h exactly
     ("2026-06-16 16:01", 0, "warning"),   # 6 h 01
     ("2026-06-16 16:01", 19, "warning"),  # a break planned, but shorter than the rules ask
     ("2026-06-16 16:01", 20, None)],
)
def test_break(end, break_minutes, expected):
    hit = rules_hit(iv("2026-06-16 10:00", end), [], break_minutes=break_minutes)
    assert hit.get("break") == expected


def test_a_short_planned_break_is_named_in_the_warning():
    [found] = check_duty(iv("2026-06-16 10:00", "2026-06-16 18:00"), [], RULES, break_minutes=10)
    assert found.message == "8 h of work with a 10 min break planned; 20 min needed after 6 h"


@pytest.mark.parametrize(("minutes", "expected"), [(360, 0), (361, 20), (480, 20)])
def test_new_patrols_plan_the_rules_break_when_longer_than_the_limit(minutes, expected):
    assert default_break_minutes(minutes, RULES.working_time) == expected


@pytest.mark.parametrize(
    ("end", "expected"),
    [("2026-06-17 00:00", None), ("2026-06-17 00:01", "error")],
)
def test_max_shift_counts_straight_on_spell(end, expected):
    # normal shift 08:00-16:00 then a patrol straight on: 16 h ok, 16 h 01 too long
    hit = rules_hit(iv("2026-06-16 16:00", end), [iv("2026-06-16 08:00", "2026-06-16 16:00")],
                    break_minutes=20)
    assert hit.get("max_shift") == expected


@pytest.mark.parametrize(
    ("required", "assigned", "expected"),
    [
        ({"officer": 2, "pcso": 1}, {"officer": 2, "pcso": 1}, []),
        ({"officer": 2, "pcso": 1}, {"officer": 1, "pcso": 1},
         [("cover", "error", "needs 2 officers, has 1")]),
        ({"officer": 1}, {"officer": 1, "ceo": 1},
         [("over_cover", "warning", "1 council officer for 0 needed")]),
        ({"pcso": 1}, {}, [("cover", "error", "needs 1 PCSO, has 0")]),
    ],
)
def test_check_cover(required, assigned, expected):
    found = [(v.rule, v.severity, v.message) for v in check_cover(required, assigned)]
    assert found == expected
    assert has_errors(check_cover(required, assigned)) is any(e[1] == "error" for e in expected)
