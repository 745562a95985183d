"""Sample data: deterministic, the committed sample.db is sound, and --demo never writes it."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import stat
from pathlib import Path

from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.config import bundled_sample_path
from hotspot_tui.services.sample import create_sample_database
from hotspot_tui.store import audit, schema_history
from hotspot_tui.store.database import inspect_file, open_database

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample.db"


def _content(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> '_sqlite_migrations' ORDER BY name"
        )]
        content = {t: conn.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in tables
                   if t != "audit_identity"}
        # Every file has its own identity and key: the entry naming them, and the hash
        # chain and signatures that follow from them, differ from file to file.
        content["audit_log"] = conn.execute(
            "SELECT seq, at_utc, actor, action, entity, shift_id, staff_id, reason, details "
            "FROM audit_log WHERE action <> 'audit.key' ORDER BY seq").fetchall()
        return content
    finally:
        conn.close()


def _identity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT database_id FROM audit_identity").fetchone()[0])
    finally:
        conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_content_different_seed_different(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        create_sample_database(tmp_path / f"{name}.db", seed=seed, scale="demo")
    a, b, c = (_content(tmp_path / f"{n}.db") for n in "abc")
    assert sum(len(rows) for rows in a.values()) > 1000
    assert a == b
    identities = {_identity(tmp_path / f"{n}.db") for n in "abc"}
    assert len(identities) == 3
    assert a["staff"] != c["staff"] or a["assignments"] != c["assignments"]


def test_sample_command_is_deterministic_and_never_overwrites(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    for name in ("one.db", "two.db"):
        result = runner.invoke(cli, ["sample", "--out", str(tmp_path / name), "--seed", "5"])
        assert result.exit_code == 0, result.output
    assert _content(tmp_path / "one.db") == _content(tmp_path / "two.db")
    assert stat.S_IMODE((tmp_path / "one.db").stat().st_mode) == 0o600
    before = _sha(tmp_path / "one.db")
    again = runner.invoke(cli, ["sample", "--out", str(tmp_path / "one.db")])
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert _sha(tmp_path / "one.db") == before


def test_committed_sample_db_opens_at_the_current_schema_and_is_sound() -> None:
    assert bundled_sample_path() == SAMPLE
    before = _sha(SAMPLE)
    status = inspect_file(SAMPLE, deep=True)
    assert status.schema_version == schema_history.latest_version(), "regenerate it: make sample"
    db = open_database(SAMPLE, read_only=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert audit.verify(db)[1] is None
        assert db.execute("SELECT count(*) FROM areas").fetchone()[0] == 12
    finally:
        db.conn.close()
    assert _sha(SAMPLE) == before
    assert not SAMPLE.with_name("sample.db-wal").exists()


def test_demo_opens_a_temporary_copy_and_leaves_sample_db_unchanged(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.services.assignments import unassign
    from hotspot_tui.tui import app as app_module

    real_make_app = app_module.make_app
    seen: dict[str, object] = {}
    before = _sha(SAMPLE)

    class HeadlessRun:
        """Stands in for app.run(): drives the real app with Textual's test pilot."""

        def __init__(self, session) -> None:  # type: ignore[no-untyped-def]
            self.session = session
            self.app = real_make_app(session)

        def run(self) -> None:
            async def drive() -> None:
                async with self.app.run_test(size=(100, 30)) as pilot:
                    await pilot.pause()
                    await self.app.workers.wait_for_complete()
                    await pilot.pause()
                    seen["path"] = Path(self.session.path)
                    seen["copy_exists"] = Path(self.session.path).exists()
                    planned = self.session.db.execute(
                        "SELECT id FROM assignments WHERE status = 'planned' LIMIT 1"
                    ).fetchone()[0]
                    unassign(self.session, planned, "demo: testing a write")  # a real write
                    seen["written"] = self.session.db.execute(
                        "SELECT status FROM assignments WHERE id = ?", [planned]
                    ).fetchone()[0]
                    await pilot.press("ctrl+q")
                seen["quit"] = True

            asyncio.run(drive())

    monkeypatch.setattr(app_module, "make_app", HeadlessRun)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    result = CliRunner().invoke(cli, ["--demo", "--as", "PS Demo"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert seen.get("quit") is True
    demo_path = seen["path"]
    assert isinstance(demo_path, Path)
    assert demo_path.resolve() != SAMPLE.resolve()
    assert seen["copy_exists"] and seen["written"] == "cancelled"
    assert not demo_path.exists(), "the temporary copy is removed on quit"
    assert _sha(SAMPLE) == before
    assert not SAMPLE.with_name("sample.db-wal").exists()


def test_sample_command_shows_its_progress_bar_on_a_terminal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """On a terminal the bar is drawn from the first moment, before any stage has a total."""
    result = CliRunner(env={"TTY_COMPATIBLE": "1"}).invoke(
        cli, ["sample", "--out", str(tmp_path / "bar.db"), "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "working-time checks" in result.stderr and "police data" in result.stderr
