"""What a change to a duty of a locked pay period pays: adjustment lines.

A locked period's lines are what payroll was sent; they never change. When a correction, a
pay change dated back, a rate or setting change reaches one of its duties, the duty is
costed again with the facts in force at its start, and the difference from what was
already paid for it (its locked lines and any adjustments paid since) is paid in the next
open period, as adjustment lines of that duty:

- one line per pay element (pay rule) and rate: a duty whose rate changed shows the old
  rate's hours taken back and the new rate's hours paid, so that every line's amount is
  its own hours times its own rate (`domain.payroll_lines.recomputes`);
- each line is the new costing less what was paid, to the penny; together they bring the
  duty's pay to its new costing exactly;
- nothing for an element and rate whose hours and amount did not change, so a duty whose
  pay is unchanged gets no line at all;
- lines are billed to an employer (the one in force for the duty, which decides whether it
  is paid through the force payroll or charged to a council): when that changes, what was
  billed to the old employer is taken back from it and the new one is billed the duty's
  whole pay.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hotspot_tui.domain.pay import PayLine, hm


@dataclass(frozen=True)
class PaidLine:
    """A line already paid for a duty: one of its locked lines, or an adjustment paid in a
    later locked period. `line_no` is the line's number in the duty's own period, or None
    for an adjustment."""

    code: str
    minutes: int
    rate_pence: Fraction
    multiplier: Fraction
    amount_pence: int
    line_no: int | None = None
    employer: str | None = None
    """The employer the line was billed to."""


@dataclass(frozen=True)
class Adjustment:
    """One adjustment line of a duty: the hours and amount still to pay (or to take back,
    when negative) for one pay element at one rate to one employer, and the line of the
    duty's own period it corrects (None when that period paid nothing under this element)."""

    code: str
    minutes: int
    rate_pence: Fraction
    multiplier: Fraction
    amount_pence: int
    corrects_line: int | None
    reason: str
    employer: str | None = None


Key = tuple[str | None, str, Fraction, Fraction]


def _key(employer: str | None, code: str, rate: Fraction, multiplier: Fraction) -> Key:
    return employer, code, Fraction(rate), Fraction(multiplier)


def _sums(lines: Iterable[tuple[Key, int, int]]) -> dict[Key, list[int]]:
    found: dict[Key, list[int]] = {}
    for key, minutes, amount in lines:
        slot = found.setdefault(key, [0, 0])
        slot[0] += minutes
        slot[1] += amount
    return found


def adjustments(new: Sequence[PayLine], paid: Sequence[PaidLine], corrects_period: str,
                employer: str | None = None) -> list[Adjustment]:
    """The adjustment lines that take a duty from what was `paid` for it to its `new`
    costing (the pay engine's lines, billed to `employer`; none for a cancelled duty or a
    no-show).

    Lines come in a fixed order (the employers, elements and rates as first paid, then new
    ones), so costing the same change twice gives the same lines."""
    now = _sums((_key(employer, line.code, line.rate_pence, line.multiplier), line.minutes,
                 line.amount_pence) for line in new)
    before = _sums((_key(line.employer, line.code, line.rate_pence, line.multiplier), line.minutes,
                    line.amount_pence) for line in paid)
    own_by_key: dict[Key, int] = {}
    own_by_code: dict[str, int] = {}
    for line_no, line in sorted(((p.line_no, p) for p in paid if p.line_no is not None), key=lambda t: t[0]):
        own_by_key.setdefault(_key(line.employer, line.code, line.rate_pence, line.multiplier), line_no)
        own_by_code.setdefault(line.code, line_no)
    moved = any(key[0] != employer for key in before) and bool(new)
    out: list[Adjustment] = []
    for key in [*before, *(k for k in now if k not in before)]:
        billed_to, code, rate, multiplier = key
        minutes_now, amount_now = now.get(key, (0, 0))
        minutes_paid, amount_paid = before.get(key, (0, 0))
        minutes, amount = minutes_now - minutes_paid, amount_now - amount_paid
        if minutes == 0 and amount == 0:
            continue
        corrects = own_by_key.get(key, own_by_code.get(code))
        reason = (_moved_reason(corrects_period, minutes_now, minutes_paid) if moved
                  else _reason(corrects_period, minutes_now, minutes_paid))
        out.append(Adjustment(code, minutes, rate, multiplier, amount, corrects, reason, billed_to))
    return out


def _moved_reason(period: str, minutes_now: int, minutes_paid: int) -> str:
    if minutes_paid == 0:
        return f"adjusts {period}: {hm(minutes_now)} due under the employer now in force for the duty"
    if minutes_now == 0:
        return f"adjusts {period}: {hm(minutes_paid)} paid under an employer no longer in force for it"
    return _reason(period, minutes_now, minutes_paid)


def _reason(period: str, minutes_now: int, minutes_paid: int) -> str:
    if minutes_paid == 0:
        return f"adjusts {period}: {hm(minutes_now)} due at this rate, none paid at it"
    if minutes_now == 0:
        return f"adjusts {period}: {hm(minutes_paid)} paid at this rate, none due at it"
    return f"adjusts {period}: {hm(minutes_now)} due, {hm(minutes_paid)} paid"
