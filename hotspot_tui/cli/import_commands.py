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
    session = opener(settings.db_path, settings.user, sign_in=settings.sign_in)
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


@import_group.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True, exists=False))
@click.option("--dry-run", is_flag=True, help="Check the file; write nothing.")
@click.option("--override", "override_reason", metavar="REASON",
              help="Import even where the new roster breaks a working-time rule, for this reason (audited).")
@db_option
@click.pass_context
def duties(ctx: click.Context, file: Path, dry_run: bool, override_reason: str | None,
           db: str | None) -> None:
    """Import normal duties from the force duty system's roster export FILE.csv: every row
    is checked first, then each person's duties on the days the file covers are replaced,
    all or none.

    Columns are matched by header, in any order and case: Payroll number, Start, End, Duty
    type (early, late, night, day, rest day, leave). Times are Europe/London, e.g.
    2026-12-03 07:00 or 03/12/2026 07:00; a rest day or leave needs only a date. The
    working-time checks then run again for everyone in the file.
    """
    from hotspot_tui.errors import RuleViolation
    from hotspot_tui.services.duty_import import DutyImportRefused, import_duties
    from hotspot_tui.services.session import open_reading_session, open_session

    settings = settings_from(ctx, db)
    opener = open_reading_session if dry_run else open_session
    session = opener(settings.db_path, settings.user, sign_in=settings.sign_in)
    try:
        try:
            preview = import_duties(session, file, dry_run=dry_run, override_reason=override_reason)
        except DutyImportRefused as exc:
            for error in exc.preview.errors[:50]:
                click.echo(f"{file.name}: {error}", err=True)
            raise
        except RuleViolation as exc:
            raise RuleViolation(f"{exc}: nothing was imported (--override REASON imports it "
                                "with the breach recorded)") from None
    finally:
        session.close()
    for note in preview.notes:
        click.echo(f"note: {note}", err=True)
    span = f"{preview.first_day:%a %d %b %Y} to {preview.last_day:%a %d %b %Y}"
    people = f"{len(preview.duties)} {'person' if len(preview.duties) == 1 else 'people'}"
    if dry_run:
        click.echo(f"dry run: {preview.count} duties for {people} ({span}) would be "
                   f"imported from {file.name}; nothing written")
    else:
        click.echo(f"imported {preview.count} duties for {people} ({span}) from {file.name}")


@import_group.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=True, exists=False))
@db_option
@click.pass_context
def crime(ctx: click.Context, files: tuple[Path, ...], db: str | None) -> None:
    """Import police data: data.police.uk street-level files (FORCE-MONTH-street.csv), or
    the archive as downloaded (a zip of month folders; its street-level files are read,
    outcomes and stop-and-search left alone).

    Each file is a force's month, imported whole or not at all; importing a month again
    replaces it. Rows without coordinates are kept and counted as unlocated. A bad file is
    named in one line (the last line is the last one refused) and the others still go in;
    the command then exits non-zero.
    """
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn

    from hotspot_tui.cli.common import HotspotClickError, one_line
    from hotspot_tui.errors import HotspotError
    from hotspot_tui.services.crime_files import CrimeFile, crime_files
    from hotspot_tui.services.police_import import import_crime_file
    from hotspot_tui.services.rows_checked_ahead import RowsCheckedAhead
    from hotspot_tui.services.session import open_session

    settings = settings_from(ctx, db)
    session = open_session(settings.db_path, settings.user, sign_in=settings.sign_in)
    refused: list[str] = []
    console = Console(stderr=True)
    named: list[CrimeFile | str] = []
    for path in files:
        try:
            named += crime_files(path)
        except HotspotError as exc:
            named.append(one_line(exc.message))
    sources = [item for item in named if isinstance(item, CrimeFile)]
    try:
        with RowsCheckedAhead(sources) as checking:
            index = 0
            for item in named:
                if isinstance(item, str):
                    refused.append(item)
                    continue
                source, checked = item, checking.pending(index)
                index += 1
                with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                              console=console, transient=True,
                              disable=not console.is_terminal) as bar:
                    task = bar.add_task(one_line(source.name)[-40:], total=source.size or None)
                    def advance(read: int, size: int, bar: Progress = bar, task: TaskID = task) -> None:
                        bar.update(task, completed=read, total=size)

                    try:
                        done = import_crime_file(session, source, progress=advance, checked=checked)
                    except HotspotError as exc:
                        bar.stop()
                        refused.append(one_line(exc.message))
                        continue
                again = ("" if done.replaced is None
                         else f" (replacing {done.replaced:,} rows imported before)")
                click.echo(f"imported {one_line(done.force)} {done.month}: {done.rows:,} rows, "
                           f"{done.unlocated:,} without a location, from {one_line(done.name)}{again}")
    finally:
        session.close()
    for message in refused[:-1]:
        click.echo(f"not imported: {message}", err=True)
    if refused:
        also = f" ({len(refused)} files not imported)" if len(refused) > 1 else ""
        raise HotspotClickError(f"{refused[-1]}{also}")
