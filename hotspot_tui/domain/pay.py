"""The pay engine: a person, a duty and the rules in; pay lines out. Exact money only.

Each line's amount is ``rate × multiplier × minutes / 60`` from the unrounded hourly rate,
rounded half-up to a whole penny. `PayLine.minutes` are the minutes *paid* on that line
(after units, disregards and minimums); `PayQuote.total_minutes` are the minutes *worked*.

Pay codes (stable; payroll exports map them to finance codes):

=============  ============================================================================
``OT_4_3``      officer extra hours on a working day (planned or casual), × 4/3
``OT_NIL``      officer overtime that earns nothing (planned < 15 min, casual all disregarded)
``RD_1_5``      officer rostered rest day worked on < 15 clear days' notice, × 1.5
``RD_LIEU``     officer rest day worked on ≥ 15 clear days' notice: × 0 by default, a
                replacement rest day is owed instead (multiplier is configurable)
``PH_2_0``      officer public holiday worked, × 2
``NIL_RANK``    inspector and above: hours recorded, nothing paid
``PCSO_PLAIN``  PCSO hours up to 37 h in the force week (normal hours included), × 1
``PCSO_1_5``    PCSO hours beyond 37 h, Monday-Saturday, × 1.5
``PCSO_2_0``    PCSO hours beyond 37 h on Sunday or a public holiday, or any public holiday
                worked on a rest day, × 2
``CEO_WEEKDAY`` council recharge, weekday rate
``CEO_WEEKEND`` council recharge, weekend rate
``CEO_HOLIDAY`` council recharge, public-holiday rate
=============  ============================================================================

Decisions where the regulations leave room (all figures are in `PayRules`):

- A duty is cut at force-day boundaries (07:00); each piece on a public holiday is paid as
  public-holiday work, the rest as rest-day work (if the duty is on a rest day) or overtime.
  The rest-day flag covers the whole duty.
- Notice for a rest day counts clear days between the day told and the force day the duty
  starts (both excluded). Notice for a public holiday is the plain number of days between
  the day told and the holiday. No `told_on` means no notice (told on the day).
- Officer minutes are cut to whole 15-minute units per line, rounded down. The 4-hour
  minimum applies when a duty *starts* on a rest day or public holiday; the shortfall is
  added to the first line. A duty that runs straight on from a shift and lasts ≤ 1 h is
  paid as worked. A public-holiday piece reached by running on from a working day is paid
  as worked.
- Casual overtime: the first 30 minutes of the duty's working-day overtime are disregarded
  on the first 4 casual occasions in the week (`Duty.casual_occasion`, or counted by
  `quote_duties`). Planned working-day overtime under 15 minutes pays nothing.
- PCSO minutes are paid exactly (no units). Sunday and public holiday are judged by force
  day. Minutes past the start of the next force week (Monday 07:00) count from zero.
  The hourly divisor is the person's contracted weekly hours when known, else 37.
- Council minutes are paid exactly, classed by the council day (midnight by default).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_serializer,
    field_validator,
    model_validator,
)

from hotspot_tui.domain.calendar import (
    DaySegment,
    force_date,
    force_week_of,
    holiday_name,
    split_by_day,
    split_by_force_day,
    week_start,
)
from hotspot_tui.domain.clock import minutes_between
from hotspot_tui.domain.rules import WEEKDAYS, PayRules, parse_ratio

WorkerKind = Literal["officer", "pcso", "ceo"]
Pence = Annotated[int, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RechargeRates(_Model):
    """A council's recharge rates, pence per hour."""

    weekday_pence: Pence
    weekend_pence: Pence
    holiday_pence: Pence


