"""What a payroll clerk needs on each line: the force's element code, hours in payroll's
units, and a rate that reproduces the amount with a calculator.

A line's amount is worked out by the pay engine from the exact hourly rate, the
multiplier and the minutes, rounded half-up to the penny (`domain.pay.amount_pence`). The
file shows

- **Hours**: decimal hours, exact to 2 places whenever the minutes allow (officers are
  paid in whole quarter hours, so theirs always are: 3.25, 3.50, 3.75);
- **Rate**: the enhanced hourly rate (hourly rate × multiplier) in pounds, to as many
  places (4 at least) as make ``Hours × Rate``, rounded half-up to the penny, equal the
  amount. Where the hours cannot be exact (a duty of 7 minutes), the rate is the amount
  divided by the hours shown, to enough places, so the line still recomputes.

`LINE_FORMULA` states this in the file's header.
"""

from __future__ import annotations

from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field, field_validator

ELEMENT_CODES_KEY = "element_codes"
APPROVAL_KEY = "approval"
LINE_FORMULA = "Amount = Hours x Rate, rounded half-up to the penny"
NOT_APPROVED = "NOT APPROVED"
"""What a draft shows as the approver of a line whose booking is not approved yet."""
MIN_RATE_PLACES = 4
MAX_RATE_PLACES = 12

PAY_RULES: dict[str, str] = {
    "OT_4_3": "officer extra hours on a working day, x 4/3",
    "OT_NIL": "officer overtime earning nothing (disregarded or under the minimum)",
    "RD_1_5": "officer rest day worked on short notice, x 1.5",
    "RD_LIEU": "officer rest day worked on long notice (replacement rest day owed)",
    "PH_2_0": "officer public holiday worked, x 2",
    "NIL_RANK": "inspector and above: hours recorded, nothing paid",
    "PCSO_PLAIN": "PCSO hours within the contracted week, x 1",
    "PCSO_1_5": "PCSO hours beyond the week, Monday to Saturday, x 1.5",
    "PCSO_2_0": "PCSO hours beyond the week on Sunday or a public holiday, x 2",
    "CEO_WEEKDAY": "council recharge, weekday rate",
    "CEO_WEEKEND": "council recharge, weekend rate",
    "CEO_HOLIDAY": "council recharge, public-holiday rate",
}
"""Every pay rule (the pay engine's line codes) and what it pays."""


def _is_code(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) > 20 or not all(c.isalnum() or c in "-_./" for c in text):
        raise ValueError("an element code is up to 20 letters, digits, '-', '_', '.' or '/'")
    return text


class ElementCodes(BaseModel):
    """The force's payroll element code for each pay rule (empty: not mapped yet)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ot_4_3: str | None = Field("OT133", description="Officer overtime on a working day, x 4/3.")
    ot_nil: str | None = Field("OT000", description="Officer overtime that earns nothing.")
    rd_1_5: str | None = Field("RD150", description="Officer rest day worked, short notice, x 1.5.")
    rd_lieu: str | None = Field("RDL00", description="Officer rest day worked, long notice (day owed).")
    ph_2_0: str | None = Field("PH200", description="Officer public holiday worked, x 2.")
    nil_rank: str | None = Field("NIL00", description="Inspector and above: hours only.")
    pcso_plain: str | None = Field("PS100", description="PCSO hours within the week, x 1.")
    pcso_1_5: str | None = Field("PS150", description="PCSO extra hours, Monday to Saturday, x 1.5.")
    pcso_2_0: str | None = Field("PS200", description="PCSO extra hours, Sunday or holiday, x 2.")
    ceo_weekday: str | None = Field("RCWD", description="Council recharge, weekday rate.")
    ceo_weekend: str | None = Field("RCWE", description="Council recharge, weekend rate.")
    ceo_holiday: str | None = Field("RCPH", description="Council recharge, public-holiday rate.")

    @field_validator("*")
    @classmethod
    def _element_code(cls, value: str | None) -> str | None:
        return _is_code(value)

    def code_for(self, pay_rule: str) -> str | None:
        return getattr(self, pay_rule.lower(), None) if pay_rule.lower() in type(self).model_fields else None

    def missing(self, pay_rules: set[str] | list[str]) -> list[str]:
        """The pay rules among `pay_rules` with no element code, sorted."""
        return sorted(r for r in set(pay_rules) if not self.code_for(r))


class ApprovalSettings(BaseModel):
    """Who may approve bookings for payment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    self_approval: bool = Field(
        False, description="A supervisor may approve a booking they recorded themselves.")


