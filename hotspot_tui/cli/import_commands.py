"""`hotspot-tui import staff FILE.csv [--dry-run]`: bring people in from a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import click

from hotspot_tui.cli.common import HotspotGroup, db_option, settings_from


@click.group(name="import", cls=HotspotGroup)
def import_group() -> None:
    """Bring records in from files (all rows or none)."""


@import_group.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True, exists=False))
@click.option("--dry-run", is_flag=True, help="Check the file and show what would be added; write nothing.")
@db_option
@click.pass_context
def staff(ctx: click.Context, file: Path, dry_run: bool, db: str | None) -> None:
    """Add the people in FILE.csv: every row is checked first, then all are added or none.

    Columns are matched by header, in any order and case: Payroll number, Name (or First name
    and Last name), Kind (officer, PC, PS, PCSO, CEO, warden...), and optionally Collar, Rank,
    Employer, Annual salary, Hourly rate, Contracted hours, Home area.
    """
    from hotspot_tui.services.session import open_reading_session, open_session
    from hotspot_tui.services.staff_import import ImportRefused, import_staff

    settings = settings_from(ctx, db)
    opener = open_reading_session if dry_run else open_session
    session = opener(settings.db_path, settings.user)
    try:
        try:
            preview = import_staff(session, file, dry_run=dry_run)
        except ImportRefused as exc:
            for error in exc.preview.errors[:50]:
                click.echo(str(error), err=True)
            raise
    finally:
        session.close()
    for note in preview.notes:
        click.echo(f"note: {note}", err=True)
    if dry_run:
        click.echo(f"dry run: {len(preview.rows)} people would be added from {file.name}; nothing written")
    else:
        click.echo(f"imported {len(preview.rows)} people from {file.name}")