class Worker(_Model):
    kind: WorkerKind
    rank: str | None = None
    annual_salary_pence: Pence | None = None
    hourly_rate_pence: Pence | None = None
    contracted_weekly_minutes: Annotated[int, Field(ge=0)] | None = None
    recharge: RechargeRates | None = None

    @model_validator(mode="after")
    def _enough_to_pay(self) -> Worker:
        if self.kind == "officer" and not self.rank:
            raise ValueError("an officer needs a rank")
        if self.kind == "ceo":
            if self.recharge is None and self.hourly_rate_pence is None:
                raise ValueError("a council officer needs the employer's recharge rates")
        elif self.annual_salary_pence is None and self.hourly_rate_pence is None:
            raise ValueError("needs an annual salary or an hourly rate")
        return self


def worker_from_facts(facts: Mapping[str, Any]) -> Worker:
    """The one way a person's stored pay facts become a `Worker`.

    `facts` holds ``kind``, ``rank``, ``pay_basis`` (annual, hourly or recharge),
    ``annual_salary_pence``, ``hourly_rate_pence``, ``contracted_weekly_minutes`` and, for
    council staff, their employer's ``weekday_rate_pence``, ``weekend_rate_pence`` and
    ``holiday_rate_pence``. Raises ValueError when they are not enough to pay anyone.
    """
    kind = facts["kind"]
    if kind == "ceo":
        rates = None
        weekday = facts.get("weekday_rate_pence")
        if weekday is not None:
            weekend, holiday = facts.get("weekend_rate_pence"), facts.get("holiday_rate_pence")
            rates = RechargeRates(
                weekday_pence=weekday,
                weekend_pence=weekday if weekend is None else weekend,
                holiday_pence=weekday if holiday is None else holiday,
            )
        return Worker(kind="ceo", recharge=rates, hourly_rate_pence=facts.get("hourly_rate_pence"))
    annual = facts.get("annual_salary_pence") if facts.get("pay_basis") == "annual" else None
    return Worker(
        kind=kind,
        rank=facts.get("rank"),
        annual_salary_pence=annual,
        hourly_rate_pence=facts.get("hourly_rate_pence") if annual is None else None,
        contracted_weekly_minutes=facts.get("contracted_weekly_minutes") or None,
    )


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("times must carry a time zone (UTC instants)")
    return value.astimezone(UTC).replace(second=0, microsecond=0)


class Duty(_Model):
    """One stretch of extra duty: actual times once worked, planned times before.

    Times are UTC instants to the whole minute (seconds are dropped).
    """

    start: datetime
    end: datetime
    told_on: date | None = None
    rest_day: bool = False
    casual: bool = False
    casual_occasion: Annotated[int, Field(ge=1)] = 1
    straight_on: bool = False

    _utc = field_validator("start", "end")(_to_utc)

    @model_validator(mode="after")
    def _order(self) -> Duty:
        if self.end <= self.start:
            raise ValueError("a duty must end after it starts")
        return self

    @property
    def minutes(self) -> int:
        return minutes_between(self.start, self.end)


class PayLine(_Model):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    code: str
    minutes: int
    rate_pence: Fraction
    multiplier: Fraction
    amount_pence: int
    reason: str

    @field_serializer("rate_pence", "multiplier")
    def _exact(self, value: Fraction) -> str:
        """Exact text such as ``"351799/146"`` or ``"4/3"``; read back with `Fraction`."""
        return str(value)


TimeOffKind = Literal["replacement_rest_day", "day_in_lieu", "pcso_time_off"]
TIME_OFF_KINDS: tuple[TimeOffKind, ...] = ("replacement_rest_day", "day_in_lieu", "pcso_time_off")


class OwedTime(_Model):
    """Time off a duty earns besides (or instead of) pay, for the force day `day`."""

    kind: TimeOffKind
    day: date
    due_by: date
    """Overdue after this date (`time_off_due_days` after `day`)."""
    reason: str


