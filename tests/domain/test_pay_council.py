"""Council recharge: the employer's weekday / weekend / public-holiday rate per hour."""

from __future__ import annotations

import pytest

from hotspot_tui.domain.clock import parse_local
from hotspot_tui.domain.pay import Duty, RechargeRates, Worker, quote_duty
from hotspot_tui.domain.rules import PayRules

CEO = Worker(
    kind="ceo",
    recharge=RechargeRates(weekday_pence=2150, weekend_pence=2500, holiday_pence=3000),
)
RULES = PayRules()


def duty(start: str, end: str, **kw) -> Duty:
    return Duty(start=parse_local(start), end=parse_local(end), **kw)


CASES = [
    ("Wednesday 8 h × 2150 = 17200",
     duty("2026-06-17 10:00", "2026-06-17 18:00"), [("CEO_WEEKDAY", 480, 17200)]),
    ("45 min weekday: 0.75 × 2150 = 1612.5 → 1613",
     duty("2026-06-17 10:00", "2026-06-17 10:45"), [("CEO_WEEKDAY", 45, 1613)]),
    ("Friday night into Saturday at midnight: 4 h × 2150 = 8600, 2 h × 2500 = 5000",
     duty("2026-06-19 20:00", "2026-06-20 02:00"),
     [("CEO_WEEKDAY", 240, 8600), ("CEO_WEEKEND", 120, 5000)]),
    ("bank holiday Monday 8 h × 3000 = 24000",
     duty("2026-08-31 09:00", "2026-08-31 17:00"), [("CEO_HOLIDAY", 480, 24000)]),
    ("Sunday evening into bank holiday: 4 h × 2500 = 10000, 2 h × 3000 = 6000",
     duty("2026-08-30 20:00", "2026-08-31 02:00"),
     [("CEO_WEEKEND", 240, 10000), ("CEO_HOLIDAY", 120, 6000)]),
    ("October night Sat-Sun is 9 h at the weekend rate: 22500",
     duty("2026-10-24 22:00", "2026-10-25 06:00"), [("CEO_WEEKEND", 540, 22500)]),
    ("observed Boxing Day Monday 28 Dec: 2 h × 3000",
     duty("2026-12-28 10:00", "2026-12-28 12:00"), [("CEO_HOLIDAY", 120, 6000)]),
]


@pytest.mark.parametrize(("case", "the_duty", "expected"), CASES, ids=[c[0] for c in CASES])
def test_council_table(case, the_duty, expected):
    q = quote_duty(CEO, the_duty, RULES)
    assert [(line.code, line.minutes, line.amount_pence) for line in q.lines] == expected
    assert q.total_pence == sum(p for *_, p in expected)
    assert all(line.multiplier == 1 for line in q.lines)


def test_single_hourly_rate_when_no_recharge_table():
    worker = Worker(kind="ceo", hourly_rate_pence=2000)
    q = quote_duty(worker, duty("2026-06-20 10:00", "2026-06-20 12:00"), RULES)
    assert [(line.code, line.amount_pence) for line in q.lines] == [("CEO_WEEKEND", 4000)]


def test_ceo_without_rates_is_refused():
    with pytest.raises(ValueError, match="recharge"):
        Worker(kind="ceo")
