"""Command line: bare `hotspot-tui` opens the TUI; sub-commands do headless work."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from hotspot_tui import __version__
from hotspot_tui.cli.common import HotspotGroup, db_option, one_line, settings_from
from hotspot_tui.errors import HotspotError


@click.group(cls=HotspotGroup, invoke_without_command=True)
@db_option
@click.option("--demo", is_flag=True, help="Open a fresh temporary copy of the demo data.")
@click.option("--as", "as_user", metavar="NAME",
              help="Who is recorded in the audit trail (an operation with accounts refuses it).")
@click.option("--user", "user", metavar="NAME",
              help="Your account, in an operation with accounts (the password is asked for).")
@click.version_option(__version__, prog_name="hotspot-tui")
@click.pass_context
def cli(ctx: click.Context, db: str | None, demo: bool, as_user: str | None, user: str | None) -> None:
    """Run a hotspot-patrol operation: rosters, extra-duty pay, budget and payroll.

    With no command, opens the supervisor's terminal app.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    ctx.obj["as_user"] = as_user
    ctx.obj["user"] = user
    if ctx.invoked_subcommand is not None:
        if demo:
            raise click.UsageError("--demo opens the app; it does not go with a command.")
        return
    from hotspot_tui.cli.tui_launch import launch

    launch(settings_from(ctx, db, demo=demo))


def _register() -> None:
    from hotspot_tui.cli import audit_commands, db_commands, import_commands, sample_command

    cli.add_command(db_commands.db)
    cli.add_command(sample_command.sample)
    cli.add_command(import_commands.import_group)
    cli.add_command(audit_commands.audit)
    from hotspot_tui.cli import pay as pay_commands

    cli.add_command(pay_commands.pay)
    from hotspot_tui.cli import report_command

    cli.add_command(report_command.report)
    from hotspot_tui.cli import hotspots_command

    cli.add_command(hotspots_command.hotspots)
    from hotspot_tui.cli import export_commands

    cli.add_command(export_commands.export)
    from hotspot_tui.cli import approve_command

    cli.add_command(approve_command.approve)
    from hotspot_tui.cli import organisation_commands

    cli.add_command(organisation_commands.area)
    cli.add_command(organisation_commands.employer)
    from hotspot_tui.cli import settings_commands

    cli.add_command(settings_commands.settings)
    from hotspot_tui.cli import patrol_commands

    cli.add_command(patrol_commands.patrol)
    cli.add_command(patrol_commands.assign)
    cli.add_command(patrol_commands.book)
    cli.add_command(patrol_commands.outcome)
    from hotspot_tui.cli import staff_commands

    cli.add_command(staff_commands.staff)
    from hotspot_tui.cli import setup_command

    cli.add_command(setup_command.setup)
    from hotspot_tui.cli import sync_commands

    cli.add_command(sync_commands.sync)
    from hotspot_tui.cli import user_commands

    cli.add_command(user_commands.user)
    from hotspot_tui.cli import serve_command

    cli.add_command(serve_command.serve)
    from hotspot_tui.cli import kit_command

    cli.add_command(kit_command.kit)
    from hotspot_tui.cli import checks_command

    cli.add_command(checks_command.checks)


_register()


def quiet_broken_pipe() -> int:
    """The reader of our output went away (`hotspot-tui report | head`): stop without a
    word and exit 1, as click does when this happens inside a command. Output still
    buffered is sent nowhere, so Python's own flush at exit does not complain either."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 1


def main() -> None:
    """Console-script entry point."""
    from hotspot_tui.cli.console import tolerate_unshowable_characters

    tolerate_unshowable_characters(sys.stdout, sys.stderr)
    try:
        cli.main(prog_name="hotspot-tui")
    except HotspotError as exc:  # raised outside click's own handling
        click.echo(f"hotspot-tui: {one_line(exc.message)}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(quiet_broken_pipe())
    except Exception as exc:
        if os.environ.get("HOTSPOT_DEBUG"):
            raise
        click.echo(
            f"hotspot-tui: internal error: {type(exc).__name__}: {exc} "
            "(run with HOTSPOT_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(70)
