"""A payroll line's Hours × Rate gives its amount, to the penny, whatever the pay facts."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from hotspot_tui.domain.pay import amount_pence
from hotspot_tui.domain.payroll_lines import ElementCodes, line_rate, payroll_hours, recomputes

rates = st.fractions(min_value=Fraction(500), max_value=Fraction(20_000), max_denominator=20_000)
multipliers = st.sampled_from([Fraction(0), Fraction(1), Fraction(4, 3), Fraction(3, 2), Fraction(2),
                               Fraction(7, 4)])


@given(rates, multipliers, st.integers(min_value=0, max_value=24 * 60), st.booleans())
def test_every_line_recomputes_to_its_amount(rate: Fraction, mult: Fraction, minutes: int,
                                             negative: bool) -> None:
    amount = amount_pence(rate, mult, minutes)
    sign = -1 if negative else 1
    shown = line_rate(str(rate), str(mult), sign * minutes, sign * amount)
    assert recomputes(payroll_hours(sign * minutes), shown, sign * amount)
    assert len(shown.split(".")[1]) >= 4


def test_quarter_hours_are_exact_and_the_rate_is_the_enhanced_rate() -> None:
    assert [payroll_hours(m) for m in (15, 30, 45, 195, 480, -45)] == [
        "0.25", "0.50", "0.75", "3.25", "8.00", "-0.75"]
    assert payroll_hours(7) == "0.1167"
    # £31,163 a year × 7/365/40 = £14.94116… an hour; × 4/3 = £19.92155…
    rate = Fraction(3_116_300 * 7, 365 * 40)
    assert line_rate(str(rate), "4/3", 195, amount_pence(rate, Fraction(4, 3), 195)) == "19.9216"


def test_unmapped_pay_rules_are_listed() -> None:
    codes = ElementCodes(rd_1_5=None, ph_2_0="  ")
    assert codes.code_for("OT_4_3") == "OT133" and codes.code_for("RD_1_5") is None
    assert codes.missing(["OT_4_3", "RD_1_5", "PH_2_0", "NEW_RULE"]) == ["NEW_RULE", "PH_2_0", "RD_1_5"]
