"""`hotspot-tui report`: the operation's published figures for any range of days."""

from __future__ import annotations

from pathlib import Path

import click

from hotspot_tui.cli.common import HotspotClickError, db_option, settings_from
from hotspot_tui.errors import HotspotError


class ReportCommand(click.Command):
    """Turns click's usage errors into one `hotspot-tui: ...` line, exit 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise HotspotClickError(exc.format_message()) from None


@click.command(cls=ReportCommand)
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

    For the press office and the police and crime commissioner's office.
    """
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
