"""A database in write-ahead mode with nothing in its log is checked on the connection that
is kept, so that its schema is read once; a file refused there is left exactly as it was,
with nothing beside it."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from hotspot_tui.errors import DatabaseFileError
from hotspot_tui.store import database

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"


def _in_wal_mode(path: Path) -> Path:
    conn = sqlite3.connect(str(path))
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.close()
    assert path.read_bytes()[18:20] == b"\x02\x02" and not Path(f"{path}-wal").exists()
    return path


def _sample(path: Path) -> Path:
    shutil.copyfile(SAMPLE, path)
    path.chmod(0o600)
    return _in_wal_mode(path)


def _fingerprint(path: Path) -> tuple[object, ...]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mode, sorted(os.listdir(path.parent))


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


def _newer(path: Path) -> Path:
    _sample(path)
    conn = sqlite3.connect(str(path))
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('hotspot_tui', '9999_from_the_future', '2030-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    return path


def _other(path: Path) -> Path:
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.commit()
    conn.close()
    return _in_wal_mode(path)


def _damaged(path: Path) -> Path:
    _sample(path)
    page = sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as fh:
        fh.seek(page * 3)
        fh.write(b"\xff" * page * 4)
    return path


@pytest.mark.parametrize(("make", "words"), [
    (_newer, "newer hotspot-tui"),
    (_other, "not a hotspot-tui database"),
    (_damaged, "damaged"),
])
def test_a_file_refused_in_place_is_left_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   make, words: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "op.db")
    before = _fingerprint(path)
    made = _counting_connects(monkeypatch)
    with pytest.raises(DatabaseFileError, match=words):
        database.open_connection(path, verify=True)
    assert made == [False]
    assert _fingerprint(path) == before
