"""Personal data: the database, its side files, migration backups and exports are created
readable and writable by the owner only (0600) on POSIX, whatever the umask."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli, tui_launch
from hotspot_tui.services.assignments import AssignOptions, assign
from hotspot_tui.services.session import open_session
from hotspot_tui.store.database import backup_before_migration, create_database

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask():  # type: ignore[no-untyped-def]
    """The most permissive umask: modes must come from the code, not the environment."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_a_new_database_and_its_wal_files_are_owner_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import workload

    path = tmp_path / "new.db"
    shifts, people = workload.build(path, people=2, shifts=workload.separate_shifts(1))
    session = open_session(path, "PS Tester")
    try:
        assign(session, shifts[0], people, AssignOptions())
        side_files = [p for p in (tmp_path / "new.db-wal", tmp_path / "new.db-shm") if p.exists()]
        assert side_files, "expected WAL side files while open"
        for side in side_files:
            assert _mode(side) == 0o600, side.name
    finally:
        session.close()
    assert _mode(path) == 0o600


def test_db_init_and_sample_create_owner_only_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    init = runner.invoke(cli, ["db", "init", "--db", str(tmp_path / "init.db")])
    assert init.exit_code == 0, init.output
    sample = runner.invoke(cli, ["sample", "--out", str(tmp_path / "sample.db")])
    assert sample.exit_code == 0, sample.output
    assert _mode(tmp_path / "init.db") == 0o600
    assert _mode(tmp_path / "sample.db") == 0o600


def test_the_default_database_is_created_owner_only(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("HOTSPOT_DB", raising=False)
    opened: list[Path] = []

    def fake_run(session) -> None:  # type: ignore[no-untyped-def]
        opened.append(session.path)
        session.close()

    monkeypatch.setattr(tui_launch, "_run", fake_run)
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 0, result.output
    [path] = opened
    assert path.is_relative_to(tmp_path / "xdg") and path.name == "hotspot.db"
    assert _mode(path) == 0o600
    for folder in (path.parent, tmp_path / "xdg"):  # the data folder and the ones made for it
        assert _mode(folder) == 0o700, folder


def test_folders_made_for_a_database_or_sample_are_owner_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    init = runner.invoke(cli, ["db", "init", "--db", str(tmp_path / "a" / "b" / "init.db")])
    assert init.exit_code == 0, init.output
    sample = runner.invoke(cli, ["sample", "--out", str(tmp_path / "c" / "d" / "sample.db")])
    assert sample.exit_code == 0, sample.output
    for folder in ("a", "a/b", "c", "c/d"):
        assert _mode(tmp_path / folder) == 0o700, folder


def test_the_audit_key_and_its_folder_are_owner_only(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOTSPOT_KEY_DIR", str(tmp_path / "config" / "audit-keys"))
    assert CliRunner().invoke(cli, ["db", "init", "--db", str(tmp_path / "k.db")]).exit_code == 0
    keys = tmp_path / "config" / "audit-keys"
    assert _mode(keys) == 0o700 and _mode(tmp_path / "config") == 0o700
    assert [_mode(f) for f in keys.iterdir()] == [0o600] * len(list(keys.iterdir()))


def test_a_migration_backup_is_owner_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """(The upgrade tests check the same for each fixture; this needs no pending migration.)"""
    path = tmp_path / "live.db"
    db = create_database(path)
    try:
        backup = backup_before_migration(db.conn, path, 1)
    finally:
        db.conn.close()
    assert _mode(backup) == 0o600
    conn = sqlite3.connect(str(backup))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_the_demo_copy_is_owner_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert _mode(tui_launch.demo_copy(tmp_path)) == 0o600


def _export_commands() -> list[tuple[str, ...]]:
    from cli_tree import leaf_commands

    return [path for path, _ in leaf_commands() if path[0] == "export"]


EXPORTS = _export_commands()


# Without export commands the one case, ("export",), fails: the exports must exist.
@pytest.mark.parametrize("command", EXPORTS or [("export",)], ids=" ".join)
def test_exports_are_owner_only(command, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cli_tree import leaf_commands

    spec = dict(leaf_commands())[command]
    conn = sqlite3.connect(str(demo_db))
    council = conn.execute("SELECT name FROM employers WHERE kind <> 'force' ORDER BY name").fetchone()[0]
    conn.close()
    values = {"period": "2026-06", "employer": council}
    written = []
    formats = next((list(p.type.choices) for p in spec.params if p.name == "fmt" or p.name == "format"),
                   [None])
    for fmt in formats:
        out = tmp_path / f"export-{len(written)}.{fmt or 'out'}"
        args = [*command, "--db", str(demo_db), "--out", str(out)]
        for param in spec.params:
            if param.required and param.name in values:
                args += [f"--{param.name}", values[param.name]]
        if fmt:
            args += ["--format", str(fmt)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert out.exists()
        written.append(out)
    for path in written:
        assert _mode(path) == 0o600, path.name


def test_keys_are_owner_only_where_os_fchmod_is_missing(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Windows before Python 3.13 has no os.fchmod: the mode is then set by name."""
    from hotspot_tui.store import files

    monkeypatch.setattr(files, "has_fchmod", lambda: False)
    monkeypatch.delattr(os, "fchmod", raising=False)
    monkeypatch.setenv("HOTSPOT_KEY_DIR", str(tmp_path / "keys"))
    result = CliRunner().invoke(cli, ["db", "init", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 0, result.output
    assert {_mode(f) for f in (tmp_path / "keys").iterdir()} == {0o600}
