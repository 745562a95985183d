"""`hotspot-tui settings show|set`: every pay rule, threshold and limit, with the date
each value takes effect."""

from __future__ import annotations

import json
from typing import Any

import click

from hotspot_tui.cli.common import HotspotGroup, db_option, one_line, settings_from


def _session(ctx: click.Context, db: str | None):
    from hotspot_tui.services.session import open_session

    settings = settings_from(ctx, db)
    return open_session(settings.db_path, settings.user, sign_in=settings.sign_in)


def _day(text: str, flag: str):
    from hotspot_tui.domain import clock_utc
    from hotspot_tui.domain.clock import to_local_naive
    from hotspot_tui.domain.dates import parse_day
    from hotspot_tui.errors import ValidationFailed

    try:
        return parse_day(text, to_local_naive(clock_utc.utc_now()).date())
    except ValidationFailed as exc:
        raise ValidationFailed(f"{flag}: {exc.message}") from None


def _when(day: Any) -> str:
    from hotspot_tui.domain.settings import BEGINNING

    return "the start" if day == BEGINNING else f"{day:%a %d %b %Y}"


@click.group(cls=HotspotGroup)
def settings() -> None:
    """Show and change the pay rules, thresholds and limits, each from a date.

    KEY is a dotted name such as officer.overtime_multiplier (`settings show` lists them
    all). A change takes effect from its --from date (between 2000-01-01 and 2099-12-31):
    patrols on or after that force date are recosted, earlier ones keep the rules in force
    when they were worked, and patrols in pay periods already exported are paid the
    difference as an adjustment.

    A person's 48-hour opt-out is their own, not a setting: `settings show` lists who has
    opted out and since when; `hotspot-tui staff opt-out PAYROLL --from DATE --reason TEXT`
    records one (with --withdraw, its withdrawal).
    """


@settings.command("show")
@click.option("--on", "on", metavar="DATE", default=None,
              help="Show the values in force on this date (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Every setting and its history as JSON.")
@db_option
@click.pass_context
def settings_show(ctx: click.Context, on: str | None, as_json: bool, db: str | None) -> None:
    """Every setting, its value in force and its history; then who has opted out of the
    48-hour average that day, and since when."""
    from hotspot_tui.domain.settings import SETTINGS
    from hotspot_tui.services.settings import settings_view
    from hotspot_tui.services.worktime import opted_out_people

    day = _day(on, "--on") if on else None
    session = _session(ctx, db)
    try:
        view = settings_view(session, day)
        opted = opted_out_people(session, view.on)
    finally:
        session.close()
    if as_json:
        click.echo(json.dumps({
            "on": view.on.isoformat(),
            "opt_outs": [{"payroll_number": p.payroll_number, "name": p.name,
                          "since": p.since.isoformat(), "active": p.active, "reason": p.reason,
                          "recorded_at": p.recorded_at, "recorded_by": p.recorded_by}
                         for p in opted],
            "settings": [
                {"key": line.key, "group": line.group, "label": line.label, "value": line.raw,
                 "in_force_since": None if line.since is None else line.since.isoformat(),
                 "default": SETTINGS[line.key].default,
                 "history": [{"effective_from": h.effective_from.isoformat(), "value": h.raw,
                              "recorded_at": h.recorded_at, "recorded_by": h.recorded_by,
                              "reason": h.reason} for h in line.history]}
                for line in view.lines
            ],
        }, indent=2))
        return
    click.echo(f"Settings in force on {view.on:%a %d %b %Y}")
    width = max(len(line.key) for line in view.lines)
    value_width = max(len(line.value) for line in view.lines if len(line.value) <= 24)
    titles = dict(view.groups)
    group = None
    for line in view.lines:
        if line.group != group:
            group = line.group
            click.echo(f"\n{titles[group]}")
        since = "default" if line.since is None else f"since {_when(line.since)}"
        if line.next_change is not None:
            since += f"; {line.next_change.value} from {_when(line.next_change.effective_from)}"
        click.echo(one_line(f"  {line.key:<{width}}  {line.value:<{value_width}}  {line.label} "
                            f"({since})"))
    click.echo(f"\n48-hour opt-outs in force on {view.on:%a %d %b %Y} "
               "(hotspot-tui staff opt-out records one)")
    if not opted:
        click.echo("  nobody has opted out")
    number_width = max((len(p.payroll_number) for p in opted), default=0)
    for p in opted:
        why = f": {p.reason}" if p.reason else ""
        left = "" if p.active else " (left)"
        click.echo(one_line(f"  {p.payroll_number:<{number_width}}  {p.name}{left}  since "
                            f"{p.since:%d %b %Y}  (recorded by {p.recorded_by}{why})"))


@settings.command("set", context_settings={"ignore_unknown_options": True})
@click.argument("key")
@click.argument("value")
@click.option("--from", "effective", required=True, metavar="DATE",
              help="The force date the value takes effect (2000-01-01 to 2099-12-31).")
@click.option("--reason", default=None, metavar="TEXT", help="Why (kept in the audit trail).")
@click.option("--dry-run", is_flag=True, help="Show the patrols it would recost; change nothing.")
@db_option
@click.pass_context
def settings_set(ctx: click.Context, key: str, value: str, effective: str, reason: str | None,
                 dry_run: bool, db: str | None) -> None:
    """Set KEY to VALUE from a date, recosting the patrols from then.

    Lists take commas (council.weekend_days "saturday, sunday"); times are HH:MM
    (calendar.day_starts 07:00); an optional value takes `none`.
    """
    from hotspot_tui.domain.payroll import pounds_grouped
    from hotspot_tui.errors import ValidationFailed
    from hotspot_tui.services.settings import SHOWN_PATROLS, change_setting

    day = _day(effective, "--from")
    if not dry_run and not (reason or "").strip():
        raise ValidationFailed("--reason: say why the setting is changing (kept in the audit trail)")
    session = _session(ctx, db)
    try:
        change = change_setting(session, key, value, day, reason, save=not dry_run)
    finally:
        session.close()
    verb = "would change" if dry_run else "changed"
    click.echo(one_line(f"{change.key} {verb} from {change.before} to {change.after} "
                        f"from {day:%a %d %b %Y}"))
    if not change.patrol_count:
        click.echo("no patrol's cost changes")
        return
    what = "would recost" if dry_run else "recosted"
    click.echo(f"{what} {change.patrol_count} patrol{'s' if change.patrol_count != 1 else ''} "
               f"({change.assignment_count} duties): {pounds_grouped(change.before_pence)} → "
               f"{pounds_grouped(change.after_pence)}")
    from hotspot_tui.domain.clock import to_local_naive

    for patrol in change.patrols:
        start, end = to_local_naive(patrol.start), to_local_naive(patrol.end)
        locked = "  (exported period: paid as an adjustment)" if patrol.locked else ""
        click.echo(one_line(
            f"  {patrol.ref}  {start:%a %d %b %Y %H:%M}-{end:%H:%M}  {patrol.area}  {patrol.people} "
            f"{'person' if patrol.people == 1 else 'people'}  {pounds_grouped(patrol.before_pence)} → "
            f"{pounds_grouped(patrol.after_pence)}{locked}"))
    if change.patrol_count > SHOWN_PATROLS:
        click.echo(f"  … and {change.patrol_count - SHOWN_PATROLS} more")
