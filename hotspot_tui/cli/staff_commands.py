"""`hotspot-tui staff ...`: a person's pay facts over time, the time off they are owed and
their 48-hour opt-out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from hotspot_tui.cli.common import HotspotGroup, db_option, settings_from
from hotspot_tui.errors import ValidationFailed


def _session(ctx: click.Context, db: str | None):
    from hotspot_tui.services.session import open_session

    settings = settings_from(ctx, db)
    return open_session(settings.db_path, settings.user, sign_in=settings.sign_in)


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _pounds(text: str | None, what: str) -> int | None:
    from hotspot_tui.domain.staff_input import parse_pounds

    if text is None:
        return None
    try:
        pence = parse_pounds(text)
    except ValueError as exc:
        raise ValidationFailed(f"{what}: {exc}") from None
    if pence is None:
        raise ValidationFailed(f"{what}: give an amount in pounds")
    return pence


def _hours(text: str | None) -> int | None:
    from hotspot_tui.domain.staff_input import parse_hours

    if text is None:
        return None
    try:
        minutes = parse_hours(text)
    except ValueError as exc:
        raise ValidationFailed(f"--contracted-hours: {exc}") from None
    return 0 if minutes is None else minutes


def _rank(text: str | None) -> str | None:
    from hotspot_tui.domain.staff_input import normalise_rank

    if text is None:
        return None
    try:
        rank = normalise_rank(text)
    except ValueError as exc:
        raise ValidationFailed(f"--rank: {exc}") from None
    if rank is None:
        raise ValidationFailed("--rank: give a rank (e.g. constable or sergeant)")
    return rank


@click.group(cls=HotspotGroup)
def staff() -> None:
    """A person's pay over time, the time off they are owed and their 48-hour opt-out."""


@staff.command("opt-out")
@click.argument("payroll_number")
@click.option("--from", "effective", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="The day the opt-out (or its withdrawal) takes effect (e.g. 2026-12-01).")
@click.option("--withdraw", is_flag=True, help="Record that the opt-out is withdrawn from that day.")
@click.option("--reason", required=True, metavar="TEXT",
              help="What was signed or withdrawn, and when (kept in the audit trail).")
@db_option
@click.pass_context
def opt_out(ctx: click.Context, payroll_number: str, effective: datetime, withdraw: bool,
            reason: str, db: str | None) -> None:
    """Record that a person signs (or, with --withdraw, withdraws) the 48-hour opt-out of
    the working-time average from a date.

    From that day a 48-hour average above the limit is a warning for them, not a breach (a
    night worker's limit still applies); withdrawn, their patrols from that day count again
    and any breach this brings is listed on the dashboard. `settings show` lists who has
    opted out; a person's page in the app (o) records it too.
    """
    from hotspot_tui.cli.common import one_line
    from hotspot_tui.services.staff import people_by_payroll_number
    from hotspot_tui.services.worktime import set_opt_out

    when = effective.date()
    session = _session(ctx, db)
    try:
        [(staff_id, name)] = people_by_payroll_number(session, [payroll_number])
        found = set_opt_out(session, staff_id, not withdraw, when, reason)
    finally:
        session.close()
    what = "withdrew the 48-hour opt-out of" if withdraw else "recorded the 48-hour opt-out of"
    click.echo(one_line(f"{what} {name} ({payroll_number.strip().upper()}) from {when:%a %d %b %Y}"))
    if found:
        click.echo(f"{found} working-time breach{'es' if found != 1 else ''} found: listed on the dashboard")


@staff.command("set-pay")
@click.argument("payroll_number")
@click.option("--salary", metavar="POUNDS", help="Annual salary in pounds, e.g. 50257.")
@click.option("--hourly-rate", metavar="POUNDS", help="Hourly rate in pounds (people paid by the hour).")
@click.option("--contracted-hours", metavar="HOURS", help="Contracted hours a week, e.g. 37 or 37.5.")
@click.option("--rank", metavar="RANK", help="An officer's rank, e.g. constable or sergeant.")
@click.option("--from", "effective", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="The force date the new pay applies from (e.g. 2026-09-01).")
@click.option("--reason", required=True, help="Why (recorded with the change and in the audit trail).")
@db_option
@click.pass_context
def set_pay(ctx: click.Context, payroll_number: str, salary: str | None, hourly_rate: str | None,
            contracted_hours: str | None, rank: str | None, effective: datetime, reason: str,
            db: str | None) -> None:
    """Change a person's pay from a date; patrols from that date are costed again.

    Patrols before the date keep the pay of their day. In a pay period already locked the
    difference is paid as an adjustment in the next open period.
    """
    from hotspot_tui.services.pay_facts import PayChange
    from hotspot_tui.services.pay_facts import set_pay as set_pay_service

    change = PayChange(salary_pence=_pounds(salary, "--salary"),
                       hourly_rate_pence=_pounds(hourly_rate, "--hourly-rate"),
                       contracted_weekly_minutes=_hours(contracted_hours), rank=_rank(rank))
    when = effective.date()
    session = _session(ctx, db)
    try:
        changed = set_pay_service(session, payroll_number, change, when, reason)
    finally:
        session.close()
    if changed:
        click.echo(f"pay of {payroll_number.strip()} changed from {when:%d %b %Y}; patrols recosted")
    else:
        click.echo(f"pay of {payroll_number.strip()} already so from {when:%d %b %Y}; nothing changed")


