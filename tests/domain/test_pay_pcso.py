"""PCSO extra hours: plain time to 37 h a week (normal hours included), then × 1.5 / × 2.

Most rows: £27,010 a year → 2,701,000 p × 7 / 365 / 37 = 1,400 p an hour exactly,
so × 1.5 = 2,100 p/h and × 2 = 2,800 p/h.
"""

from __future__ import annotations

from datetime import date

import pytest

from hotspot_tui.domain.clock import parse_local
from hotspot_tui.domain.pay import Duty, PricedDuty, Worker, quote_duties, quote_duty
from hotspot_tui.domain.rules import PayRules

PCSO = Worker(kind="pcso", annual_salary_pence=2_701_000)
RULES = PayRules()
H = 60


def duty(start: str, end: str, **kw) -> Duty:
    return Duty(start=parse_local(start), end=parse_local(end), **kw)


def summary(quote):
    return [(line.code, line.minutes, line.amount_pence) for line in quote.lines]


CASES = [
    ("no hours yet: 8 h plain = 11200",
     0, duty("2026-06-16 10:00", "2026-06-16 18:00"), [("PCSO_PLAIN", 480, 11200)]),
    ("30 h before, crosses 37 h mid-shift: 7 h × 1400 = 9800, 1 h × 2100",
     30 * H, duty("2026-06-16 10:00", "2026-06-16 18:00"),
     [("PCSO_PLAIN", 420, 9800), ("PCSO_1_5", 60, 2100)]),
    ("36 h 59 before: 1 min plain = 23.33 → 23; 479 min × 35 p = 16765",
     37 * H - 1, duty("2026-06-16 10:00", "2026-06-16 18:00"),
     [("PCSO_PLAIN", 1, 23), ("PCSO_1_5", 479, 16765)]),
    ("37 h before: all 8 h × 2100 = 16800",
     37 * H, duty("2026-06-16 10:00", "2026-06-16 18:00"), [("PCSO_1_5", 480, 16800)]),
    ("Sunday, 36 h before: 1 h plain 1400 + 7 h × 2800 = 19600",
     36 * H, duty("2026-06-21 10:00", "2026-06-21 18:00"),
     [("PCSO_PLAIN", 60, 1400), ("PCSO_2_0", 420, 19600)]),
    ("public holiday, 40 h before: 8 h × 2800 = 22400",
     40 * H, duty("2026-08-31 10:00", "2026-08-31 18:00"), [("PCSO_2_0", 480, 22400)]),
    ("public holiday under 37 h (not a rest day): plain 11200",
     0, duty("2026-08-31 10:00", "2026-08-31 18:00"), [("PCSO_PLAIN", 480, 11200)]),
    ("public holiday on a rest day: × 2 even under 37 h, 22400",
     0, duty("2026-08-31 10:00", "2026-08-31 18:00", rest_day=True, told_on=date(2026, 8, 1)),
     [("PCSO_2_0", 480, 22400)]),
    ("Saturday night into Sunday, over 37 h: Sat to 07:00 9 h × 2100 = 18900; Sun 2 h × 2800",
     37 * H, duty("2026-06-20 22:00", "2026-06-21 09:00"),
     [("PCSO_1_5", 540, 18900), ("PCSO_2_0", 120, 5600)]),
    ("October night, 34 h before: 3 h plain 4200 + 6 h × 2100 = 12600",
     34 * H, duty("2026-10-24 22:00", "2026-10-25 06:00"),
     [("PCSO_PLAIN", 180, 4200), ("PCSO_1_5", 360, 12600)]),
]


@pytest.mark.parametrize(("case", "before", "the_duty", "expected"), CASES, ids=[c[0] for c in CASES])
def test_pcso_table(case, before, the_duty, expected):
    quote = quote_duty(PCSO, the_duty, RULES, minutes_worked_this_week_before=before)
    assert summary(quote) == expected
    assert quote.total_pence == sum(p for *_, p in expected)
    assert quote.total_minutes == sum(m for _, m, _ in expected)


def test_minutes_in_the_next_force_week_start_from_zero():
    # Mon 22 Jun 05:00-07:00 is still Sunday's force day (week of 15 Jun), over 37 h: 2 h × 2800;
    # 07:00-09:00 is the new week: 2 h plain × 1400
    q = quote_duty(PCSO, duty("2026-06-22 05:00", "2026-06-22 09:00"), RULES,
                   minutes_worked_this_week_before=40 * H)
    assert summary(q) == [("PCSO_2_0", 120, 5600), ("PCSO_PLAIN", 120, 2800)]


FULL_TIMER = Worker(kind="pcso", annual_salary_pence=2_701_000, contracted_weekly_minutes=37 * H)
"""Contracted 37 h: the same 1,400 p an hour, and every force week starts at 37 h."""


