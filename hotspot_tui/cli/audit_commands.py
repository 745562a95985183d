"""`hotspot-tui audit verify`: prove the audit trail has not been changed."""

from __future__ import annotations

import click

from hotspot_tui.cli.common import HotspotClickError, HotspotGroup, db_option, settings_from


@click.group(cls=HotspotGroup)
def audit() -> None:
    """Check the append-only, hash-chained audit trail."""


@audit.command()
@db_option
@click.pass_context
def verify(ctx: click.Context, db: str | None) -> None:
    """Re-check every entry's hash against the one before it.

    Exit 0 when the chain is intact; exit 1 naming the first broken entry.
    """
    from hotspot_tui.services.maintenance import verify_audit_chain

    report = verify_audit_chain(settings_from(ctx, db).db_path)
    if not report.intact:
        raise HotspotClickError(report.describe(), exit_code=1)
    click.echo(report.describe())
