"""`hotspot-tui approve PATROL_REF`: approve a patrol's booked hours for payment."""

from __future__ import annotations

import click

from hotspot_tui.cli.common import OneLineCommand, db_option, settings_from


@click.command(cls=OneLineCommand)
@click.argument("patrol_ref", metavar="PATROL_REF")
@db_option
@click.pass_context
def approve(ctx: click.Context, patrol_ref: str, db: str | None) -> None:
    """Approve every booking on a patrol for payment (recorded with who and when).

    A booking you recorded yourself needs another supervisor, unless the operation's
    settings allow self-approval. A final payroll export refuses unapproved bookings.
    """
    from hotspot_tui.errors import DatabaseFileError
    from hotspot_tui.services.approvals import approve_patrol
    from hotspot_tui.services.session import open_session

    settings = settings_from(ctx, db)
    if not settings.db_path.exists():
        raise DatabaseFileError(f"no database at {settings.db_path}")
    session = open_session(settings.db_path, settings.user, sign_in=settings.sign_in)
    try:
        result = approve_patrol(session, patrol_ref)
    finally:
        session.close()
    click.echo(result.summary())
