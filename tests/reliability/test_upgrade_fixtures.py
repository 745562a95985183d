"""Migrations: every released schema version has a fixture under tests/fixtures/, and each one
upgrades to the latest schema keeping every row, after writing a private backup copy.

A new migration on main needs its fixture: `python tests/fixtures/make_fixtures.py`.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import stat
from collections import Counter
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Migrations

from hotspot_tui.cli import cli
from hotspot_tui.errors import HotspotError
from hotspot_tui.store import audit, migrations, schema_history, schema_v9, summaries
from hotspot_tui.store.database import inspect_file, open_database, upgrade_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _fixtures() -> dict[int, Path]:
    found = {}
    for path in FIXTURES.glob("schema_v*.db"):
        match = re.fullmatch(r"schema_v(\d+)\.db", path.name)
        if match:
            found[int(match.group(1))] = path
    return dict(sorted(found.items()))


FIXTURE_VERSIONS = list(_fixtures())


def _rows(path: Path) -> dict[str, tuple[list[str], Counter[tuple[object, ...]]]]:
    """Every user table: its columns and the multiset of its rows."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]
        out = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
            rows = conn.execute(f"SELECT * FROM [{table}]").fetchall()
            out[table] = (columns, Counter(rows))
        return out
    finally:
        conn.close()


def _kept(old: dict, new_path: Path) -> None:  # type: ignore[type-arg]
    conn = sqlite3.connect(f"file:{new_path}?mode=ro", uri=True)
    try:
        for table, (columns, rows) in old.items():
            cols = ", ".join(f"[{c}]" for c in columns)
            after = Counter(conn.execute(f"SELECT {cols} FROM [{table}]").fetchall())
            missing = rows - after
            assert not missing, f"{table}: {sum(missing.values())} rows lost or changed by the upgrade"
    finally:
        conn.close()


def _copy(fixture: Path, tmp_path: Path) -> Path:
    target = tmp_path / "hotspot.db"
    shutil.copyfile(fixture, target)
    target.chmod(0o600)
    return target


def test_there_is_a_fixture_for_every_released_schema_version() -> None:
    """Fixtures run from version 1 without a gap. The newest versions may wait for theirs
    while several migrations reach main together: `make_fixtures.py` then records the file
    of the settled schema, and every earlier fixture is upgraded through them."""
    latest = schema_history.latest_version()
    newest = max(_fixtures())
    assert newest <= latest
    missing = [v for v in range(1, newest + 1) if v not in _fixtures()]
    assert not missing, (
        f"no fixture for schema version(s) {missing}: run `python tests/fixtures/make_fixtures.py` "
        "and commit the file"
    )


@pytest.mark.parametrize("version", FIXTURE_VERSIONS, ids=[f"v{v}" for v in FIXTURE_VERSIONS])
def test_fixture_is_what_it_claims(version) -> None:  # type: ignore[no-untyped-def]
    path = _fixtures()[version]
    status = inspect_file(path, deep=True)
    assert status.schema_version == version
    db = open_database(path, read_only=True, migrate=False) if version == status.latest_version else None
    if db is not None:
        try:
            assert audit.verify(db)[1] is None
        finally:
            db.conn.close()


def _upgrade_and_check(fixture: Path, tmp_path: Path, how: str) -> None:
    path = _copy(fixture, tmp_path)
    old_version = inspect_file(path).schema_version
    before = _rows(path)
    if how == "cli":
        result = CliRunner().invoke(cli, ["db", "migrate", "--db", str(path)])
        assert result.exit_code == 0, result.output
        backups = list(tmp_path.glob("hotspot.db.schema-v*.bak"))
        assert len(backups) == 1
        assert str(backups[0]) in result.output
        backup = backups[0]
    elif how == "open":  # the app opens an older file: upgraded in place, after a backup
        open_database(path).conn.close()
        [backup] = tmp_path.glob("hotspot.db.schema-v*.bak")
    else:
        applied, backup = upgrade_file(path)
        assert applied == schema_history.known_names()[old_version:]
    assert backup is not None and backup.name == f"hotspot.db.schema-v{old_version}.bak"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600, "the backup holds personal data"
    # the backup is the file as it was
    assert inspect_file(backup).schema_version == old_version
    assert _rows(backup) == before
    # the upgraded file is current, sound, and kept every row
    status = inspect_file(path, deep=True)
    assert status.schema_version == schema_history.latest_version()
    _kept(before, path)
    db = open_database(path, read_only=True)
    try:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert audit.verify(db)[1] is None
    finally:
        db.conn.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.fixture
