"""Once a file has accounts, every command that opens it signs in first: a wrong password
is refused in one line and nothing is read out or changed. Walks the command tree, so a
command added later is held to it too."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli
from tests.accounts.helpers import PASSWORDS
from tests.cli.cli_tree import assert_clean_exit, leaf_commands, required_args, takes_db

OPENS_NO_FILE_OF_ITS_OWN = {
    ("db", "init"): "makes a new file, which has no accounts",
    ("serve",): "signs in at the browser's sign-in page (tests/serve)",
}


def _commands() -> list[object]:
    found: list[object] = []
    for path, command in leaf_commands():
        if not takes_db(command) or path in OPENS_NO_FILE_OF_ITS_OWN:
            continue
        found.append(pytest.param(path, id=" ".join(path)))
    return found


def _refusal(result) -> str:  # type: ignore[no-untyped-def]
    """The one `hotspot-tui:` line of a refusal (after the password prompt), exit 2."""
    assert_clean_exit(result, (2,))
    return str(result.stderr.strip().splitlines()[-1])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counted_failures(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT failed_sign_ins FROM accounts WHERE name = 'Mr Viewer'").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("path", _commands())
def test_a_command_on_a_file_with_accounts_signs_in_first(path: tuple[str, ...], station: Path,
                                                          tmp_path: Path) -> None:
    command = dict(leaf_commands())[path]
    args = required_args(command, tmp_path, path)
    before = _counted_failures(station)
    result = CliRunner().invoke(cli, ["--user", "Mr Viewer", *path, *args, "--db", str(station)],
                                input="not the viewer's password\n")
    assert "Password for Mr Viewer" in result.stderr, result.output
    assert _refusal(result) == "hotspot-tui: wrong name or password"
    assert result.stdout == ""
    assert _counted_failures(station) == before + 1


READING = [
    ("db", "info"), ("db", "check"), ("audit", "verify"), ("audit", "checkpoint"), ("pay", "quote"),
    ("area", "list"), ("employer", "list"), ("settings", "show"), ("patrol", "list"),
]


@pytest.mark.parametrize("path", READING, ids=" ".join)
def test_a_reading_command_works_once_signed_in_and_changes_nothing(
        path: tuple[str, ...], station: Path, tmp_path: Path) -> None:
    command = dict(leaf_commands())[path]
    args = required_args(command, tmp_path, path)
    before = _digest(station)
    result = CliRunner().invoke(cli, ["--user", "Mr Viewer", *path, *args, "--db", str(station)],
                                input=PASSWORDS["Mr Viewer"] + "\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert _digest(station) == before


def test_the_file_check_and_the_audit_check_need_no_more_than_a_signed_in_account(
        station: Path) -> None:
    """A viewer (the account an auditor or IT is given) may check the file and the trail;
    an account disabled may not."""
    from hotspot_tui.services.accounts import set_active
    from tests.accounts.helpers import signed_in

    admin = signed_in(station, "Insp Admin")
    try:
        set_active(admin, "Mr Viewer", False, "left the station")
    finally:
        admin.close()
    for path in (("db", "check"), ("audit", "verify")):
        result = CliRunner().invoke(cli, ["--user", "Mr Viewer", *path, "--db", str(station)],
                                    input=PASSWORDS["Mr Viewer"] + "\n")
        assert _refusal(result) == "hotspot-tui: the account Mr Viewer is disabled"
        result = CliRunner().invoke(cli, ["--as", "Mr Viewer", *path, "--db", str(station)])
        assert "--as is not accepted" in _refusal(result)


def test_a_viewer_may_look_at_sync_but_not_carry_changes(station: Path, tmp_path: Path) -> None:
    """Checking out, exporting and applying changes carry the operation between copies: a
    viewer is refused in one line and no file is written; the status is theirs to read."""
    def as_viewer(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(cli, ["--user", "Mr Viewer", "sync", *args],
                                  input=PASSWORDS["Mr Viewer"] + "\n")

    refused = "hotspot-tui: Mr Viewer (viewer) may not sync copies of the operation"
    laptop, changes = tmp_path / "laptop.db", tmp_path / "changes.hsync"
    assert _refusal(as_viewer("checkout", "--from", str(station), "--out", str(laptop))) == refused
    assert _refusal(as_viewer("export", "--db", str(station), "--out", str(changes))) == refused
    assert not laptop.exists() and not changes.exists()
    looked = as_viewer("status", "--db", str(station))
    assert looked.exit_code == 0 and looked.stdout.strip(), looked.output
