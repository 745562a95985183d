"""Command line: bare `hotspot-tui` opens the TUI; sub-commands do headless work."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from hotspot_tui import __version__
from hotspot_tui.cli.common import LazyGroup, db_option, one_line, settings_from
from hotspot_tui.errors import HotspotError

COMMANDS = {
    "approve": "approve_command:approve",
    "area": "organisation_commands:area",
    "assign": "patrol_commands:assign",
    "audit": "audit_commands:audit",
    "book": "patrol_commands:book",
    "checks": "checks_command:checks",
    "db": "db_commands:db",
    "employer": "organisation_commands:employer",
    "export": "export_commands:export",
    "hotspots": "hotspots_command:hotspots",
    "import": "import_commands:import_group",
    "kit": "kit_command:kit",
    "outcome": "patrol_commands:outcome",
    "patrol": "patrol_commands:patrol",
    "pay": "pay:pay",
    "report": "report_command:report",
    "sample": "sample_command:sample",
    "serve": "serve_command:serve",
    "settings": "settings_commands:settings",
    "setup": "setup_command:setup",
    "staff": "staff_commands:staff",
    "sync": "sync_commands:sync",
    "user": "user_commands:user",
}
"""Each command's module (in this package) and attribute, imported when it is used."""


@click.group(cls=LazyGroup, invoke_without_command=True,
             lazy={name: f"{__name__}.{target}" for name, target in COMMANDS.items()})
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
