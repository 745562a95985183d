"""`hotspot-tui checks rescan`: the working-time checks of everyone's patrols, run again."""

from __future__ import annotations

import click

from hotspot_tui.cli.common import HotspotGroup, db_option, settings_from


@click.group(cls=HotspotGroup)
def checks() -> None:
    """The working-time checks of everyone's patrols."""


@checks.command("rescan")
@db_option
@click.pass_context
def rescan(ctx: click.Context, db: str | None) -> None:
    """Check every live patrol of every person again from scratch, against their patrols
    and normal duties, and record what the checks find: breaches not recorded yet are
    listed on the dashboard, breaches no longer there are cleared. Reasons already given
    to override a breach stay. One transaction, audited; running it again changes nothing.
    """
    from hotspot_tui.cli.db_commands import checks_line
    from hotspot_tui.cli.progress import progress_bar
    from hotspot_tui.services.session import open_session
    from hotspot_tui.services.worktime_scan import rescan as rescan_everyone

    settings = settings_from(ctx, db)
    session = open_session(settings.db_path, settings.user, sign_in=settings.sign_in)
    try:
        with progress_bar("checking working time", "people") as progress:
            report = rescan_everyone(session, progress)
    finally:
        session.close()
    click.echo(checks_line(report))
