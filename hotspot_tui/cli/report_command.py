"""`hotspot-tui report`: the operation's published figures for any range of days, and
`report monthly`: the funder's monitoring return for one calendar month."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from hotspot_tui.cli.common import HotspotGroup, OneLineCommand, db_option, settings_from
from hotspot_tui.errors import HotspotError

RANGE_OPTIONS = {"first": "--from", "last": "--to", "area": "--area", "fmt": "--format", "out": "--out"}


@click.group(cls=HotspotGroup, invoke_without_command=True)
@db_option
@click.option("--from", "first", metavar="DATE",
              help="First day (2026-12-05, 5/12/2026, 5 dec); default: the operation's start.")
@click.option("--to", "last", metavar="DATE", help="Last day, included (as --from); default: its end.")
@click.option("--area", metavar="NAME", help="One area only (its name).")
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json"]), default="md",
              show_default=True, help="Markdown, CSV (£ to 2 dp) or JSON (pence).")
@click.option("--out", metavar="PATH", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (owner-only) instead of the screen.")
@click.pass_context
def report(ctx: click.Context, db: str | None, first: str | None, last: str | None,
           area: str | None, fmt: str, out: Path | None) -> None:
    """Patrols, hours, arrests, stop-searches, weapons, ASB powers and spend, per area.

    For the press office and the police and crime commissioner's office. `report monthly
    --month YYYY-MM` gives the funder's monthly return instead.
    """
    if ctx.invoked_subcommand is not None:
        given = [flag for name, flag in RANGE_OPTIONS.items()
                 if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE]
        if given:
            raise click.UsageError(f"{', '.join(given)}: for `report` alone, not with "
                                   f"`report {ctx.invoked_subcommand}` (its own options follow it)")
        return
    from hotspot_tui.services.report import (
        open_read_only,
        operation_report,
        parse_day,
        render,
        save_report,
    )

    first_day, last_day = parse_day(first, "--from"), parse_day(last, "--to")
    if first_day and last_day and last_day < first_day:
        raise HotspotError(f"--to {last_day} is before --from {first_day}")
    settings = settings_from(ctx, db)
    session = open_read_only(settings.db_path, settings.user, settings.sign_in)
    try:
        figures = operation_report(session, first_day, last_day, area)
    finally:
        session.close()
    if out is None:
        click.echo(render(figures, fmt), nl=False)
        return
    click.echo(f"wrote {save_report(figures, fmt, out)}", err=True)


@report.command("monthly", cls=OneLineCommand)
@db_option
@click.option("--month", "month_text", required=True, metavar="YYYY-MM",
              help="The calendar month (Europe/London), e.g. 2026-10.")
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "xlsx"]), default=None,
              help="Markdown, CSV or XLSX (default: as --out ends, else Markdown).")
@click.option("--out", metavar="PATH", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this new file (owner-only) instead of the screen.")
@click.pass_context
def monthly(ctx: click.Context, db: str | None, month_text: str, fmt: str | None,
            out: Path | None) -> None:
    """The funder's monthly return: person-hours by role, patrols, arrests, stop and
    searches, weapons, ASB tools and powers by type, and police-recorded ASB incidents,
    per area and in total.

    A patrol counts in the month of the day it starts (Europe/London). Hours are the
    hours booked; bookings not yet approved are counted and said so, people not yet
    booked are not. An XLSX is written to a file only (--out).
    """
    from hotspot_tui.domain.months import parse_month
    from hotspot_tui.services.monthly_return import (
        SUFFIXES,
        monthly_return,
        render_text,
        save_monthly_return,
    )
    from hotspot_tui.services.report import open_read_only

    month = parse_month(month_text, "--month")
    if fmt is None:
        by_suffix = {suffix: name for name, suffix in SUFFIXES.items()}
        fmt = by_suffix.get(out.suffix.lower(), "md") if out is not None else "md"
    if fmt == "xlsx" and out is None:
        raise HotspotError("an XLSX goes to a file: give --out FILE.xlsx")
    settings = settings_from(ctx, db)
    session = open_read_only(settings.db_path, settings.user, settings.sign_in)
    try:
        figures = monthly_return(session, month)
    finally:
        session.close()
    if out is None:
        click.echo(render_text(figures, fmt), nl=False)
        return
    click.echo(f"wrote {save_monthly_return(figures, fmt, out)}", err=True)
