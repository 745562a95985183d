"""The app keeps its own connection to its file open (Python's sqlite3); sync works through
apsw, a second SQLite library. The app's sync work runs in a child process, so the file is
never open in both libraries in one process (closing either would break the other's locks
and take the WAL away from under it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fresh_operation import build
from sync_helpers import add_patrol, checkout, reading

from hotspot_tui.errors import HotspotError
from hotspot_tui.services import sync_apart
from hotspot_tui.services.outcomes import record_outcomes
from hotspot_tui.services.session import open_session
from hotspot_tui.services.shifts import find_patrol


def test_the_app_keeps_writing_safely_around_a_sync(tmp_path: Path) -> None:
    station = build(tmp_path)
    laptop = checkout(station, tmp_path / "laptop.db")
    ref = add_patrol(laptop, "2026-11-11 18:00", "2026-11-12 02:00")
    session = open_session(laptop, "PS 7 Shah")  # the app's own connection, held open
    try:
        patrol = find_patrol(session, ref)
        record_outcomes(session, patrol, {"dispersals": 1}, confirmed=True)
        steps: list[str] = []
        report = sync_apart.run("sync_with_hub", laptop, station, "PS 7 Shah", progress=steps.append)
        assert report.sent_batches == 1 and steps
        record_outcomes(session, patrol, {"dispersals": 2}, confirmed=True)
        assert sync_apart.run("status", laptop).to_send_rows == 1
    finally:
        session.close()
    for db in (laptop, station):
        with reading(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with reading(laptop) as conn:
        assert conn.execute("SELECT dispersals FROM outcomes").fetchall() == [(2,)]


def test_a_refusal_comes_back_in_one_line(tmp_path: Path) -> None:
    station = build(tmp_path)
    with pytest.raises(HotspotError) as refused:
        sync_apart.run("sync_with_hub", station, tmp_path / "nowhere.db", "PS 7 Shah")
    assert refused.value.message.startswith("no database at") and "\n" not in refused.value.message
