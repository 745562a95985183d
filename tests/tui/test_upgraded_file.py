"""Opening a file from before working-time breaches were kept in the app: the full check it
owes runs first, with its progress on screen, and the dashboard then lists the breach its
patrols already held."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from app_settle import settle
from old_files import short_rest_before_breaches

from hotspot_tui.domain import clock_utc
from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import make_app
from hotspot_tui.tui.modals.owed_checks import OwedChecksModal

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # Wednesday 2 December 2026


@pytest.fixture(autouse=True)
def _wednesday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def test_opening_the_old_file_in_the_app_checks_it_with_progress_then_lists_the_breach(
        tmp_path: Path) -> None:
    path, name = short_rest_before_breaches(tmp_path / "old.db")
    seen: list[bool] = []

    async def run() -> str:
        app = make_app(open_session(path, "PS Tester"))
        app.clock = lambda: NOW  # type: ignore[method-assign]
        async with app.run_test(size=(80, 24)) as pilot:
            seen.append(isinstance(app.screen, OwedChecksModal))
            await settle(pilot)
            assert not isinstance(app.screen, OwedChecksModal)
            return str(app.screen.query_one("#alerts").render())

    shown = asyncio.run(run())
    assert seen == [True]
    assert "Working-time breach, not overridden" in shown and name in shown
    session = open_session(path, "PS Tester")
    try:
        alerts = [a.text for a in dashboard(session, date(2026, 12, 2)).alerts if a.kind == "breach"]
    finally:
        session.close()
    assert len(alerts) == 2 and all(f": {name}, " in a for a in alerts)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM upkeep_due").fetchone() == (0,)
    finally:
        conn.close()
