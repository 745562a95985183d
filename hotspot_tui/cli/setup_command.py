"""`hotspot-tui setup FILE.toml [--db PATH]` and `hotspot-tui setup --example`."""

from __future__ import annotations

from pathlib import Path

import click

from hotspot_tui.cli.common import HotspotClickError, db_option, one_line, settings_from


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=True, exists=False))
@click.option("--example", is_flag=True,
              help="Print a complete, commented operation file (the Hertfordshire operation).")
@db_option
@click.pass_context
def setup(ctx: click.Context, file: Path | None, example: bool, db: str | None) -> None:
    """Set an operation up in a new or empty database from FILE.toml.

    The file names the operation, its grant and dates, the force, how pay periods are cut,
    the force day and bank-holiday policy, the hotspot areas (district, cost code,
    allocation) and the councils and BIDs with their recharge rates. It is checked whole
    first: every mistake is listed with its line and nothing is written. Then it is applied
    in one transaction, audited. Start from `hotspot-tui setup --example > operation.toml`.
    """
    from hotspot_tui.services import setup as service

    if example:
        if file is not None:
            raise click.UsageError("give either FILE or --example, not both")
        click.echo(service.example_text(), nl=False)
        return
    if file is None:
        raise click.UsageError("name the operation file (see `hotspot-tui setup --example`)")
    settings = settings_from(ctx, db)
    try:
        operation = service.read_operation_file(file)
    except service.OperationFileRefused as exc:
        if len(exc.mistakes) == 1:
            raise
        for mistake in exc.mistakes:
            click.echo(one_line(f"{exc.name} {mistake}"), err=True)
        raise HotspotClickError(
            f"{exc.name} has {len(exc.mistakes)} mistakes, listed above; nothing was written") from None
    service.check_target(settings.db_path)
    summary = service.setup_database(settings.db_path, settings.user, operation, source=file.name,
                                     sign_in=settings.sign_in)
    click.echo(f"set up {summary.name!r} in {settings.db_path}: {summary.force}, "
               f"{summary.areas} areas, {summary.employers} councils/BIDs")
