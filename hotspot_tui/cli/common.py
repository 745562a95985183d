"""Shared CLI plumbing: the --db option, settings, and one-line error reporting."""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, TypeVar

import click

from hotspot_tui.config import Settings, current_user, resolve_db_path
from hotspot_tui.errors import HotspotError

F = TypeVar("F", bound=Callable[..., Any])


def one_line(text: str) -> str:
    """The message with control characters (a newline in a file name, say) shown escaped."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class HotspotClickError(click.ClickException):
    """Prints `hotspot-tui: <message>` on one line and exits with the error's code."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click's is class-wide; each has its own

    def show(self, file: Any = None) -> None:
        click.echo(f"hotspot-tui: {one_line(self.format_message())}", err=True)


def _one_line_usage(exc: click.UsageError) -> HotspotClickError:
    hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
    message = " ".join(exc.format_message().split())
    return HotspotClickError(f"{message}{hint}", exc.exit_code)


class OneLineCommand(click.Command):
    """A click command whose usage errors end in one `hotspot-tui: ...` line, exit 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise HotspotClickError(exc.format_message()) from None


class HotspotGroup(click.Group):
    """A click group that turns known failures, usage errors included, into one plain line."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _one_line_usage(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _one_line_usage(exc) from None
        except HotspotError as exc:
            raise HotspotClickError(exc.message, exc.exit_code) from None
        except BrokenPipeError:
            raise  # the reader went away (`report | head`): see cli.main
        except sqlite3.Error as exc:
            from hotspot_tui.store.errors import explain_sqlite_error

            err = explain_sqlite_error(exc, None)
            raise HotspotClickError(err.message, err.exit_code) from None
        except OSError as exc:
            where = f": {exc.filename}" if exc.filename else ""
            raise HotspotClickError(f"{exc.strerror or exc}{where}") from None
        except ValueError as exc:
            if "null byte" not in str(exc) and "null character" not in str(exc):
                raise
            raise HotspotClickError("a file name cannot contain a NUL character") from None


class LazyGroup(HotspotGroup):
    """A group whose commands are imported when one is asked for (to run it, or to list
    them all for `--help`), not when the group is. `lazy` maps each command's name to
    `module:attribute`. Bare `hotspot-tui` then opens the app without first importing every
    command's modules: the pay engine, the bank holidays and the validation models."""

    def __init__(self, *args: Any, lazy: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy.get(cmd_name)
        if target is not None and cmd_name not in self.commands:
            module, attribute = target.split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        metavar="PATH",
        default=None,
        help="Database file (default: $HOTSPOT_DB, else hotspot.db in your user data folder).",
    )(func)


def settings_from(ctx: click.Context, db: str | None = None, *, demo: bool = False) -> Settings:
    """Settings for this run; a sub-command's --db overrides the group's."""
    root = ctx.find_root().obj or {}
    for given in (db, root.get("db")):
        if given is not None and not given.strip():
            raise HotspotClickError("--db needs a file name (it was empty)")
    chosen = db or root.get("db")
    return Settings(
        db_path=resolve_db_path(chosen),
        user=current_user(root.get("as_user")),
        demo=demo,
        sign_in=partial(ask_who, root.get("as_user"), root.get("user")),
    )


def ask_who(as_user: str | None, user: str | None) -> object:
    """Who is signing in to a file with accounts: the web front's one-time ticket, else a
    name (`--user`, else asked, offering the OS login) and a password typed unseen (read
    from standard input when it is not a terminal). `--as` is refused: the audit trail
    records the person who signs in."""
    import os

    from hotspot_tui.domain.accounts import Credentials, Ticket
    from hotspot_tui.services.sign_in import TICKET_ENV

    ticket = os.environ.pop(TICKET_ENV, None)
    if ticket:
        return Ticket(ticket)
    if as_user:
        raise HotspotClickError("--as is not accepted: this operation has accounts, and the audit trail "
                                "records who signs in (sign in as yourself; --user NAME names you)")
    name = (user or "").strip() or click.prompt("Name", default=current_user(None), err=True)
    return Credentials(name, secret(f"Password for {name}"))


def secret(prompt: str, *, twice: bool = False) -> str:
    """A password typed unseen at the terminal (`twice`: and again, to match); with no
    terminal, the next line of standard input (for scripts), never an argument."""
    import sys

    stdin = sys.stdin
    if not stdin.isatty():
        click.echo(f"{prompt}: ", err=True, nl=False)
        first = stdin.readline().rstrip("\r\n")
        if twice:
            click.echo("Type it again: ", err=True, nl=False)
            if stdin.readline().rstrip("\r\n") != first:
                raise HotspotClickError("the two passwords differ; nothing was changed")
        click.echo("", err=True)
        return first
    return str(click.prompt(prompt, hide_input=True, err=True,
                            confirmation_prompt="Type it again" if twice else False))


def explicit_db(ctx: click.Context, db: str | None) -> bool:
    """True when the user named the file (then a missing file is an error, not a new one)."""
    import os

    from hotspot_tui.config import DB_ENV_VAR

    root = ctx.find_root().obj or {}
    return bool(db or root.get("db") or os.environ.get(DB_ENV_VAR))
