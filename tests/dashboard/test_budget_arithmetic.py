"""Budget arithmetic: table-driven, integer pence throughout."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from hotspot_tui.domain import budget as calc

D = date


@pytest.mark.parametrize(("day", "monday"), [
    (D(2026, 11, 23), D(2026, 11, 23)),  # Monday
    (D(2026, 11, 25), D(2026, 11, 23)),
    (D(2026, 11, 29), D(2026, 11, 23)),  # Sunday
    (D(2027, 1, 1), D(2026, 12, 28)),    # across a year end
])
def test_week_start(day: date, monday: date) -> None:
    assert calc.week_start(day) == monday


@pytest.mark.parametrize(("grant", "spent", "left"), [
    (100_000_000, (), 100_000_000),
    (100_000_000, (46_915_518, 1_440_100, 6_485_000), 45_159_382),
    (100, (60, 50), -10),
])
def test_remaining(grant: int, spent: tuple[int, ...], left: int) -> None:
    assert calc.remaining(grant, *spent) == left


@pytest.mark.parametrize(("daily", "today", "starts", "rate"), [
    # last four complete weeks before this one: 28 days
    ({D(2026, 10, 26): 2_800, D(2026, 11, 22): 2_800}, D(2026, 11, 25), D(2026, 5, 1), Fraction(5_600, 28)),
    # spending this week and before the window does not count
    ({D(2026, 11, 23): 9_999, D(2026, 10, 25): 9_999}, D(2026, 11, 25), D(2026, 5, 1), Fraction(0)),
    # operation younger than four weeks: window starts at the start
    ({D(2026, 5, 4): 1_400}, D(2026, 5, 20), D(2026, 5, 1), Fraction(1_400, 17)),
    # first week (no complete week): days so far, today included
    ({D(2026, 5, 1): 300, D(2026, 5, 2): 300}, D(2026, 5, 2), D(2026, 5, 1), Fraction(600, 2)),
    # nothing spent
    ({}, D(2026, 11, 25), D(2026, 5, 1), Fraction(0)),
])
def test_run_rate(daily: dict[date, int], today: date, starts: date, rate: Fraction) -> None:
    assert calc.run_rate_per_day(daily, today, starts) == rate


@pytest.mark.parametrize(("today", "left", "rate", "runs_out"), [
    (D(2026, 11, 25), 1_000, Fraction(100), D(2026, 12, 5)),
    (D(2026, 11, 25), 1_001, Fraction(100), D(2026, 12, 6)),    # a part day rounds up
    (D(2026, 11, 25), 0, Fraction(100), D(2026, 11, 25)),      # already gone
    (D(2026, 11, 25), -5, Fraction(0), D(2026, 11, 25)),
    (D(2026, 11, 25), 1_000, Fraction(0), None),                # nothing being spent
    (D(2026, 11, 25), 10, Fraction(1, 3), D(2026, 12, 25)),     # exact fractions
])
def test_exhaustion_date(today: date, left: int, rate: Fraction, runs_out: date | None) -> None:
    assert calc.exhaustion_date(today, left, rate) == runs_out


@pytest.mark.parametrize(("runs_out", "ends", "early"), [
    (D(2027, 3, 1), D(2027, 4, 30), True),
    (D(2027, 4, 30), D(2027, 4, 30), False),
    (D(2027, 8, 1), D(2027, 4, 30), False),
    (None, D(2027, 4, 30), False),
])
def test_runs_out_early(runs_out: date | None, ends: date, early: bool) -> None:
    assert calc.runs_out_early(runs_out, ends) is early


def test_over_allocation_worst_first() -> None:
    areas = [
        calc.AreaMoney("A", 1_000, 200, 700, 0),      # within
        calc.AreaMoney("B", 1_000, 600, 600, 0),      # 200 over
        calc.AreaMoney("C", 500, 0, 400, 900),        # 800 over with other spend
        calc.AreaMoney("D", None, 9_999, 9_999, 0),   # no allocation: never over
        calc.AreaMoney("E", 1_000, 0, 1_000, 0),      # exactly spent: not over
    ]
    assert [(a.area, a.over_pence) for a in calc.over_allocation(areas)] == [("C", 800), ("B", 200)]
    assert areas[3].remaining_pence is None


@pytest.mark.parametrize(("need", "have", "short"), [
    ({"officer": 2, "pcso": 1, "ceo": 0}, {"officer": 2, "pcso": 1}, {}),
    ({"officer": 2, "pcso": 1, "ceo": 0}, {"officer": 1}, {"officer": 1, "pcso": 1}),
    ({"officer": 0, "pcso": 0, "ceo": 1}, {"officer": 3}, {"ceo": 1}),
])
def test_cover_shortfall(need: dict[str, int], have: dict[str, int], short: dict[str, int]) -> None:
    assert calc.cover_shortfall(need, have) == short


def test_forecast_line_steps_to_the_end() -> None:
    points = calc.forecast_line(D(2026, 11, 25), 1_000, Fraction(10), D(2026, 12, 10))
    assert [(p.day, p.cumulative_pence) for p in points] == [
        (D(2026, 11, 25), 1_000), (D(2026, 12, 2), 1_070), (D(2026, 12, 9), 1_140), (D(2026, 12, 10), 1_150),
    ]
    assert calc.forecast_line(D(2026, 11, 25), 5, Fraction(1), D(2026, 11, 1)) == [
        calc.ForecastPoint(D(2026, 11, 25), 5)]


@pytest.mark.parametrize(("text", "pence"), [
    ("1,000,000", 100_000_000), ("£1,000,000.00", 100_000_000), ("38.30", 3_830), ("38.3", 3_830),
    ("0", 0), (" £ 12 ", 1_200), ("0.01", 1), ("1000000", 100_000_000),
])
def test_parse_pounds(text: str, pence: int) -> None:
    assert calc.parse_pounds(text) == pence


@pytest.mark.parametrize("text", ["", "abc", "-5", "£-5", "1.234", "1,00", "12,3456", "1e6", "1.2.3"])
def test_parse_pounds_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        calc.parse_pounds(text)


@pytest.mark.parametrize(("pence", "text", "whole"), [
    (0, "£0.00", "£0"), (1, "£0.01", "£0"), (50, "£0.50", "£1"), (123_456_789, "£1,234,567.89", "£1,234,568"),
    (-1_050, "-£10.50", "-£11"),
])
def test_pounds(pence: int, text: str, whole: str) -> None:
    assert calc.pounds(pence) == text
    assert calc.pounds_whole(pence) == whole


@pytest.mark.parametrize(("minutes", "text"), [(0, "0.0"), (3, "0.1"), (2, "0.0"), (734_970, "12,249.5"),
                                               (45, "0.8")])
def test_hours_text(minutes: int, text: str) -> None:
    assert calc.hours_text(minutes) == text


@pytest.mark.parametrize(("pence", "minutes", "per_hour"), [
    (3_830, 60, 3_830), (1_000, 0, None), (100, 90, 67), (1, 120, 1), (0, 60, 0),
])
def test_ratio_pence(pence: int, minutes: int, per_hour: int | None) -> None:
    assert calc.ratio_pence(pence, minutes) == per_hour
