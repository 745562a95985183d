"""Migrating an empty file to the current schema; version bookkeeping."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from hotspot_tui.errors import DatabaseFileError
from hotspot_tui.store import migrations, schema_history
from hotspot_tui.store.database import PAGE_SIZE, create_database, inspect_file, open_database, upgrade_file


def _tables(db) -> set[str]:  # type: ignore[no-untyped-def]
    return set(db.table_names())


def test_the_schema_history_names_every_registered_migration_in_order() -> None:
    """Opening a file reads its version against this list, without loading the registry."""
    assert schema_history.known_names() == migrations.registered_names()


def test_a_new_file_is_migrated_to_the_latest_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "new.db"
    db = create_database(path)
    try:
        assert schema_history.schema_version(db) == schema_history.latest_version()
        assert schema_history.applied_names(db) == schema_history.known_names()
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema_history.latest_version()
        assert {"areas", "staff", "shifts", "assignments", "audit_log"} <= _tables(db)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        db.conn.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_empty_sqlite_file_is_refused_unless_a_database_is_being_made(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.db"
    sqlite3.connect(str(path)).execute("VACUUM").connection.close()
    before = path.read_bytes()
    for opening in (inspect_file, open_database, upgrade_file):
        with pytest.raises(DatabaseFileError, match="is an empty SQLite file, not a hotspot-tui database"):
            opening(path)
    assert path.read_bytes() == before
    assert inspect_file(path, allow_empty=True).schema_version == 0
    db = open_database(path, allow_empty=True)
    try:
        assert schema_history.schema_version(db) == schema_history.latest_version()
        assert schema_history.unknown_applied(db) == []
    finally:
        db.conn.close()
    assert not list(tmp_path.glob("*.bak")), "nothing to back up in an empty file"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert upgrade_file(path) == ([], None)


def test_a_zero_byte_file_is_refused_and_left_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "touched.db"
    path.touch()
    with pytest.raises(DatabaseFileError, match="not a SQLite database"):
        open_database(path)
    assert path.read_bytes() == b""


def test_open_without_migrate_refuses_an_old_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.db", path)
    before = path.read_bytes()
    with pytest.raises(DatabaseFileError, match="db migrate"):
        open_database(path, migrate=False)
    with pytest.raises(DatabaseFileError, match="db migrate"):
        open_database(path, read_only=True)
    assert path.read_bytes() == before


def _page_size(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])


def test_a_new_file_has_large_pages_and_an_older_file_keeps_its_own(tmp_path: Path) -> None:
    """New files are made with 16 KiB pages (bulk writes such as police records take a
    fifth less time); a file made with SQLite's 4 KiB pages is upgraded and used as it is."""
    new = tmp_path / "new.db"
    create_database(new).conn.close()
    assert _page_size(new) == PAGE_SIZE == 16384

    old = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.db", old)
    before = _page_size(old)
    assert before != PAGE_SIZE
    db = open_database(old)
    try:
        assert schema_history.schema_version(db) == schema_history.latest_version()
    finally:
        db.conn.close()
    assert _page_size(old) == before