def missing_codes_text(missing: list[str]) -> str:
    return "; ".join(f"{rule} ({PAY_RULES.get(rule, 'unknown pay rule')})" for rule in missing)


def _half_up(value: Fraction) -> int:
    if value < 0:
        return -_half_up(-value)
    return int((value * 2 + 1) // 2)


def _div_half_up(num: int, den: int) -> int:
    """num / den rounded half away from zero (den > 0), in integers."""
    if num < 0:
        return -((-2 * num + den) // (2 * den))
    return (2 * num + den) // (2 * den)


def _decimal_text(value: Fraction, places: int) -> str:
    return _scaled_text(_half_up(value * 10**places), places)


def _scaled_text(scaled: int, places: int) -> str:
    sign = "-" if scaled < 0 else ""
    whole, part = divmod(abs(scaled), 10**places)
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def _hours_scaled(minutes: int) -> tuple[int, int]:
    """(hours × 10^places, places) as shown by `payroll_hours`."""
    if (minutes * 100) % 60 == 0:
        return minutes * 100 // 60, 2
    return _div_half_up(minutes * 10_000, 60), 4


def payroll_hours(minutes: int) -> str:
    """Decimal hours: 2 places when exact (every quarter hour is), else 4."""
    return _scaled_text(*_hours_scaled(minutes))


def recomputes(hours: str, rate: str, amount_pence: int) -> bool:
    """Does Hours x Rate, rounded half-up to the penny, give the amount?"""
    return _half_up(Fraction(hours) * Fraction(rate) * 100) == amount_pence


def _ratio(text: str) -> tuple[int, int]:
    """An exact ratio as stored (``"351799/146"``, ``"4/3"``, ``"2"``) as (numerator,
    denominator > 0); anything else through `Fraction`."""
    top, _, bottom = text.partition("/")
    if top.lstrip("-").isdigit() and (not bottom or bottom.isdigit()) and bottom != "0":
        return int(top), int(bottom or 1)
    value = Fraction(text)
    return value.numerator, value.denominator


def line_rate(rate_pence: str, multiplier: str, minutes: int, amount_pence: int) -> str:
    """The enhanced hourly rate in pounds, to the fewest places (at least 4) with which the
    line's hours reproduce its amount (see the module's docstring). Integer arithmetic:
    a payroll file asks this for every distinct person, duty length and element."""
    rate_num, rate_den = _ratio(rate_pence)
    mult_num, mult_den = _ratio(multiplier)
    num, den = rate_num * mult_num, rate_den * mult_den * 100
    hours, hour_places = _hours_scaled(minutes)
    if hours == 0:
        return _scaled_text(_div_half_up(num * 10**MIN_RATE_PLACES, den), MIN_RATE_PLACES)
    # first the enhanced rate itself, then (hours inexact) the amount over the hours shown
    for tnum, tden in ((num, den), (amount_pence * 10**hour_places, hours * 100)):
        for places in range(MIN_RATE_PLACES, MAX_RATE_PLACES + 1):
            scaled = _div_half_up(tnum * 10**places, tden)
            pence = _div_half_up(hours * scaled * 100, 10 ** (hour_places + places))
            if pence == amount_pence:
                return _scaled_text(scaled, places)
    return _scaled_text(_div_half_up(num * 10**MAX_RATE_PLACES, den), MAX_RATE_PLACES)