class PayQuote(_Model):
    lines: list[PayLine]
    total_minutes: int
    total_pence: int
    time_off: list[OwedTime] = Field(default_factory=list)

    @property
    def owed(self) -> list[str]:
        """The time off owed, as sentences."""
        return [item.reason for item in self.time_off]

    def to_json_dict(self, places: int = 4) -> dict[str, Any]:
        """Plain data for JSON: the rate as a `Decimal` to `places` decimals, the multiplier
        to two more."""
        return {
            "lines": [
                {
                    "code": line.code,
                    "minutes": line.minutes,
                    "rate_pence": fraction_to_decimal(line.rate_pence, places),
                    "multiplier": fraction_to_decimal(line.multiplier, places + 2),
                    "amount_pence": line.amount_pence,
                    "reason": line.reason,
                }
                for line in self.lines
            ],
            "total_minutes": self.total_minutes,
            "total_pence": self.total_pence,
            "owed": list(self.owed),
        }


def fraction_to_decimal(value: Fraction, places: int = 4) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return rounded.quantize(Decimal(1))
    return rounded.normalize()


def round_half_up(value: Fraction) -> int:
    """Nearest whole number, halves away from zero (amounts are never negative)."""
    if value < 0:
        return -floor(-value + Fraction(1, 2))
    return floor(value + Fraction(1, 2))


def amount_pence(rate_pence: Fraction, multiplier: Fraction, minutes: int) -> int:
    return round_half_up(Fraction(rate_pence) * multiplier * minutes / 60)


def hm(minutes: int) -> str:
    """``3 h 59 min``, ``4 h``, ``45 min``."""
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} h {mins:02d} min"
    if hours:
        return f"{hours} h"
    return f"{mins} min"


