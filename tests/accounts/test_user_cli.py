"""`hotspot-tui user ...` from an empty file: the first admin, the others, each change audited;
once there are accounts every command signs in and `--as` is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from hotspot_tui.cli import cli

ADMIN_PW = "inspector phrase 11"
SUPER_PW = "sergeant phrase 22"


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input)


def _audit(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(
            "SELECT actor, action FROM audit_log WHERE entity = 'account' ORDER BY seq").fetchall()
    finally:
        conn.close()


def test_accounts_from_an_empty_file(tmp_path: Path) -> None:
    db = str(tmp_path / "station.db")
    assert run("db", "init", "--db", db).exit_code == 0
    first = run("--as", "owner", "user", "add", "PS First", "--role", "supervisor", "--db", db,
                input=f"{SUPER_PW}\n{SUPER_PW}\n")
    assert first.exit_code == 2 and "first account must be an admin" in first.output
    mismatch = run("user", "add", "Insp Ada", "--role", "admin", "--db", db,
                   input=f"{ADMIN_PW}\nother words\n")
    assert mismatch.exit_code == 2 and "differ" in mismatch.output
    added = run("--as", "owner", "user", "add", "Insp Ada", "--role", "admin", "--db", db,
                input=f"{ADMIN_PW}\n{ADMIN_PW}\n")
    assert added.exit_code == 0, added.output
    assert ADMIN_PW not in added.stdout

    refused = run("--as", "Insp Ada", "user", "list", "--db", db, input=f"{ADMIN_PW}\n")
    assert refused.exit_code == 2 and "--as is not accepted" in refused.output
    wrong = run("--user", "Insp Ada", "user", "list", "--db", db, input="not my password\n")
    assert wrong.exit_code == 2 and "wrong name or password" in wrong.output

    as_admin = ("--user", "Insp Ada")
    assert run(*as_admin, "user", "add", "PS Bob", "--role", "supervisor", "--db", db,
               input=f"{ADMIN_PW}\n{SUPER_PW}\n{SUPER_PW}\n").exit_code == 0
    assert run(*as_admin, "user", "set-role", "PS Bob", "viewer", "--reason", "desk duty", "--db", db,
               input=f"{ADMIN_PW}\n").exit_code == 0
    assert run(*as_admin, "user", "disable", "PS Bob", "--reason", "left", "--db", db,
               input=f"{ADMIN_PW}\n").exit_code == 0
    listed = run(*as_admin, "user", "list", "--db", db, input=f"{ADMIN_PW}\n")
    assert "PS Bob" in listed.stdout and "viewer" in listed.stdout and "disabled" in listed.stdout
    assert run("--user", "PS Bob", "user", "list", "--db", db,
               input=f"{SUPER_PW}\n").output.strip().endswith("the account PS Bob is disabled")
    assert run(*as_admin, "user", "enable", "PS Bob", "--db", db, input=f"{ADMIN_PW}\n").exit_code == 0
    assert run(*as_admin, "user", "reset-password", "PS Bob", "--db", db,
               input=f"{ADMIN_PW}\nnew phrase for bob\nnew phrase for bob\n").exit_code == 0
    viewer = run("--user", "PS Bob", "user", "list", "--db", db, input="new phrase for bob\n")
    assert viewer.exit_code == 2 and "PS Bob (viewer) may not manage accounts" in viewer.output

    assert _audit(Path(db)) == [
        ("owner", "account.add"), ("Insp Ada", "account.add"), ("Insp Ada", "account.role"),
        ("Insp Ada", "account.disable"), ("Insp Ada", "account.enable"), ("Insp Ada", "account.password")]
    verified = run(*as_admin, "audit", "verify", "--db", db, input=f"{ADMIN_PW}\n")
    assert verified.exit_code == 0 and "intact" in verified.output