def one_more_migration(monkeypatch):  # type: ignore[no-untyped-def]
    """The real migrations plus a test-only one that rebuilds a table, so an upgrade with a
    backup is exercised even while the fixture is at the latest released version."""
    extended = Migrations(schema_history.MIGRATION_SET)
    extended._migrations = list(migrations.migrations._migrations)

    @extended(name="9000_test_only_rebuild_staff")
    def _rebuild(db) -> None:  # type: ignore[no-untyped-def]
        db.execute("ALTER TABLE staff ADD COLUMN test_note TEXT NOT NULL DEFAULT ''")
        db.execute("CREATE TABLE test_extra (id INTEGER PRIMARY KEY, note TEXT)")

    monkeypatch.setattr(migrations, "migrations", extended)
    monkeypatch.setattr(schema_history, "MIGRATION_NAMES", tuple(migrations.registered_names()))
    return extended


@pytest.mark.parametrize("how", ["service", "cli", "open"])
@pytest.mark.parametrize("version", FIXTURE_VERSIONS, ids=[f"v{v}" for v in FIXTURE_VERSIONS])
def test_every_fixture_upgrades_to_the_latest_keeping_every_row(version, how, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fixture = _fixtures()[version]
    if version == schema_history.latest_version():
        path = _copy(fixture, tmp_path)
        before = path.read_bytes()
        assert upgrade_file(path) == ([], None)
        assert path.read_bytes() == before and not list(tmp_path.glob("*.bak"))
        return  # already the latest: nothing to do, nothing touched (see the test-only migration below)
    _upgrade_and_check(fixture, tmp_path, how)


@pytest.mark.parametrize("how", ["service", "cli", "open"])
@pytest.mark.parametrize("version", FIXTURE_VERSIONS, ids=[f"v{v}" for v in FIXTURE_VERSIONS])
def test_every_fixture_survives_one_more_migration(version, how, tmp_path, one_more_migration) -> None:  # type: ignore[no-untyped-def]
    _upgrade_and_check(_fixtures()[version], tmp_path, how)


def test_a_failing_migration_leaves_the_file_as_it_was_beside_its_backup(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    extended = Migrations(schema_history.MIGRATION_SET)
    extended._migrations = list(migrations.migrations._migrations)

    @extended(name="9001_test_only_fails_halfway")
    def _fails(db) -> None:  # type: ignore[no-untyped-def]
        db.execute("CREATE TABLE half_done (id INTEGER)")
        db.execute("INSERT INTO staff (id) VALUES ('incomplete')")  # NOT NULL columns: refused

    path = _copy(_fixtures()[FIXTURE_VERSIONS[-1]], tmp_path)
    upgrade_file(path)  # to the latest schema, so that only the failing migration is pending
    for backup in tmp_path.glob("*.bak"):
        backup.unlink()
    latest = inspect_file(path).schema_version
    monkeypatch.setattr(migrations, "migrations", extended)
    monkeypatch.setattr(schema_history, "MIGRATION_NAMES", tuple(migrations.registered_names()))
    before = _rows(path)
    with pytest.raises((HotspotError, sqlite3.Error)):
        upgrade_file(path)
    assert inspect_file(path).schema_version == latest
    assert _rows(path) == before
    assert len(list(tmp_path.glob("*.bak"))) == 1


def test_patrols_from_before_breaks_could_be_planned_upgrade_with_none_planned(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _copy(_fixtures()[4], tmp_path)
    upgrade_file(path)
    db = open_database(path, read_only=True)
    try:
        assert db.execute("SELECT DISTINCT break_minutes FROM shifts").fetchall() == [(0,)]
    finally:
        db.conn.close()


@pytest.mark.parametrize(("version", "stored", "fresh"), [
    (5, summaries.stored_cover, summaries.fresh_cover),      # each patrol's live cover (v6)
    (6, summaries.stored_weeks, summaries.fresh_weeks),      # each person's week (v7)
    (7, summaries.stored_arrests, summaries.fresh_arrests),  # each area's arrests (v8)
    (8, partial(summaries.stored_money, table=schema_v9.AREAS),  # money per area (v9)
     partial(summaries.fresh_money, table=schema_v9.AREAS)),
    (8, partial(summaries.stored_money, table=schema_v9.DAYS),   # money per day (v9)
     partial(summaries.fresh_money, table=schema_v9.DAYS)),
], ids=["patrol cover", "minutes per week", "area arrests", "money per area", "money per day"])
def test_a_summary_added_by_an_upgrade_is_counted_from_the_rows_already_there(  # type: ignore[no-untyped-def]
        version, stored, fresh, tmp_path) -> None:
    path = _copy(_fixtures()[version], tmp_path)
    upgrade_file(path)
    db = open_database(path, read_only=True)
    try:
        assert stored(db) == fresh(db) != []
    finally:
        db.conn.close()
