"""A large file's quick check runs in the background, after the first paint: nothing is
written until it passes, and a damaged file still ends in one line, exit 2, untouched.

The size limit is lowered to 0 so the demo copy counts as large.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
from bad_files import SAMPLE, fingerprint
from cli_tree import assert_one_line_refusal
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.domain.access import Permission
from hotspot_tui.errors import DatabaseFileError
from hotspot_tui.services.session import open_session
from hotspot_tui.store import database
from hotspot_tui.tui import app as app_module


def _wal_copy(path: Path) -> Path:
    shutil.copyfile(SAMPLE, path)
    path.chmod(0o600)
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    assert database._in_wal_mode(path)
    return path


def _damaged(path: Path) -> Path:
    _wal_copy(path)
    page = sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as fh:
        fh.seek(page * 3)
        fh.write(b"\xff" * page * 4)
    return path


@pytest.fixture(autouse=True)
def _large(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(database, "DEFER_CHECK_ABOVE_BYTES", 0)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("HOTSPOT_DB", raising=False)
    (tmp_path / "files").mkdir()


def test_a_damaged_large_file_opens_but_refuses_every_write(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = _damaged(tmp_path / "files" / "hotspot.db")
    before = fingerprint(bad)
    session = open_session(bad, "PS Tester", verify=True, background_check=True)
    try:
        assert session.integrity is not None
        with pytest.raises(DatabaseFileError, match="damaged"), session.writing(Permission.UPKEEP) as db:
            db.execute("DELETE FROM spend_lines")
        assert session.damaged() is not None
    finally:
        session.close()
    assert fingerprint(bad) == before


def test_a_sound_large_file_is_written_once_its_check_passes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = _wal_copy(tmp_path / "files" / "hotspot.db")
    session = open_session(good, "PS Tester", verify=True, background_check=True)
    try:
        assert session.integrity is not None
        with session.writing(Permission.UPKEEP) as db:
            db.execute("UPDATE budget SET updated_at = updated_at")
        assert session.integrity.done and session.damaged() is None
    finally:
        session.close()


def test_small_or_rollback_journal_files_are_still_checked_before_use(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(database, "DEFER_CHECK_ABOVE_BYTES", 10**12)
    bad = _damaged(tmp_path / "files" / "hotspot.db")
    with pytest.raises(DatabaseFileError, match="damaged"):
        open_session(bad, "PS Tester", verify=True, background_check=True)


def test_the_app_closes_with_code_2_when_the_background_check_fails(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = _damaged(tmp_path / "files" / "hotspot.db")
    before = fingerprint(bad)
    session = open_session(bad, "PS Tester", verify=True, background_check=True)
    app = app_module.make_app(session)

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(200):
                if app.return_code is not None:
                    break
                await pilot.pause(0.05)

    asyncio.run(run())
    assert app.return_code == 2
    assert fingerprint(bad) == before


def test_the_command_prints_one_line_and_exits_2(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = _damaged(tmp_path / "files" / "hotspot.db")
    before = fingerprint(bad)

    class Headless:
        """Stands in for the terminal app: runs until the background check closes it."""

        def __init__(self, session) -> None:  # type: ignore[no-untyped-def]
            self.session = session

        def run(self) -> None:
            try:
                self.session.integrity.wait()
            except DatabaseFileError:
                pass
            finally:
                self.session.close()

    monkeypatch.setattr(app_module, "make_app", Headless)
    result = CliRunner().invoke(cli, ["--db", str(bad), "--as", "PS Tester"])
    line = assert_one_line_refusal(result)
    assert "damaged" in line and "hotspot.db" in line
    assert fingerprint(bad) == before
