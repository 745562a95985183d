"""`hotspot-tui export payroll|recharge|time-off`: payroll files, council recharge statements
and the time off owed.

Every bad argument ends in one plain line on stderr and exit status 2.
"""

from __future__ import annotations

import click

from hotspot_tui.cli.common import HotspotClickError, HotspotGroup, OneLineCommand, db_option, settings_from
from hotspot_tui.config import user_path


@click.group(cls=HotspotGroup)
def export() -> None:
    """Write payroll files and recharge statements (owner-readable only)."""


def _open(ctx: click.Context, db: str | None, *, only_reads: bool = False):
    """The session, costed up to date; a file that may not be written is opened to read
    only, when the export `only_reads` (a draft or a statement: its figures as last costed)."""
    from hotspot_tui.errors import DatabaseFileError
    from hotspot_tui.services.costing import ensure_costed
    from hotspot_tui.services.session import file_is_read_only, open_reading_session, open_session

    settings = settings_from(ctx, db)
    if not settings.db_path.exists():
        raise DatabaseFileError(f"no database at {settings.db_path}")
    if only_reads and file_is_read_only(settings.db_path):
        return open_reading_session(settings.db_path, settings.user, sign_in=settings.sign_in)
    session = open_session(settings.db_path, settings.user, sign_in=settings.sign_in)
    try:
        ensure_costed(session)
    except BaseException:
        session.close()
        raise
    return session


def _progress_bar():
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    console = Console(stderr=True)
    return Progress(TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed:,}/{task.total:,} rows"), console=console,
                    transient=True, disable=not console.is_terminal)


def _pounds(pence: int) -> str:
    from hotspot_tui.domain.payroll import pounds_grouped

    return pounds_grouped(pence)


@export.command("payroll", cls=OneLineCommand)
@click.option("--period", required=True, metavar="PERIOD", help="Pay period, e.g. 2026-06.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", metavar="PATH", help="File to write (default: payroll-PERIOD[-draft].FORMAT).")
@click.option("--final", is_flag=True,
              help="Export for payment and lock the period (without it: a draft, nothing locked).")
@click.option("--early", is_flag=True, help="With --final: lock a period that has not ended yet.")
@click.option("--reason", metavar="TEXT", help="Why the period is sent early (with --early).")
@db_option
@click.pass_context
def payroll(ctx: click.Context, period: str, fmt: str, out: str | None, final: bool, early: bool,
            reason: str | None, db: str | None) -> None:
    """The force payroll file: one line per duty and pay element, then totals per element
    code and cost code. A final export needs the period ended (or --early --reason), every
    booking in it approved and every pay rule mapped to an element code."""
    from hotspot_tui.services.payroll import export_payroll

    if early and not final:
        raise HotspotClickError("--early goes with --final (a draft locks nothing)")
    if early and not (reason or "").strip():
        raise HotspotClickError("--early needs --reason: say why the period is sent before it ends")
    if reason and not early:
        raise HotspotClickError("--reason goes with --early")
    session = _open(ctx, db, only_reads=not final)
    try:
        with _progress_bar() as bar:
            task = bar.add_task("exporting", total=None)
            result = export_payroll(
                session, period, fmt=fmt, out=user_path(out) if out else None, final=final,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                early_reason=reason if early else None,
            )
    finally:
        session.close()
    what = "re-exported locked period" if result.relocked else (
        "final export, period locked" if result.final else "draft (nothing locked)")
    marked = (f", {result.unapproved:,} lines not approved (marked)" if result.unapproved else "")
    click.echo(f"wrote {result.path}: {result.rows:,} lines, {_pounds(result.total_pence)}"
               f"{f', {result.adjustments} adjustment lines' if result.adjustments else ''}{marked}; {what}")


@export.command("recharge", cls=OneLineCommand)
@click.option("--period", required=True, metavar="PERIOD", help="Pay period, e.g. 2026-06.")
@click.option("--employer", required=True, metavar="NAME",
              help="Council or BID, e.g. 'Watford Borough Council'.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", metavar="PATH", help="File to write (default: recharge-PERIOD-EMPLOYER.FORMAT).")
@db_option
@click.pass_context
def recharge(
    ctx: click.Context, period: str, employer: str, fmt: str, out: str | None, db: str | None
) -> None:
    """A council's recharge statement for the hours its staff worked."""
    from hotspot_tui.services.payroll import export_recharge

    session = _open(ctx, db, only_reads=True)
    try:
        result = export_recharge(session, period, employer, fmt=fmt,
                                 out=user_path(out) if out else None)
    finally:
        session.close()
    click.echo(f"wrote {result.path}: {result.rows:,} rows, {_pounds(result.total_pence)}")


@export.command("time-off", cls=OneLineCommand)
@click.option("--period", required=True, metavar="PERIOD", help="Pay period, e.g. 2026-06.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", metavar="PATH", help="File to write (default: time-off-PERIOD.FORMAT).")
@db_option
@click.pass_context
def time_off(ctx: click.Context, period: str, fmt: str, out: str | None, db: str | None) -> None:
    """Replacement rest days, days in lieu and PCSO time off earned by duties worked in a
    period: when each is due and whether it was taken."""
    from hotspot_tui.services.time_off import export_time_off

    session = _open(ctx, db)
    try:
        result = export_time_off(session, period, fmt=fmt, out=user_path(out) if out else None)
    finally:
        session.close()
    click.echo(f"wrote {result.path}: {result.rows:,} rows")
