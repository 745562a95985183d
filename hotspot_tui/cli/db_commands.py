"""`hotspot-tui db init|info|check|migrate`: look after the database file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from hotspot_tui.cli.common import HotspotClickError, HotspotGroup, db_option, settings_from

if TYPE_CHECKING:
    from hotspot_tui.services.worktime_scan import ScanReport


@click.group(cls=HotspotGroup)
def db() -> None:
    """Create, inspect, check and upgrade the database file."""


@db.command()
@db_option
@click.pass_context
def init(ctx: click.Context, db: str | None) -> None:
    """Create a new, empty database (readable by you only)."""
    from hotspot_tui.services.setup import initialise_database

    settings = settings_from(ctx, db)
    initialise_database(settings.db_path, settings.user)
    click.echo(f"created {settings.db_path}")
    from hotspot_tui.services.maintenance import audit_key_file

    key = audit_key_file(settings.db_path)
    if key is not None:
        click.echo(f"its audit key is {key}: back it up apart from the database (see README)")


@db.command()
@db_option
@click.pass_context
def info(ctx: click.Context, db: str | None) -> None:
    """Show the schema version and what the file holds."""
    from hotspot_tui.services.maintenance import database_info

    settings = settings_from(ctx, db)
    facts = database_info(settings.db_path, settings.user, settings.sign_in)
    width = max(len(k) for k in facts)
    for key, value in facts.items():
        click.echo(f"{key:<{width}}  {value}")


@db.command()
@db_option
@click.pass_context
def check(ctx: click.Context, db: str | None) -> None:
    """Run SQLite's integrity and foreign-key checks and verify the audit chain.

    Exit 0 when all is sound; exit 1 when a problem is found inside the file (damage, a
    broken reference, a broken audit chain), one line each on stderr; exit 2 when the file
    cannot be checked at all (missing, not a hotspot-tui database, unreadable).
    """
    from hotspot_tui.services.maintenance import check_database

    settings = settings_from(ctx, db)
    path = settings.db_path
    problems = check_database(path, settings.user, settings.sign_in)
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise HotspotClickError(
            f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found in {path}", exit_code=1)
    click.echo("ok: integrity check passed and the audit chain is intact")


@db.command()
@db_option
@click.pass_context
def migrate(ctx: click.Context, db: str | None) -> None:
    """Upgrade the file to this version's schema (a backup copy is written first).

    A file from before working-time breaches were kept is then checked in full: every
    breach its patrols already hold is recorded and listed on the dashboard (one
    transaction; if it is interrupted, the next `db migrate` or opening the app does it).
    """
    from hotspot_tui.cli.progress import progress_bar
    from hotspot_tui.services.maintenance import migrate_database

    settings = settings_from(ctx, db)
    with progress_bar("checking working time", "people") as progress:
        done = migrate_database(settings.db_path, settings.user, settings.sign_in, progress)
    if done.backup:
        click.echo(f"backup written to {done.backup}")
    if done.applied:
        click.echo(f"applied: {', '.join(done.applied)}")
    elif done.checks is None:
        click.echo("already at the current schema; nothing to do")
    if done.checks is not None:
        click.echo(checks_line(done.checks))


def checks_line(report: ScanReport) -> str:
    """What a full working-time check found, in one line."""
    found = f"{report.found:,} breach{'es' if report.found != 1 else ''} recorded"
    if report.cleared:
        found += f", {report.cleared:,} no longer found"
    people = "1 person's" if report.people == 1 else f"{report.people:,} people's"
    patrols = "1 patrol" if report.patrols == 1 else f"{report.patrols:,} patrols"
    return (f"working time checked for {people} {patrols}: {found}; {report.held:,} held, "
            "listed on the dashboard until dealt with")
