"""Each bad file through every command that takes --db (found by walking the click tree) and
through the app itself: one line on stderr, exit 2, no traceback, the file untouched."""

from __future__ import annotations

import pytest
from bad_files import MAKES_A_DATABASE_OF, REFUSED, REFUSED_BY_THE_APP, fingerprint, locked
from cli_tree import (
    OPENS_DB_FIRST,
    assert_clean_exit,
    assert_one_line_refusal,
    commands_with_db,
    leaf_commands,
    required_args,
)
from click.testing import CliRunner

from hotspot_tui.cli import cli, tui_launch
from hotspot_tui.store import database

APP: tuple[str, ...] = ()
COMMANDS = [APP, *commands_with_db()]
IDS = [" ".join(c) or "app" for c in COMMANDS]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    def refuse(session):  # type: ignore[no-untyped-def]
        session.close()
        raise AssertionError("the app was opened on a file it should have refused")

    monkeypatch.setattr(tui_launch, "_run", refuse)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("HOTSPOT_DB", raising=False)
    monkeypatch.chdir(tmp_path)  # a reading command that works writes its default file here


def _invoke(command: tuple[str, ...], bad, scratch):  # type: ignore[no-untyped-def]
    by_path = dict(leaf_commands())
    extra = required_args(by_path[command], scratch, command) if command else []
    return CliRunner().invoke(cli, [*command, *extra, "--db", str(bad)])


def _bad(maker, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "files").mkdir()
    (tmp_path / "scratch").mkdir()
    return maker(tmp_path / "files" / "hotspot.db")


def test_every_command_taking_db_is_covered() -> None:
    assert {("db", "info"), ("db", "check"), ("db", "migrate"), ("audit", "verify"),
            ("setup",)} <= set(COMMANDS)


# `db init` and `setup` make a database of a missing or empty file (tests/cli/test_setup_cli.py).
REFUSALS = [pytest.param(case, command, id=f"{case}-{' '.join(command) or 'app'}")
            for command in COMMANDS for case in sorted(REFUSED)
            if case not in MAKES_A_DATABASE_OF.get(command, ())]


@pytest.mark.parametrize(("case", "command"), REFUSALS)
def test_a_bad_file_is_refused_in_one_line_and_left_untouched(case, command, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = _bad(REFUSED[case], tmp_path)
    before = fingerprint(bad)
    line = assert_one_line_refusal(_invoke(command, bad, tmp_path / "scratch"))
    if command in OPENS_DB_FIRST:
        assert "hotspot.db" in line, line  # it names the file
    assert fingerprint(bad) == before


@pytest.mark.parametrize("case", sorted(REFUSED_BY_THE_APP))
@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_a_readable_but_unusable_file_is_untouched(case, command, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Read-only and deep damage: reading commands may work or report it; the app refuses."""
    bad = _bad(REFUSED_BY_THE_APP[case], tmp_path)
    before = fingerprint(bad)
    result = _invoke(command, bad, tmp_path / "scratch")
    if command == APP:
        line = assert_one_line_refusal(result)
        assert ("read-only" if case == "read-only" else "damaged") in line
    else:
        assert_clean_exit(result)
    assert fingerprint(bad) == before


def test_db_check_reports_deep_damage(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = _bad(REFUSED_BY_THE_APP["corrupt-data-page"], tmp_path)
    result = CliRunner().invoke(cli, ["db", "check", "--db", str(bad)])
    assert_clean_exit(result, (1,))
    assert "damaged" in result.stderr or "integrity" in result.stderr


def test_db_check_exit_codes_are_the_ones_its_help_gives(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """0 sound, 1 a problem inside the file, 2 a file that cannot be checked."""
    help_text = " ".join(CliRunner().invoke(cli, ["db", "check", "--help"]).output.split())
    assert "Exit 0 when all is sound; exit 1 when a problem is found inside the file" in help_text
    assert "exit 2 when the file cannot be checked at all" in help_text
    runner = CliRunner()
    sound = REFUSED_BY_THE_APP["read-only"](tmp_path / "sound.db")
    assert runner.invoke(cli, ["db", "check", "--db", str(sound)]).exit_code == 0
    (tmp_path / "damaged").mkdir()
    damaged = REFUSED_BY_THE_APP["corrupt-data-page"](tmp_path / "damaged" / "hotspot.db")
    assert runner.invoke(cli, ["db", "check", "--db", str(damaged)]).exit_code == 1
    for case in ("missing", "not-sqlite", "corrupt-header"):
        (tmp_path / case).mkdir()
        unusable = REFUSED[case](tmp_path / case / "hotspot.db")
        assert runner.invoke(cli, ["db", "check", "--db", str(unusable)]).exit_code == 2, case


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_a_file_locked_past_the_timeout_is_refused_in_one_line(command, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    (tmp_path / "files").mkdir()
    (tmp_path / "scratch").mkdir()
    bad, holder = locked(tmp_path / "files" / "hotspot.db")
    try:
        before = fingerprint(bad)
        line = assert_one_line_refusal(_invoke(command, bad, tmp_path / "scratch"))
        if command != ("db", "init"):
            assert "busy" in line, line
        assert fingerprint(bad) == before
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_an_empty_db_name_is_refused_not_taken_for_the_default(command, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "scratch").mkdir()
    line = assert_one_line_refusal(_invoke(command, "", tmp_path / "scratch"))
    assert "--db needs a file name" in line
    assert not (tmp_path / "xdg").exists()


DEVICES = [d for d in ("/proc/self/mem", "/dev/zero") if __import__("os").path.exists(d)]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_a_device_is_refused_naming_it(command, device, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "scratch").mkdir()
    line = assert_one_line_refusal(_invoke(command, device, tmp_path / "scratch"))
    assert device in line, line


@pytest.mark.parametrize("command", [["report"], ["report", "--format", "csv"], ["area", "list"],
                                     ["audit", "verify"], ["db", "info"]], ids=" ".join)
def test_output_to_a_reader_that_went_away_ends_quietly(command, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`hotspot-tui report | head`: no message, no traceback, when the reader stops early."""
    import shutil
    import subprocess
    import sys

    from bad_files import SAMPLE

    db = tmp_path / "demo.db"
    shutil.copyfile(SAMPLE, db)
    child = subprocess.Popen([sys.executable, "-m", "hotspot_tui", *command, "--db", str(db)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first line is written
    err = child.stderr.read().decode()
    child.wait(timeout=60)
    assert err == "" and child.returncode in (0, 1), (child.returncode, err)



def test_a_tilde_naming_nobody_is_a_name_as_typed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`--db ~0` (no user 0 home known) or `--against ~nobody-here`: kept as typed, as a
    shell keeps it, so one plain line rather than a crash."""
    import shutil

    from bad_files import SAMPLE

    runner = CliRunner()
    line = assert_one_line_refusal(runner.invoke(cli, ["area", "list", "--db", "~no-such-user-here/x.db"]))
    assert "no database at ~no-such-user-here/x.db" in line
    db = tmp_path / "demo.db"
    shutil.copyfile(SAMPLE, db)
    line = assert_one_line_refusal(runner.invoke(cli, ["audit", "verify", "--db", str(db),
                                                       "--against", "~no-such-user-here"]))
    assert "no file ~no-such-user-here exists" in line