def _fmt_ratio(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _line(code: str, minutes: int, rate: Fraction, mult: Fraction, reason: str) -> PayLine:
    # built from checked parts only: skipping validation keeps a county's recost quick
    return PayLine.model_construct(
        code=code,
        minutes=minutes,
        rate_pence=rate,
        multiplier=mult,
        amount_pence=amount_pence(rate, mult, minutes),
        reason=reason,
    )


def _quote(lines: list[PayLine], duty: Duty, owed: list[OwedTime]) -> PayQuote:
    return PayQuote.model_construct(
        lines=lines,
        total_minutes=duty.minutes,
        total_pence=sum(line.amount_pence for line in lines),
        time_off=owed,
    )


def _at_rate(quote: PayQuote, rate: Fraction) -> PayQuote:
    """The same quote for someone paid `rate` an hour (officers and PCSOs: only the
    amounts depend on the rate)."""
    lines = [_line(line.code, line.minutes, rate, line.multiplier, line.reason) for line in quote.lines]
    return PayQuote.model_construct(lines=lines, total_minutes=quote.total_minutes,
                                    total_pence=sum(line.amount_pence for line in lines),
                                    time_off=quote.time_off)


def hourly_rate(worker: Worker, rules: PayRules) -> Fraction:
    """The unrounded hourly rate in pence (council staff: their weekday recharge)."""
    if worker.kind == "ceo":
        if worker.recharge is not None:
            return Fraction(worker.recharge.weekday_pence)
        return Fraction(worker.hourly_rate_pence or 0)
    if worker.annual_salary_pence is not None:
        if worker.kind == "officer":
            return rules.officer.hourly_rate(worker.annual_salary_pence)
        weekly = (
            Fraction(worker.contracted_weekly_minutes, 60)
            if worker.contracted_weekly_minutes
            else None
        )
        return rules.pcso.hourly_rate(worker.annual_salary_pence, weekly)
    return Fraction(worker.hourly_rate_pence or 0)


def quote_duty(
    worker: Worker,
    duty: Duty,
    rules: PayRules,
    *,
    minutes_worked_this_week_before: int = 0,
) -> PayQuote:
    """Pay lines for one duty. For PCSOs, pass the minutes already worked in the force
    week before this duty, normal hours included."""
    if worker.kind == "officer":
        return _quote_officer(worker, duty, rules)
    if worker.kind == "pcso":
        return _quote_pcso(worker, duty, rules, minutes_worked_this_week_before)
    return _quote_council(worker, duty, rules)


def normal_week_minutes(worker: Worker) -> int:
    """A PCSO's normal (contracted) minutes, which count towards the plain-time threshold
    of every force week; nobody else's weekly count starts above zero."""
    return worker.contracted_weekly_minutes or 0 if worker.kind == "pcso" else 0


@dataclass(frozen=True)
class PricedDuty:
    """One duty with the pay facts and the rules in force at its start."""

    duty: Duty
    worker: Worker
    rules: PayRules


QuoteMemo = dict[tuple[Any, ...], Any]
"""Quotes already worked out, by everything a quote depends on (see `quote_duties`)."""

_MEMO_LIMIT = 200_000


def _as_far_as_pay_depends(worker: Worker, duty: Duty, rules: PayRules) -> Duty:
    """The duty with its notice date dropped where the quote cannot depend on it (so equal
    quotes are found equal): notice matters only on a rest day (officers' premium, PCSOs'
    time off) and, for officers, on a public holiday (a day off in lieu)."""
    if duty.told_on is None or (duty.rest_day and worker.kind != "ceo"):
        return duty
    if worker.kind == "officer" and (holiday_name(force_date(duty.start, rules), rules)
                                     or holiday_name(force_date(duty.end - _MINUTE, rules), rules)):
        return duty
    return duty.model_copy(update={"told_on": None})


_MINUTE = timedelta(minutes=1)


def _memo_quote(memo: QuoteMemo | None, worker: Worker, duty: Duty, rules: PayRules,
                before: int) -> PayQuote:
    """`quote_duty`, remembered. Officers' and PCSOs' quotes are shared by everyone of the
    same rank (and contracted hours) on the same duty: only the amounts are worked out
    again for each hourly rate."""
    if memo is None:
        return quote_duty(worker, duty, rules, minutes_worked_this_week_before=before)
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[("rules", id(rules))] = rules  # keeps the id below meaning these rules
    duty = _as_far_as_pay_depends(worker, duty, rules)
    key = (worker, duty, id(rules), before)
    found = memo.get(key)
    if found is not None:
        return found
    if worker.kind == "ceo":
        found = quote_duty(worker, duty, rules, minutes_worked_this_week_before=before)
    else:
        rate_key = ("rate", worker, id(rules))
        rate = memo.get(rate_key)
        if rate is None:
            rate = memo[rate_key] = hourly_rate(worker, rules)
        shape_key = ("shape", worker.kind, worker.rank, worker.contracted_weekly_minutes, duty,
                     id(rules), before)
        shape = memo.get(shape_key)
        if shape is not None:
            found = _at_rate(shape, rate)
        else:
            found = quote_duty(worker, duty, rules, minutes_worked_this_week_before=before)
            if all(line.rate_pence == rate for line in found.lines):
                memo[shape_key] = found
    memo[key] = found
    return found


def quote_duties(items: Sequence[PricedDuty], memo: QuoteMemo | None = None, *,
                 counted_before: Mapping[date, int] | None = None,
                 casual_before: Mapping[date, int] | None = None) -> list[PayQuote]:
    """Quote one person's duties (any number of force weeks), the weekly model in one place.

    Returns one quote per item, in the order given. Duties are taken in start order; in
    each force week (where it starts is `calendar.week_start`, by the duty's own rules):
    - a PCSO's count starts at their normal minutes (`normal_week_minutes`) and grows by
      every minute of extra duty in that week, including the part of a duty that started
      in the week before; beyond `pcso.plain_time_threshold_minutes` time is paid extra;
    - officers' casual occasions are numbered in start order.
    Give every duty of the weeks to be quoted, plus any duty from the week before that runs
    into them. Pass a `memo` (a dict kept for a batch) to reuse identical quotes: a quote
    depends only on the worker, the duty, the rules and the PCSO count before it.

    When only some of a week's duties are given (a what-if quote), `counted_before` gives a
    week's PCSO count before them (normal minutes included; it replaces the normal minutes
    for that week) and `casual_before` the casual occasions already in it, by force week.
    """
    order = sorted(range(len(items)), key=lambda i: (items[i].duty.start, items[i].duty.end))
    extra: dict[date, int] = {}
    casual: dict[date, int] = dict(casual_before or {})
    counted = counted_before or {}
    quotes: list[PayQuote | None] = [None] * len(items)
    for i in order:
        item = items[i]
        duty, worker, rules = item.duty, item.worker, item.rules
        week = force_week_of(duty.start, rules)
        if duty.casual:
            casual[week] = casual.get(week, 0) + 1
            duty = duty.model_copy(update={"casual_occasion": casual[week]})
        elif duty.casual_occasion != 1:
            duty = duty.model_copy(update={"casual_occasion": 1})
        before = 0
        if worker.kind == "pcso":
            threshold = rules.pcso.plain_time_threshold_minutes
            start_count = counted[week] if week in counted else normal_week_minutes(worker)
            before = min(start_count + extra.get(week, 0), threshold)
        quotes[i] = _memo_quote(memo, worker, duty, rules, before)
        for seg in split_by_force_day(duty.start, duty.end, rules):
            seg_week = week_start(seg.day, rules)
            extra[seg_week] = extra.get(seg_week, 0) + minutes_between(seg.start, seg.end)
    return [q for q in quotes if q is not None]


# --- officers -----------------------------------------------------------------------------

def _clear_days(told: date | None, worked: date) -> int:
    if told is None:
        return 0
    return max(0, (worked - told).days - 1)


def _notice_days(told: date | None, worked: date) -> int:
    if told is None:
        return 0
    return max(0, (worked - told).days)


def _clear_text(told: date | None, clear: int) -> str:
    return "no recorded notice" if told is None else f"{clear} clear days' notice"


def _notice_text(told: date | None, notice: int) -> str:
    return "no notice recorded" if told is None else f"told {notice} days before"


def _merge_pieces(pieces: list[tuple[str, DaySegment]]) -> list[tuple[str, date, int]]:
    merged: list[tuple[str, date, int]] = []
    for cls, seg in pieces:
        minutes = minutes_between(seg.start, seg.end)
        if merged and merged[-1][0] == cls and cls != "ph":
            prev = merged[-1]
            merged[-1] = (cls, prev[1], prev[2] + minutes)
        else:
            merged.append((cls, seg.day, minutes))
    return merged


def _whole_units(plans: list[dict[str, Any]], unit: int) -> None:
    """Cut the duty's paid minutes to whole units, rounded down, counted across the whole
    duty: each line keeps the units that end within it, so cutting a duty into lines (say
    where a bank holiday begins) never loses a unit the duty as a whole earned."""
    counted = kept = 0
    for plan in plans:
        paid = plan["paid"]
        counted += paid
        units_end = counted // unit * unit
        rounded = max(0, units_end - kept)
        kept += rounded
        if rounded != paid and paid > 0:
            plan["notes"].append(f"{hm(paid)} paid as {hm(rounded)} (whole {unit}-min units)")
        plan["paid"] = rounded


def _quote_officer(worker: Worker, duty: Duty, rules: PayRules) -> PayQuote:
    o = rules.officer
    rate = hourly_rate(worker, rules)
    worked = duty.minutes
    if (worker.rank or "").lower() in {r.lower() for r in o.no_overtime_ranks}:
        line = _line(
            "NIL_RANK", worked, rate, Fraction(0),
            f"{worker.rank}: no overtime, rest-day or holiday pay; {hm(worked)} recorded",
        )
        return _quote([line], duty, [])

    def classify(seg: DaySegment) -> str:
        if holiday_name(seg.day, rules):
            return "ph"
        return "rd" if duty.rest_day else "ot"

    pieces = _merge_pieces([(classify(s), s) for s in split_by_force_day(duty.start, duty.end, rules)])
    unit = o.unit_minutes
    owed: list[OwedTime] = []
    plans: list[dict[str, Any]] = []
    disregard_left = (
        o.casual_disregard_minutes
        if duty.casual and duty.casual_occasion <= o.casual_disregard_occasions
        else 0
    )
    ot_total = sum(m for cls, _, m in pieces if cls == "ot")

    for cls, day, minutes in pieces:
        paid = minutes
        notes: list[str] = []
        if cls == "ot":
            mult = parse_ratio(o.overtime_multiplier)
            code = "OT_4_3"
            kind = "casual" if duty.casual else "planned"
            text = f"{kind} overtime {day:%a %d %b} × {_fmt_ratio(mult)}"
            if disregard_left:
                cut = min(disregard_left, paid)
                disregard_left -= cut
                paid -= cut
                notes.append(
                    f"first {hm(o.casual_disregard_minutes)} disregarded "
                    f"(casual occasion {duty.casual_occasion} of {o.casual_disregard_occasions})"
                )
            if not duty.casual and ot_total < o.planned_minimum_minutes:
                paid = 0
                notes.append(f"planned overtime under {hm(o.planned_minimum_minutes)} pays nothing")
        elif cls == "rd":
            clear = _clear_days(duty.told_on, day)
            if clear < o.rest_day_notice_clear_days:
                mult = parse_ratio(o.rest_day_multiplier)
                code = "RD_1_5"
                text = (
                    f"rest day {day:%a %d %b} worked on {_clear_text(duty.told_on, clear)} "
                    f"× {_fmt_ratio(mult)}"
                )
            else:
                mult = parse_ratio(o.rest_day_long_notice_multiplier)
                code = "RD_LIEU"
                text = (
                    f"rest day {day:%a %d %b} worked on {clear} clear days' notice: "
                    "no premium, replacement rest day owed"
                )
                owed.append(OwedTime(kind="replacement_rest_day", day=day,
                                     due_by=day + timedelta(days=o.time_off_due_days),
                                     reason=f"replacement rest day owed for {day.isoformat()}"))
        else:
            mult = parse_ratio(o.public_holiday_multiplier)
            code = "PH_2_0"
            name = holiday_name(day, rules)
            text = f"public holiday {day:%a %d %b} ({name}) × {_fmt_ratio(mult)}"
            notice = _notice_days(duty.told_on, day)
            if notice < o.public_holiday_lieu_notice_days:
                owed.append(OwedTime(
                    kind="day_in_lieu", day=day, due_by=day + timedelta(days=o.time_off_due_days),
                    reason=f"day off in lieu owed for {day.isoformat()} "
                           f"({_notice_text(duty.told_on, notice)})",
                ))
        plans.append({"code": code, "mult": mult, "paid": paid, "text": text, "notes": notes})

    _whole_units(plans, unit)

    first_cls = pieces[0][0]
    if first_cls in ("rd", "ph"):
        minimum = o.rest_day_minimum_minutes
        paid_total = sum(p["paid"] for p in plans)
        if duty.straight_on and worked <= o.straight_on_max_minutes:
            plans[0]["notes"].append(
                f"ran straight on from a shift for {hm(worked)}: paid as worked"
            )
        elif paid_total < minimum and plans[0]["mult"] > 0:
            plans[0]["paid"] += minimum - paid_total
            plans[0]["notes"].append(f"worked {hm(worked)}; {hm(minimum)} minimum paid")

    lines: list[PayLine] = []
    for p in plans:
        code, mult = p["code"], p["mult"]
        if code == "OT_4_3" and p["paid"] == 0:
            code, mult = "OT_NIL", Fraction(0)
        reason = "; ".join([p["text"], *p["notes"]])
        lines.append(_line(code, p["paid"], rate, mult, reason))
    return _quote(lines, duty, owed)


# --- PCSOs --------------------------------------------------------------------------------

def _quote_pcso(worker: Worker, duty: Duty, rules: PayRules, before: int) -> PayQuote:
    p = rules.pcso
    rate = hourly_rate(worker, rules)
    threshold = p.plain_time_threshold_minutes
    high = parse_ratio(p.sunday_holiday_multiplier)
    mid = parse_ratio(p.weekday_multiplier)
    running = before
    week = week_start(force_date(duty.start, rules), rules)
    raw: list[tuple[str, Fraction, int, str]] = []
    for seg in split_by_force_day(duty.start, duty.end, rules):
        if week_start(seg.day, rules) != week:
            week, running = week_start(seg.day, rules), normal_week_minutes(worker)
        minutes = minutes_between(seg.start, seg.end)
        name = holiday_name(seg.day, rules)
        label = f"{seg.day:%a %d %b}" + (f" ({name})" if name else "")
        if name and duty.rest_day:
            raw.append(("PCSO_2_0", high, minutes, f"public holiday worked on a rest day, {label}"))
            running += minutes
            continue
        plain = max(0, min(minutes, threshold - running))
        extra = minutes - plain
        if plain:
            raw.append(("PCSO_PLAIN", Fraction(1), plain, f"within {hm(threshold)} this week, {label}"))
        if extra:
            if name or seg.day.weekday() == 6:
                raw.append(("PCSO_2_0", high, extra, f"beyond {hm(threshold)}, Sunday/holiday, {label}"))
            else:
                raw.append(("PCSO_1_5", mid, extra, f"beyond {hm(threshold)}, Mon-Sat, {label}"))
        running += minutes

    merged: list[tuple[str, Fraction, int, list[str]]] = []
    for code, mult, minutes, reason in raw:
        if merged and merged[-1][0] == code:
            merged[-1] = (code, mult, merged[-1][2] + minutes, [*merged[-1][3], reason])
        else:
            merged.append((code, mult, minutes, [reason]))
    lines = [
        _line(code, minutes, rate, mult, f"{'; '.join(reasons)} × {_fmt_ratio(mult)}")
        for code, mult, minutes, reasons in merged
    ]
    owed: list[OwedTime] = []
    if duty.rest_day:
        day = force_date(duty.start, rules)
        notice = _notice_days(duty.told_on, day)
        if notice < p.rest_day_time_off_notice_days:
            owed.append(OwedTime(
                kind="pcso_time_off", day=day, due_by=day + timedelta(days=p.time_off_due_days),
                reason=f"time off owed as well as pay: rest day {day.isoformat()} worked "
                       f"({_notice_text(duty.told_on, notice)})",
            ))
    return _quote(lines, duty, owed)


# --- council staff ------------------------------------------------------------------------

def _quote_council(worker: Worker, duty: Duty, rules: PayRules) -> PayQuote:
    c = rules.council
    rates = worker.recharge or RechargeRates(
        weekday_pence=worker.hourly_rate_pence or 0,
        weekend_pence=worker.hourly_rate_pence or 0,
        holiday_pence=worker.hourly_rate_pence or 0,
    )
    weekend = {WEEKDAYS.index(d) for d in c.weekend_days}
    raw: list[tuple[str, int, int, str]] = []
    for seg in split_by_day(duty.start, duty.end, rules.calendar.timezone, c.day_starts):
        minutes = minutes_between(seg.start, seg.end)
        name = holiday_name(seg.day, rules)
        if name:
            raw.append(("CEO_HOLIDAY", rates.holiday_pence, minutes, f"{seg.day:%a %d %b} ({name})"))
        elif seg.day.weekday() in weekend:
            raw.append(("CEO_WEEKEND", rates.weekend_pence, minutes, f"{seg.day:%a %d %b} weekend"))
        else:
            raw.append(("CEO_WEEKDAY", rates.weekday_pence, minutes, f"{seg.day:%a %d %b} weekday"))
    merged: list[tuple[str, int, int, list[str]]] = []
    for code, rate, minutes, reason in raw:
        if merged and merged[-1][0] == code:
            merged[-1] = (code, rate, merged[-1][2] + minutes, [*merged[-1][3], reason])
        else:
            merged.append((code, rate, minutes, [reason]))
    lines = [
        _line(code, minutes, Fraction(rate), Fraction(1), f"council recharge, {', '.join(reasons)}")
        for code, rate, minutes, reasons in merged
    ]
    return _quote(lines, duty, [])
