"""Adjustment lines for a duty of a locked period: its new costing less what was paid."""

from __future__ import annotations

from fractions import Fraction

from hotspot_tui.domain.pay import PayLine, amount_pence
from hotspot_tui.domain.pay_adjustments import PaidLine, adjustments
from hotspot_tui.domain.payroll_lines import line_rate, payroll_hours, recomputes

RATE = Fraction(351799, 146)
NEW_RATE = Fraction(366530, 146)
OT, RD = Fraction(4, 3), Fraction(3, 2)


def _line(code: str, minutes: int, rate: Fraction = RATE, mult: Fraction = OT) -> PayLine:
    return PayLine(code=code, minutes=minutes, rate_pence=rate, multiplier=mult,
                   amount_pence=amount_pence(rate, mult, minutes), reason="as costed")


def _paid(code: str, minutes: int, line_no: int | None, rate: Fraction = RATE,
          mult: Fraction = OT) -> PaidLine:
    return PaidLine(code, minutes, rate, mult, amount_pence(rate, mult, minutes), line_no)


def test_an_unchanged_duty_gets_no_line() -> None:
    assert adjustments([_line("OT_4_3", 240)], [_paid("OT_4_3", 240, 0)], "2026-05") == []


def test_a_longer_duty_is_paid_the_difference_against_the_line_it_corrects() -> None:
    [adj] = adjustments([_line("OT_4_3", 255)], [_paid("OT_4_3", 240, 0)], "2026-05")
    assert (adj.code, adj.minutes, adj.corrects_line) == ("OT_4_3", 15, 0)
    assert adj.amount_pence == amount_pence(RATE, OT, 255) - amount_pence(RATE, OT, 240)
    assert "2026-05" in adj.reason


def test_a_second_correction_counts_what_earlier_adjustments_paid() -> None:
    paid = [_paid("OT_4_3", 240, 0),
            PaidLine("OT_4_3", 45, RATE, OT, amount_pence(RATE, OT, 285) - amount_pence(RATE, OT, 240))]
    [adj] = adjustments([_line("OT_4_3", 225)], paid, "2026-05")
    assert adj.minutes == -60
    assert adj.amount_pence == amount_pence(RATE, OT, 225) - amount_pence(RATE, OT, 285)


def test_a_new_rate_takes_the_old_back_and_pays_the_new_each_line_recomputing() -> None:
    lines = adjustments([_line("OT_4_3", 240, NEW_RATE)], [_paid("OT_4_3", 240, 0)], "2026-05")
    assert [(a.minutes, a.rate_pence, a.corrects_line) for a in lines] == [
        (-240, RATE, 0), (240, NEW_RATE, 0)]
    assert sum(a.amount_pence for a in lines) == (amount_pence(NEW_RATE, OT, 240)
                                                  - amount_pence(RATE, OT, 240))
    for a in lines:
        rate = line_rate(str(a.rate_pence), str(a.multiplier), a.minutes, a.amount_pence)
        assert recomputes(payroll_hours(a.minutes), rate, a.amount_pence)


def test_a_cancelled_duty_takes_back_everything_paid_and_a_new_element_corrects_no_line() -> None:
    paid = [_paid("OT_4_3", 180, 0), _paid("PH_2_0", 60, 1, mult=Fraction(2))]
    back = adjustments([], paid, "2026-05")
    assert [(a.code, a.minutes, a.amount_pence, a.corrects_line) for a in back] == [
        ("OT_4_3", -180, -amount_pence(RATE, OT, 180), 0),
        ("PH_2_0", -60, -amount_pence(RATE, Fraction(2), 60), 1)]
    [rest_day] = adjustments([_line("OT_4_3", 180), _line("RD_1_5", 60, mult=RD)], paid[:1], "2026-05")
    assert (rest_day.code, rest_day.minutes, rest_day.corrects_line) == ("RD_1_5", 60, None)


def test_a_duty_whose_employer_changed_takes_back_what_the_old_one_was_charged_and_charges_the_new() -> None:
    paid = [PaidLine("CEO_WEEKDAY", 240, Fraction(2080), Fraction(1), 4 * 2080, 0, "stevenage")]
    lines = adjustments([_line("CEO_WEEKDAY", 240, Fraction(2150), Fraction(1))], paid, "2026-05", "watford")
    assert [(a.employer, a.minutes, a.amount_pence, a.corrects_line) for a in lines] == [
        ("stevenage", -240, -4 * 2080, 0), ("watford", 240, 4 * 2150, 0)]
    same_rate = adjustments([_line("CEO_WEEKDAY", 240, Fraction(2080), Fraction(1))], paid, "2026-05",
                            "watford")
    assert [(a.employer, a.amount_pence) for a in same_rate] == [
        ("stevenage", -4 * 2080), ("watford", 4 * 2080)], "the same pay moves to the new employer"
    assert adjustments([_line("CEO_WEEKDAY", 240, Fraction(2080), Fraction(1))], paid, "2026-05",
                       "stevenage") == []
