"""`hotspot-tui user add|list|disable|enable|reset-password|set-role`: accounts and roles.

Passwords are typed twice, unseen, and never taken on the command line (where the shell's
history and the process list would keep them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from hotspot_tui.cli.common import HotspotGroup, db_option, secret, settings_from

if TYPE_CHECKING:
    from hotspot_tui.services.session import Session

ROLES = ("viewer", "supervisor", "payroll", "admin")


@click.group(cls=HotspotGroup)
def user() -> None:
    """People who sign in, and their roles (viewer, supervisor, payroll, admin).

    Once an operation has an account, the app and every command ask for a name and
    password, and each role may do only its own work. The first account must be an admin.
    """


@contextmanager
def _session(ctx: click.Context, db: str | None) -> Iterator[Session]:
    from hotspot_tui.errors import DatabaseFileError
    from hotspot_tui.services.session import open_session

    settings = settings_from(ctx, db)
    if not settings.db_path.exists():
        raise DatabaseFileError(f"no database at {settings.db_path} (create one with `hotspot-tui db init`)")
    session = open_session(settings.db_path, settings.user, sign_in=settings.sign_in)
    try:
        yield session
    finally:
        session.close()


def _new_password(name: str) -> str:
    return secret(f"New password for {name}", twice=True)


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the person may do.")
@db_option
@click.pass_context
def add(ctx: click.Context, name: str, role: str, db: str | None) -> None:
    """Add an account (the password is asked for twice)."""
    from hotspot_tui.services.accounts import add_account

    with _session(ctx, db) as session:
        password = _new_password(name)
        add_account(session, name, role, password)
    click.echo(f"added {name} ({role})")


@user.command("list")
@db_option
@click.pass_context
def list_(ctx: click.Context, db: str | None) -> None:
    """Every account, its role and whether it may sign in."""
    from hotspot_tui.services.accounts import list_accounts

    with _session(ctx, db) as session:
        lines = list_accounts(session)
    if not lines:
        click.echo("no accounts: anyone who opens the file may do anything (add an admin first)")
        return
    width = max(len(line.name) for line in lines)
    for line in lines:
        click.echo(f"{line.name:<{width}}  {line.role:<10}  {line.status:<24}  "
                   f"added {line.created} by {line.created_by}")


@user.command("disable")
@click.argument("name")
@click.option("--reason", required=True, help="Why (recorded in the audit trail).")
@db_option
@click.pass_context
def disable(ctx: click.Context, name: str, reason: str, db: str | None) -> None:
    """Stop an account signing in; its open sessions can no longer change anything."""
    from hotspot_tui.services.accounts import set_active

    with _session(ctx, db) as session:
        set_active(session, name, False, reason)
    click.echo(f"disabled {name}")


@user.command("enable")
@click.argument("name")
@click.option("--reason", default="", help="Why (recorded in the audit trail).")
@db_option
@click.pass_context
def enable(ctx: click.Context, name: str, reason: str, db: str | None) -> None:
    """Let a disabled account sign in again; also unlocks a locked one."""
    from hotspot_tui.services.accounts import set_active

    with _session(ctx, db) as session:
        set_active(session, name, True, reason)
    click.echo(f"enabled {name}")


@user.command("reset-password")
@click.argument("name")
@db_option
@click.pass_context
def reset_password(ctx: click.Context, name: str, db: str | None) -> None:
    """Set a new password (an admin for anyone; anyone for themselves)."""
    from hotspot_tui.services.accounts import reset_password as reset

    with _session(ctx, db) as session:
        password = _new_password(name)
        reset(session, name, password)
    click.echo(f"set a new password for {name}")


@user.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@click.option("--reason", required=True, help="Why (recorded in the audit trail).")
@db_option
@click.pass_context
def set_role(ctx: click.Context, name: str, role: str, reason: str, db: str | None) -> None:
    """Give an account another role (takes effect at its next action, even in open sessions)."""
    from hotspot_tui.services.accounts import set_role as change

    with _session(ctx, db) as session:
        change(session, name, role, reason)
    click.echo(f"{name} is now {role}")