def week(worker: Worker, *duties: Duty) -> list:
    return [summary(q) for q in quote_duties([PricedDuty(d, worker, RULES) for d in duties])]


def test_week_split_at_monday_0700_matches_whole_duty():
    # Mon 05:00-07:00 is Sunday's force day, past 37 h: × 2; from 07:00 the new week starts
    # at the contracted 37 h again, so Monday's hours are × 1.5 however the duty is cut
    whole = week(FULL_TIMER, duty("2026-06-22 05:00", "2026-06-22 09:00"))
    parts = week(FULL_TIMER, duty("2026-06-22 05:00", "2026-06-22 08:00"),
                 duty("2026-06-22 08:00", "2026-06-22 09:00"))
    assert whole == [[("PCSO_2_0", 120, 5600), ("PCSO_1_5", 120, 4200)]]
    assert parts == [[("PCSO_2_0", 120, 5600), ("PCSO_1_5", 60, 2100)], [("PCSO_1_5", 60, 2100)]]


def test_monday_hours_pay_the_same_whether_the_duty_started_sunday_or_monday():
    """Regression: a duty crossing Monday 07:00 paid its Monday hours × 1 (counted from
    zero) where a duty starting on Monday paid the same hours × 1.5."""
    from_sunday = week(FULL_TIMER, duty("2026-06-21 23:00", "2026-06-22 09:00"))
    from_monday = week(FULL_TIMER, duty("2026-06-22 07:00", "2026-06-22 09:00"))
    assert from_sunday[0][-1] == ("PCSO_1_5", 120, 4200)
    assert from_monday == [[("PCSO_1_5", 120, 4200)]]


def test_a_duty_running_into_the_week_counts_towards_its_threshold():
    # part-timer on 30 h: Sun 22:00 - Mon 11:00 puts 4 h into the new week (34 h);
    # Mon 18:00-24:00: 3 h plain to 37 h, 3 h × 1.5
    part_timer = Worker(kind="pcso", annual_salary_pence=2_190_000, contracted_weekly_minutes=30 * H)
    # 2,190,000 × 7 / 365 / 30 = 1,400 p an hour
    quotes = week(part_timer, duty("2026-06-22 18:00", "2026-06-23 00:00"),
                  duty("2026-06-21 22:00", "2026-06-22 11:00"))
    assert quotes[0] == [("PCSO_PLAIN", 180, 4200), ("PCSO_1_5", 180, 6300)]


def test_real_salary_rate():
    # 2,340,600 p × 7 / 365 / 37 = 16,384,200 / 13,505 = 1,213.1988 p/h; 8 h = 9,705.59 → 9,706
    worker = Worker(kind="pcso", annual_salary_pence=2_340_600)
    q = quote_duty(worker, duty("2026-06-16 10:00", "2026-06-16 18:00"), RULES)
    assert summary(q) == [("PCSO_PLAIN", 480, 9706)]


def test_part_timer_rate_uses_contracted_hours_and_threshold_stays_37():
    # half salary over 18.5 h: 1,350,500 × 7 / 365 / 18.5 = 1,400 p/h; 30 h before → 7 h plain
    worker = Worker(kind="pcso", annual_salary_pence=1_350_500, contracted_weekly_minutes=1110)
    q = quote_duty(worker, duty("2026-06-16 10:00", "2026-06-16 18:00"), RULES,
                   minutes_worked_this_week_before=30 * H)
    assert summary(q) == [("PCSO_PLAIN", 420, 9800), ("PCSO_1_5", 60, 2100)]


def test_week_carries_hours_forward():
    # contracted 32 h (2,336,000 × 7 / 365 / 32 = 1,400 p an hour); Tue 4 h → 36 h (5600
    # plain); Thu 4 h: 1 h plain 1400 + 3 h × 2100 = 6300
    worker = Worker(kind="pcso", annual_salary_pence=2_336_000, contracted_weekly_minutes=32 * H)
    duties = [duty("2026-06-18 18:00", "2026-06-18 22:00"), duty("2026-06-16 18:00", "2026-06-16 22:00")]
    quotes = quote_duties([PricedDuty(d, worker, RULES) for d in duties])
    assert [q.total_pence for q in quotes] == [7700, 5600]


@pytest.mark.parametrize(("told", "owed"), [(date(2026, 6, 12), True), (date(2026, 6, 11), False)])
def test_rest_day_short_notice_earns_time_off(told, owed):
    # worked Tue 16 Jun: told 12 Jun is 4 days (< 5) → time off too; told 11 Jun is 5 days
    q = quote_duty(PCSO, duty("2026-06-16 10:00", "2026-06-16 18:00", rest_day=True, told_on=told), RULES)
    assert bool(q.owed) is owed
