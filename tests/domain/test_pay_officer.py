"""Officer extra-hours pay, table-driven with amounts worked out by hand.

Most rows use a constable on £43,800 a year: 4,380,000 p × 7 / 365 / 40 = 2,100 p an hour
exactly, so × 4/3 = 2,800 p/h, × 1.5 = 3,150 p/h and × 2 = 4,200 p/h.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from hotspot_tui.domain.clock import parse_local
from hotspot_tui.domain.pay import Duty, PricedDuty, Worker, quote_duties, quote_duty
from hotspot_tui.domain.rules import PayRules

PC = Worker(kind="officer", rank="constable", annual_salary_pence=4_380_000)
RULES = PayRules()


def at(text: str, fold: int | None = None):
    return parse_local(text, "Europe/London", fold)


def duty(start: str, end: str, **kw) -> Duty:
    return Duty(start=at(start), end=at(end), **kw)


def summary(quote) -> list[tuple[str, int, int]]:
    return [(line.code, line.minutes, line.amount_pence) for line in quote.lines]


LONG_AGO = date(2026, 1, 1)

CASES = [
    # id, duty, expected lines (code, paid minutes, pence), total minutes worked
    ("october clock change: 22:00-06:00 is 9 h; 9 × 2800 = 25200",
     duty("2026-10-24 22:00", "2026-10-25 06:00"), [("OT_4_3", 540, 25200)], 540),
    ("march clock change: 22:00-06:00 is 7 h; 7 × 2800 = 19600",
     duty("2026-03-28 22:00", "2026-03-29 06:00"), [("OT_4_3", 420, 19600)], 420),
    ("67 min rounds down to 60; 1 × 2800",
     duty("2026-06-16 18:00", "2026-06-16 19:07"), [("OT_4_3", 60, 2800)], 67),
    ("planned 14 min pays nothing",
     duty("2026-06-16 18:00", "2026-06-16 18:14"), [("OT_NIL", 0, 0)], 14),
    ("planned 15 min: 2800 / 4 = 700",
     duty("2026-06-16 18:00", "2026-06-16 18:15"), [("OT_4_3", 15, 700)], 15),
    ("casual 29 min, occasion 1: all disregarded",
     duty("2026-06-16 18:00", "2026-06-16 18:29", casual=True), [("OT_NIL", 0, 0)], 29),
    ("casual 30 min, occasion 1: all disregarded",
     duty("2026-06-16 18:00", "2026-06-16 18:30", casual=True), [("OT_NIL", 0, 0)], 30),
    ("casual 44 min: 14 left, under a unit",
     duty("2026-06-16 18:00", "2026-06-16 18:44", casual=True), [("OT_NIL", 0, 0)], 44),
    ("casual 45 min: 15 paid = 700",
     duty("2026-06-16 18:00", "2026-06-16 18:45", casual=True), [("OT_4_3", 15, 700)], 45),
    ("casual 45 min, occasion 4: still disregarded, 700",
     duty("2026-06-16 18:00", "2026-06-16 18:45", casual=True, casual_occasion=4),
     [("OT_4_3", 15, 700)], 45),
    ("casual 45 min, occasion 5: no disregard, 45/60 × 2800 = 2100",
     duty("2026-06-16 18:00", "2026-06-16 18:45", casual=True, casual_occasion=5),
     [("OT_4_3", 45, 2100)], 45),
    ("rest day, 14 clear days (told 2 Jun, worked 17 Jun): 8 × 3150 = 25200",
     duty("2026-06-17 10:00", "2026-06-17 18:00", rest_day=True, told_on=date(2026, 6, 2)),
     [("RD_1_5", 480, 25200)], 480),
    ("rest day, 15 clear days (told 1 Jun): no payment, rest day owed",
     duty("2026-06-17 10:00", "2026-06-17 18:00", rest_day=True, told_on=date(2026, 6, 1)),
     [("RD_LIEU", 480, 0)], 480),
    ("rest day 3 h 59: 4 h minimum, 4 × 3150 = 12600",
     duty("2026-06-17 10:00", "2026-06-17 13:59", rest_day=True, told_on=date(2026, 6, 16)),
     [("RD_1_5", 240, 12600)], 239),
    ("rest day 4 h: 12600",
     duty("2026-06-17 10:00", "2026-06-17 14:00", rest_day=True, told_on=date(2026, 6, 16)),
     [("RD_1_5", 240, 12600)], 240),
    ("rest day 4 h 15: 4.25 × 3150 = 13387.5, half up 13388",
     duty("2026-06-17 10:00", "2026-06-17 14:15", rest_day=True, told_on=date(2026, 6, 16)),
     [("RD_1_5", 255, 13388)], 255),
    ("rest day straight on for 60 min: paid as worked, 3150",
     duty("2026-06-17 10:00", "2026-06-17 11:00", rest_day=True, straight_on=True,
          told_on=date(2026, 6, 16)),
     [("RD_1_5", 60, 3150)], 60),
    ("rest day straight on for 61 min: 4 h minimum, 12600",
     duty("2026-06-17 10:00", "2026-06-17 11:01", rest_day=True, straight_on=True,
          told_on=date(2026, 6, 16)),
     [("RD_1_5", 240, 12600)], 61),
    ("public holiday 31 Aug, told 8 days before: 8 × 4200 = 33600",
     duty("2026-08-31 10:00", "2026-08-31 18:00", told_on=date(2026, 8, 23)),
     [("PH_2_0", 480, 33600)], 480),
    ("public holiday 31 Aug, told 7 days before: 33600 and a day in lieu",
     duty("2026-08-31 10:00", "2026-08-31 18:00", told_on=date(2026, 8, 24)),
     [("PH_2_0", 480, 33600)], 480),
    ("public holiday 2 h: 4 h minimum, 4 × 4200 = 16800",
     duty("2026-08-31 10:00", "2026-08-31 12:00", told_on=LONG_AGO),
     [("PH_2_0", 240, 16800)], 120),
    ("evening patrol on the holiday 18:00-02:00 is all holiday (force day to 07:00): 33600",
     duty("2026-05-04 18:00", "2026-05-05 02:00", told_on=LONG_AGO),
     [("PH_2_0", 480, 33600)], 480),
    ("night into May Day split at 07:00: 11 h × 2800 = 30800, 2 h × 4200 = 8400",
     duty("2026-05-03 20:00", "2026-05-04 09:00", told_on=LONG_AGO),
     [("OT_4_3", 660, 30800), ("PH_2_0", 120, 8400)], 780),
    ("rest-day night into May Day, 2 clear days: 11 × 3150 = 34650, 2 × 4200 = 8400",
     duty("2026-05-03 20:00", "2026-05-04 09:00", rest_day=True, told_on=date(2026, 4, 30)),
     [("RD_1_5", 660, 34650), ("PH_2_0", 120, 8400)], 780),
    ("Boxing Day on Saturday 26 Dec (observed policy): not a holiday, 8 × 2800",
     duty("2026-12-26 10:00", "2026-12-26 18:00", told_on=LONG_AGO),
     [("OT_4_3", 480, 22400)], 480),
    ("observed substitute Monday 28 Dec: 8 × 4200",
     duty("2026-12-28 10:00", "2026-12-28 18:00", told_on=LONG_AGO),
     [("PH_2_0", 480, 33600)], 480),
]


@pytest.mark.parametrize(("case", "the_duty", "expected", "worked"), CASES, ids=[c[0] for c in CASES])
def test_officer_table(case, the_duty, expected, worked):
    quote = quote_duty(PC, the_duty, RULES)
    assert summary(quote) == expected
    assert quote.total_minutes == worked
    assert quote.total_pence == sum(p for _, _, p in expected)


@pytest.mark.parametrize(
    ("the_duty", "owed_fragment"),
    [
        (duty("2026-06-17 10:00", "2026-06-17 18:00", rest_day=True, told_on=date(2026, 6, 1)),
         "replacement rest day owed for 2026-06-17"),
        (duty("2026-08-31 10:00", "2026-08-31 18:00", told_on=date(2026, 8, 24)),
         "day off in lieu owed for 2026-08-31"),
        (duty("2026-08-31 10:00", "2026-08-31 18:00"), "day off in lieu owed"),
    ],
)
def test_owed(the_duty, owed_fragment):
    owed = quote_duty(PC, the_duty, RULES).owed
    assert any(owed_fragment in item for item in owed), owed


@pytest.mark.parametrize(
    "the_duty",
    [
        duty("2026-06-17 10:00", "2026-06-17 18:00", rest_day=True, told_on=date(2026, 6, 2)),
        duty("2026-08-31 10:00", "2026-08-31 18:00", told_on=date(2026, 8, 23)),
        duty("2026-06-16 18:00", "2026-06-16 22:00"),
    ],
)
def test_nothing_owed(the_duty):
    assert quote_duty(PC, the_duty, RULES).owed == []


def test_multipliers_and_rate_are_exact():
    q = quote_duty(PC, duty("2026-08-31 10:00", "2026-08-31 18:00"), RULES)
    (line,) = q.lines
    assert line.rate_pence == Fraction(2100)
    assert line.multiplier == Fraction(2)
    q = quote_duty(PC, duty("2026-06-16 18:00", "2026-06-16 19:00"), RULES)
    assert q.lines[0].multiplier == Fraction(4, 3)


def test_top_of_scale_constable_october_night():
    # 5,025,700 p × 7 / 365 / 40 = 2,409.5822 p/h; 9 h × 4/3 = 12 h; 12 × 2,409.5822 = 28,914.99
    worker = Worker(kind="officer", rank="constable", annual_salary_pence=5_025_700)
    q = quote_duty(worker, duty("2026-10-24 22:00", "2026-10-25 06:00"), RULES)
    assert summary(q) == [("OT_4_3", 540, 28915)]


@pytest.mark.parametrize("rank", ["inspector", "chief_inspector", "superintendent"])
def test_inspector_and_above_paid_nothing(rank):
    worker = Worker(kind="officer", rank=rank, annual_salary_pence=6_000_000)
    q = quote_duty(worker, duty("2026-08-31 10:00", "2026-08-31 18:00", rest_day=True), RULES)
    assert summary(q) == [("NIL_RANK", 480, 0)]
    assert q.total_minutes == 480
    assert q.owed == []
    assert "no overtime" in q.lines[0].reason


def test_sergeant_is_paid():
    worker = Worker(kind="officer", rank="sergeant", annual_salary_pence=4_380_000)
    q = quote_duty(worker, duty("2026-06-16 18:00", "2026-06-16 19:00"), RULES)
    assert summary(q) == [("OT_4_3", 60, 2800)]


@pytest.mark.parametrize(
    ("policy", "sat_26", "mon_28"),
    [
        ("observed", "OT_4_3", "PH_2_0"),
        ("actual", "PH_2_0", "OT_4_3"),
        ("both", "PH_2_0", "PH_2_0"),
    ],
)
def test_boxing_day_policy(policy, sat_26, mon_28):
    rules = PayRules.model_validate({"calendar": {"holiday_date_policy": policy}})
    sat = quote_duty(PC, duty("2026-12-26 10:00", "2026-12-26 18:00"), rules)
    mon = quote_duty(PC, duty("2026-12-28 10:00", "2026-12-28 18:00"), rules)
    assert [line.code for line in sat.lines] == [sat_26]
    assert [line.code for line in mon.lines] == [mon_28]


def test_midnight_day_boundary_splits_evening_patrol():
    # day from 00:00: Sun 3 May 18:00-24:00 = 6 h × 2800 = 16800; Mon 00:00-02:00 = 2 h × 4200
    rules = PayRules.model_validate({"calendar": {"day_starts": "00:00"}})
    q = quote_duty(PC, duty("2026-05-03 18:00", "2026-05-04 02:00", told_on=LONG_AGO), rules)
    assert summary(q) == [("OT_4_3", 360, 16800), ("PH_2_0", 120, 8400)]


def test_force_declared_extra_holiday():
    rules = PayRules.model_validate({"calendar": {"extra_holidays": ["2026-06-16"]}})
    q = quote_duty(PC, duty("2026-06-16 18:00", "2026-06-16 22:00", told_on=LONG_AGO), rules)
    assert summary(q) == [("PH_2_0", 240, 16800)]


def test_configured_rest_day_long_notice_paid_plain():
    rules = PayRules.model_validate({"officer": {"rest_day_long_notice_multiplier": "1"}})
    q = quote_duty(
        PC, duty("2026-06-17 10:00", "2026-06-17 18:00", rest_day=True, told_on=date(2026, 6, 1)), rules
    )
    assert summary(q) == [("RD_LIEU", 480, 16800)]


def test_week_counts_casual_occasions():
    # five casual 45-min call-outs: first four pay 15 min (700), the fifth 45 min (2100)
    duties = [
        duty(f"2026-06-{day} 18:00", f"2026-06-{day} 18:45", casual=True)
        for day in ("19", "15", "16", "17", "18")
    ]
    quotes = quote_duties([PricedDuty(d, PC, RULES) for d in duties])
    by_day = sorted(zip([d.start.day for d in duties], [q.total_pence for q in quotes], strict=True))
    assert by_day == [(15, 700), (16, 700), (17, 700), (18, 700), (19, 2100)]


def test_no_notice_recorded_counts_as_short_notice():
    q = quote_duty(PC, duty("2026-06-17 10:00", "2026-06-17 18:00", rest_day=True), RULES)
    assert summary(q) == [("RD_1_5", 480, 25200)]


def test_quote_dumps_exact_fractions():
    q = quote_duty(PC, duty("2026-06-16 18:00", "2026-06-16 19:00"), RULES)
    dumped = q.model_dump(mode="json")
    assert dumped["lines"][0]["multiplier"] == "4/3"
    assert Fraction(dumped["lines"][0]["rate_pence"]) == 2100


def test_two_holidays_in_one_duty_each_owe_a_day():
    # 2027: Mon 27 and Tue 28 Dec are both substitute days. Mon 27 20:00 → Tue 28 09:00:
    # Mon force day to 07:00 = 11 h × 4200 = 46200; Tue 2 h × 4200 = 8400
    q = quote_duty(PC, duty("2027-12-27 20:00", "2027-12-28 09:00", told_on=date(2027, 12, 24)), RULES)
    assert summary(q) == [("PH_2_0", 660, 46200), ("PH_2_0", 120, 8400)]
    assert len(q.owed) == 2
    assert q.owed[0].startswith("day off in lieu owed for 2027-12-27")
    assert q.owed[1].startswith("day off in lieu owed for 2027-12-28")


def test_a_duty_crossing_into_a_bank_holiday_never_loses_a_unit():
    """Regression: each line was cut to whole 15-minute units on its own, so 2 h 30 worked
    across the start of a bank holiday's force day (70 min + 80 min) paid only 2 h 15."""
    q = quote_duty(PC, duty("2026-08-31 05:50", "2026-08-31 08:20"), RULES)
    assert summary(q) == [("OT_4_3", 60, 2800), ("PH_2_0", 90, 6300)]
    assert sum(line.minutes for line in q.lines) == 150


def test_units_are_whole_across_the_duty_and_rounded_down_once():
    # 70 + 74 = 144 min worked: 9 whole units (135 min), not 60 + 60
    q = quote_duty(PC, duty("2026-08-31 05:50", "2026-08-31 08:14"), RULES)
    assert [line.minutes for line in q.lines] == [60, 75]
