"""`hotspot-tui pay quote`: what one patrol pays, from the command line.

Times are Europe/London wall times; money is shown in pounds and reported in pence.
Every bad argument ends in one plain line on stderr and exit status 2.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import click

from hotspot_tui.cli.common import HotspotGroup, OneLineCommand, db_option, settings_from
from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.calendar import force_date, force_week_of
from hotspot_tui.domain.clock import (
    AmbiguousLocalTime,
    BadTimeText,
    LocalTimeError,
    parse_local,
    to_local_naive,
)
from hotspot_tui.domain.dates import parse_day
from hotspot_tui.domain.models import DEFAULT_MAX_SHIFT_MINUTES
from hotspot_tui.domain.pay import (
    Duty,
    PayQuote,
    PricedDuty,
    RechargeRates,
    Worker,
    fraction_to_decimal,
    hm,
    hourly_rate,
    quote_duties,
)
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.domain.settings import Timeline
from hotspot_tui.domain.staff_input import MAX_HOURLY_PENCE, parse_hours, parse_salary
from hotspot_tui.errors import ValidationFailed

KINDS = ("officer", "pcso", "ceo")
RANKS = (
    "constable", "sergeant", "inspector", "chief_inspector", "superintendent",
    "chief_superintendent",
)
FOLDS = {"earlier": 0, "later": 1}
WEEK_MINUTES = 7 * 24 * 60


@click.group(cls=HotspotGroup)
def pay() -> None:
    """Quote extra-duty pay."""


@pay.command("quote", cls=OneLineCommand)
@click.option("--kind", required=True, metavar="officer|pcso|ceo", help="Who works the patrol.")
@click.option("--rank", metavar="RANK", help="Officer's rank, e.g. constable, sergeant, inspector.")
@click.option("--salary", metavar="POUNDS",
              help="Annual basic pay in pounds, e.g. 50257 or 50257.00 (up to 500,000).")
@click.option("--rate", metavar="PENCE",
              help="Hourly rate in pence (council recharge or hourly staff; 1 to 50000).")
@click.option("--employer", metavar="NAME", help="Council whose recharge rates apply (reads --db).")
@click.option("--start", required=True, metavar="'YYYY-MM-DD HH:MM'",
              help="On duty, Europe/London (2000-01-01 to 2099-12-31).")
@click.option("--end", required=True, metavar="'YYYY-MM-DD HH:MM'",
              help="Off duty, Europe/London; at most 16 hours after --start.")
@click.option("--rest-day", is_flag=True, help="Worked on a rostered rest day.")
@click.option("--told", metavar="YYYY-MM-DD", help="Date the person was told of the duty.")
@click.option("--casual", is_flag=True, help="Casual (unplanned) overtime.")
@click.option("--occasion", default="1", metavar="N", help="Casual occasion number this week (default 1).")
@click.option("--straight-on", is_flag=True, help="Runs straight on from a shift.")
@click.option("--worked-this-week", "worked", default="0", metavar="HOURS",
              help="PCSO: hours already worked this force week, normal hours included (e.g. 30.5; "
                   "at most 168).")
@click.option("--contracted", metavar="HOURS",
              help="PCSO: contracted weekly hours if not 37 (more than 0, at most 56).")
@click.option("--fold", metavar="earlier|later", help="Which 01:xx when the clocks go back.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
@click.pass_context
def quote(ctx: click.Context, **opts: Any) -> None:
    """Quote the pay for one patrol."""
    rules, employer_rates = _rules_and_employer(ctx, opts)
    worker = _worker(opts, employer_rates)
    duty = _duty(opts, rules[0])
    if rules[1] is not None:  # the stored rules in force on the patrol's force date
        from hotspot_tui.services.pay_rules import rules_on

        on = rules_on(rules[1], force_date(duty.start, rules[0]))
        rules = (on, rules[1])
        duty = _duty(opts, on)
    rules_in_force = rules[0]
    before = _minutes_from_hours(opts["worked"], "--worked-this-week") if worker.kind == "pcso" else 0
    week = force_week_of(duty.start, rules_in_force)
    [result] = quote_duties(
        [PricedDuty(duty.model_copy(update={"casual_occasion": 1}), worker, rules_in_force)],
        counted_before={week: before} if worker.kind == "pcso" else None,
        casual_before={week: duty.casual_occasion - 1} if duty.casual else None,
    )
    if opts["as_json"]:
        click.echo(dumps_exact(result.to_json_dict()))
    else:
        _print_table(worker, duty, result, rules_in_force)


def _fail(message: str) -> ValidationFailed:
    return ValidationFailed(message)


def _worker(opts: dict[str, Any], employer_rates: RechargeRates | None) -> Worker:
    kind = (opts["kind"] or "").strip().lower()
    if kind not in KINDS:
        raise _fail(f"unknown kind {opts['kind']!r}: use officer, pcso or ceo")
    rank = None
    if kind == "officer":
        if not opts["rank"]:
            raise _fail("an officer needs --rank (e.g. --rank constable)")
        rank = opts["rank"].strip().lower().replace(" ", "_").replace("-", "_")
        if rank not in RANKS:
            raise _fail(f"unknown rank {opts['rank']!r}: use one of {', '.join(RANKS)}")
    elif opts["rank"]:
        raise _fail("only officers have a rank")
    if opts["salary"] and opts["rate"]:
        raise _fail("give --salary or --rate, not both")
    salary = _salary(opts["salary"]) if opts["salary"] else None
    rate = _whole_pence(opts["rate"]) if opts["rate"] else None
    contracted = _contracted(opts["contracted"]) if opts["contracted"] is not None else None
    if kind == "ceo":
        if employer_rates is None and rate is None:
            raise _fail("a council officer needs --rate PENCE or --employer NAME")
        if salary is not None:
            raise _fail("council officers are paid by recharge: use --rate, not --salary")
    elif salary is None and rate is None:
        raise _fail(f"a {kind} needs --salary POUNDS (annual) or --rate PENCE (hourly)")
    if kind != "pcso" and (contracted is not None or opts["worked"] not in ("0", None)):
        raise _fail("--worked-this-week and --contracted are for PCSOs")
    try:
        return Worker.model_validate({
            "kind": kind,
            "rank": rank,
            "annual_salary_pence": salary,
            "hourly_rate_pence": rate,
            "contracted_weekly_minutes": contracted,
            "recharge": employer_rates if kind == "ceo" else None,
        })
    except ValueError as exc:
        raise _fail(_first_error(exc)) from None


def _fold(opts: dict[str, Any]) -> int | None:
    if not opts["fold"]:
        return None
    if opts["fold"].strip().lower() not in FOLDS:
        raise _fail("--fold must be earlier or later")
    return FOLDS[opts["fold"].strip().lower()]


def _duty(opts: dict[str, Any], rules: PayRules) -> Duty:
    fold = _fold(opts)
    start = _instant(opts["start"], "--start", rules, fold)
    end = _instant(opts["end"], "--end", rules, fold)
    if end <= start:
        raise _fail("--end must be after --start")
    if (end - start).total_seconds() > DEFAULT_MAX_SHIFT_MINUTES * 60:
        raise _fail(f"a patrol lasts at most {DEFAULT_MAX_SHIFT_MINUTES // 60} hours")
    told = None
    if opts["told"]:
        try:
            today = to_local_naive(clock_utc.utc_now(), rules.calendar.timezone).date()
            told = parse_day(opts["told"], today)
        except ValidationFailed as exc:
            raise _fail(f"--told: {exc}") from None
    if told is not None and told > to_local_naive(start, rules.calendar.timezone).date():
        raise _fail("--told is after the patrol starts")
    occasion = _positive_int(opts["occasion"], "--occasion")
    if opts["occasion"] != "1" and not opts["casual"]:
        raise _fail("--occasion goes with --casual")
    try:
        return Duty(
            start=start,
            end=end,
            told_on=told,
            rest_day=opts["rest_day"],
            casual=opts["casual"],
            casual_occasion=occasion,
            straight_on=opts["straight_on"],
        )
    except ValueError as exc:
        raise _fail(_first_error(exc)) from None


def _instant(text: str, flag: str, rules: PayRules, fold: int | None) -> datetime:
    """A typed time; `01:30 BST` / `01:30 GMT` say which, else `--fold` does."""
    try:
        return parse_local(text, rules.calendar.timezone, fold)
    except AmbiguousLocalTime as exc:
        raise _fail(f"{flag}: {exc} (or --fold earlier|later)") from None
    except (LocalTimeError, BadTimeText) as exc:
        raise _fail(f"{flag}: {exc}") from None


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return str(first.get("msg", exc)).removeprefix("Value error, ")
    return str(exc)


def _decimal(text: str, flag: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "").lstrip("£"))
    except (InvalidOperation, AttributeError):
        raise _fail(f"{flag} {text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise _fail(f"{flag} {text!r} must be a number of zero or more")
    return value


def _salary(text: str) -> int:
    try:
        pence = parse_salary(text)
    except ValueError as exc:
        raise _fail(f"--salary: {exc}") from None
    if not pence:
        raise _fail("--salary must be more than £0")
    return pence


def _whole_pence(text: str) -> int:
    value = _decimal(text, "--rate")
    if value != value.to_integral_value():
        raise _fail(f"--rate {text!r} must be whole pence per hour, e.g. 2150")
    if not 0 < value <= MAX_HOURLY_PENCE:
        raise _fail(f"--rate must be from 1 to {MAX_HOURLY_PENCE} pence an hour")
    return int(value)


def _contracted(text: str) -> int:
    try:
        minutes = parse_hours(text)
    except ValueError as exc:
        raise _fail(f"--contracted: {exc}") from None
    if not minutes:
        raise _fail("--contracted must be more than 0 hours a week (leave it out for 37)")
    return minutes


def _minutes_from_hours(text: str, flag: str) -> int:
    minutes = _decimal(text, flag) * 60
    if minutes != minutes.to_integral_value():
        raise _fail(f"{flag} {text!r} is not a whole number of minutes")
    if minutes > WEEK_MINUTES:
        raise _fail(f"{flag} cannot exceed {WEEK_MINUTES // 60} hours (a whole week)")
    return int(minutes)


def _positive_int(text: str, flag: str) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise _fail(f"{flag} {text!r} is not a whole number") from None
    if value < 1:
        raise _fail(f"{flag} must be 1 or more")
    return value


def _rules_and_employer(
    ctx: click.Context, opts: dict[str, Any]
) -> tuple[tuple[PayRules, Timeline | None], RechargeRates | None]:
    """Default rules, or the stored rules (all their dates) and the employer's rates in
    force on the force date the patrol starts when --employer names one."""
    if not opts["employer"]:
        return (PayRules(), None), None
    if (opts["kind"] or "").strip().lower() != "ceo":
        raise _fail("--employer is for council officers (--kind ceo)")
    if opts["rate"]:
        raise _fail("give --rate or --employer, not both")
    from hotspot_tui.services.organisation import recharge_rates_on
    from hotspot_tui.services.pay_rules import force_today, rules_on, stored_timeline
    from hotspot_tui.services.session import open_reading_session

    settings = settings_from(ctx, opts["db"])
    session = open_reading_session(settings.db_path, settings.user, sign_in=settings.sign_in)
    try:
        timeline = stored_timeline(session)
        try:
            rules = rules_on(timeline, force_today(timeline))
        except ValidationFailed as exc:
            raise _fail(exc.message) from None
        start = _instant(opts["start"], "--start", rules, _fold(opts))
        found = recharge_rates_on(session, opts["employer"], force_date(start, rules))
    finally:
        session.close()
    if found.weekday_rate_pence is None or found.weekend_rate_pence is None \
            or found.holiday_rate_pence is None:
        raise _fail(f"{found.name} has no recharge rates (it is not a council or BID)")
    return (rules, timeline), RechargeRates(
        weekday_pence=found.weekday_rate_pence,
        weekend_pence=found.weekend_rate_pence,
        holiday_pence=found.holiday_rate_pence,
    )


def dumps_exact(data: dict[str, Any]) -> str:
    """JSON with `Decimal` values written as exact numbers (never through float)."""
    numbers: dict[str, str] = {}

    def mark(value: Any) -> Any:
        if isinstance(value, Decimal):
            token = f"@@num{len(numbers)}@@"
            numbers[f'"{token}"'] = format(value, "f")
            return token
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    text = json.dumps(mark(data))
    for token, number in numbers.items():
        text = text.replace(token, number)
    return text


def _pounds(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


def _print_table(worker: Worker, duty: Duty, result: PayQuote, rules: PayRules) -> None:
    from rich.console import Console
    from rich.table import Table

    tz = rules.calendar.timezone
    start, end = to_local_naive(duty.start, tz), to_local_naive(duty.end, tz)
    who = {"officer": f"Officer ({worker.rank})", "pcso": "PCSO"}.get(worker.kind, "Council officer")
    title = (
        f"{who}, £{_rate_text(hourly_rate(worker, rules))}/h: "
        f"{start:%a %d %b %Y %H:%M} → {end:%a %d %b %H:%M} ({hm(result.total_minutes)} worked)"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("Code")
    table.add_column("Paid time", justify="right")
    table.add_column("Rate £/h", justify="right")
    table.add_column("×", justify="right")
    table.add_column("Amount", justify="right")
    table.add_column("Reason", overflow="fold")
    for line in result.lines:
        table.add_row(
            line.code,
            hm(line.minutes),
            _rate_text(line.rate_pence),
            _ratio_text(line.multiplier),
            _pounds(line.amount_pence),
            line.reason,
        )
    table.add_section()
    table.add_row("Total", "", "", "", _pounds(result.total_pence), "")
    console = Console()
    console.print(table)
    for item in result.owed:
        console.print(f"Owed: {item}", markup=False)


def _rate_text(pence: Fraction) -> str:
    """Pounds an hour to at most 4 decimals, never fewer than 2: 21.50, 24.0958."""
    text = format(fraction_to_decimal(pence / 100, 4), "f")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def _ratio_text(value: Any) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