def _facts_text(facts: dict[str, Any]) -> str:
    from hotspot_tui.domain.payroll import pounds_grouped

    parts = []
    if facts.get("rank"):
        parts.append(str(facts["rank"]).replace("_", " "))
    if facts["pay_basis"] == "annual":
        parts.append(f"{pounds_grouped(facts['annual_salary_pence'])} a year")
    elif facts["pay_basis"] == "hourly":
        parts.append(f"{pounds_grouped(facts['hourly_rate_pence'])} an hour")
    else:
        parts.append("council recharge")
    minutes = facts.get("contracted_weekly_minutes") or 0
    if minutes:
        parts.append(f"{minutes // 60}:{minutes % 60:02d} h a week")
    return ", ".join(parts)


@staff.command("pay-history")
@click.argument("payroll_number")
@db_option
@click.pass_context
def pay_history(ctx: click.Context, payroll_number: str, db: str | None) -> None:
    """A person's pay facts, newest first, with the date each took effect."""
    from hotspot_tui.cli.common import one_line
    from hotspot_tui.services.pay_facts import history_of

    session = _session(ctx, db)
    try:
        lines = history_of(session, payroll_number)
    finally:
        session.close()
    for line in lines:
        since = "from the start" if line.since_ever else f"from {line.effective_from}"
        why = f"  ({one_line(line.reason)})" if line.reason else ""
        click.echo(f"{since:<16} {_facts_text(line.facts)}{why}")


@staff.command("time-off")
@click.argument("payroll_number")
@db_option
@click.pass_context
def time_off(ctx: click.Context, payroll_number: str, db: str | None) -> None:
    """The time off a person's duties earned, newest first: due by, taken or overdue."""
    from hotspot_tui.services.dashboard import local_today
    from hotspot_tui.services.time_off import owed_by_payroll_number

    session = _session(ctx, db)
    try:
        lines = owed_by_payroll_number(session, payroll_number)
    finally:
        session.close()
    today = local_today()
    for line in lines:
        if line.taken_on:
            state = f"taken {line.taken_on:%d %b %Y}"
        elif not line.worked:
            state = "owed once worked"
        else:
            state = "OVERDUE" if line.overdue(today) else "to take"
        click.echo(f"{line.for_date:%a %d %b %Y}  {line.label:<21} due by {line.due_by:%d %b %Y}  {state}")
    if not lines:
        click.echo("no time off owed")


@staff.command("take-time-off")
@click.argument("payroll_number")
@click.option("--for", "for_day", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="The day the time off was earned for (the rest day or holiday worked).")
@click.option("--on", "taken_on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day it was taken (default today).")
@click.option("--kind", type=click.Choice(["replacement_rest_day", "day_in_lieu", "pcso_time_off"]),
              help="Which, when a duty earned more than one kind.")
@click.option("--not-taken", is_flag=True, help="Record that it was not taken after all (needs --reason).")
@click.option("--reason", help="Why (recorded in the audit trail).")
@db_option
@click.pass_context
def take_time_off(ctx: click.Context, payroll_number: str, for_day: datetime, taken_on: datetime | None,
                  kind: str | None, not_taken: bool, reason: str | None, db: str | None) -> None:
    """Record that time off owed was taken (audited)."""
    from hotspot_tui.services.time_off import set_taken_for

    if not_taken and taken_on:
        raise ValidationFailed("give --on or --not-taken, not both")
    from hotspot_tui.services.dashboard import local_today

    when = None if not_taken else (taken_on.date() if taken_on else local_today())
    session = _session(ctx, db)
    try:
        item = set_taken_for(session, payroll_number, for_day.date(), when, kind, reason)
    finally:
        session.close()
    state = f"taken {when:%d %b %Y}" if when else "not taken"
    click.echo(f"{item.label} for {item.for_date:%d %b %Y}: {state}")
