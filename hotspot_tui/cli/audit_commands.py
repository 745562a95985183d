"""`hotspot-tui audit verify|checkpoint`: prove the audit trail has not been changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from hotspot_tui.cli.common import HotspotClickError, HotspotGroup, db_option, settings_from

if TYPE_CHECKING:
    from hotspot_tui.domain.audit_chain import Checkpoint


@click.group(cls=HotspotGroup)
def audit() -> None:
    """Check the append-only, hash-chained, key-signed audit trail."""


def _checkpoints(values: tuple[str, ...]) -> list[Checkpoint]:
    from hotspot_tui.services.maintenance import read_checkpoint

    if any(not value.strip() for value in values):
        raise HotspotClickError("--against needs a file or a checkpoint code")
    return [point for value in values for point in read_checkpoint(value)]


@audit.command()
@db_option
@click.option("--against", multiple=True, metavar="FILE|CODE",
              help="An exported file or a checkpoint code written down earlier (repeatable): "
                   "the log up to it must be unchanged and complete.")
@click.pass_context
def verify(ctx: click.Context, db: str | None, against: tuple[str, ...]) -> None:
    """Re-check every entry's hash against the one before, and its signature where this
    computer holds the database's key.

    Exit 0 when the chain is intact (saying whether the key took part); exit 1 naming the
    first entry that does not hold; exit 2 for a bad file or argument.
    """
    from hotspot_tui.services.maintenance import verify_audit_chain

    settings = settings_from(ctx, db)
    report = verify_audit_chain(settings.db_path, _checkpoints(against), settings.user,
                                settings.sign_in)
    if not report.intact:
        raise HotspotClickError(report.describe(), exit_code=1)
    click.echo(report.describe())


@audit.command()
@db_option
@click.pass_context
def checkpoint(ctx: click.Context, db: str | None) -> None:
    """Print the log's newest entry as a short code to write down or email.

    `audit verify --against CODE` later proves the log up to it unchanged. Exit 1 (and no
    code) when the chain is already broken.
    """
    from hotspot_tui.services.maintenance import audit_checkpoint

    settings = settings_from(ctx, db)
    point, report = audit_checkpoint(settings.db_path, settings.user, settings.sign_in)
    if not report.intact:
        raise HotspotClickError(report.describe(), exit_code=1)
    click.echo(point.code)
    signed = "signed with this database's key" if report.authenticated else (report.note or "")
    click.echo(f"entry #{point.seq} of {report.entries:,}; chain intact; {signed}", err=True)
