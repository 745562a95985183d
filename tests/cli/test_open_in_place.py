"""A database in write-ahead mode with nothing in its log is checked on the connection that
is kept, so that its schema is read once; a file refused there is left exactly as it was,
with nothing beside it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_files import corrupt_data_page, fingerprint, newer_schema, other_sqlite

from hotspot_tui.errors import DatabaseFileError
from hotspot_tui.store import database


def _in_wal_mode(path: Path) -> Path:
    conn = sqlite3.connect(str(path))
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.close()
    assert path.read_bytes()[18:20] == b"\x02\x02" and not Path(f"{path}-wal").exists()
    return path


def _counting_connects(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    made: list[bool] = []
    real = database._connect

    def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
        made.append(read_only)
        return real(path, read_only=read_only)

    monkeypatch.setattr(database, "_connect", connect)
    return made


def test_a_database_in_use_is_opened_on_one_connection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "op.db"
    database.create_connection(path).close()
    made = _counting_connects(monkeypatch)
    conn = database.open_connection(path, verify=True)
    try:
        assert made == [False]
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM areas").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_file_whose_log_holds_changes_is_checked_apart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "op.db"
    holder = database.create_connection(path)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("PRAGMA user_version = 7")  # page 1 changed: a frame in the log
    assert Path(f"{path}-wal").stat().st_size > 0
    made = _counting_connects(monkeypatch)
    conn = database.open_connection(path)
    conn.close()
    holder.close()
    assert made == [True, False]


def _written_ahead(make: Callable[[Path], Path]) -> Callable[[Path], Path]:
    return lambda path: _in_wal_mode(make(path))


@pytest.mark.parametrize(("make", "words"), [
    (_written_ahead(newer_schema), "newer hotspot-tui"),
    (_written_ahead(other_sqlite), "not a hotspot-tui database"),
    (_written_ahead(corrupt_data_page), "damaged"),
], ids=["newer-schema", "other-sqlite", "corrupt-data-page"])
def test_a_file_refused_in_place_is_left_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   make, words: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "op.db")
    before = fingerprint(path)
    made = _counting_connects(monkeypatch)
    with pytest.raises(DatabaseFileError, match=words):
        database.open_connection(path, verify=True)
    assert made == [False]
    assert fingerprint(path) == before
