"""The Sync screen: reached from the command palette; shows the last sync and what waits;
runs a sync with its progress; lists the conflict with both versions; resolves it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fresh_operation import build
from sync_helpers import add_patrol, checkout, must, sql
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static

from hotspot_tui.domain import clock_utc
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import make_app
from hotspot_tui.tui.modals.help import HelpModal

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


async def _settle(pilot: Any) -> None:
    # the screen's sync work runs in a child process of its own (a second SQLite library
    # must not open the file in the app's process): allow it time to start
    for _ in range(600):
        await pilot.pause(0.05)
        if not any(w.is_running for w in pilot.app.workers) and \
                not any(w.is_running for w in pilot.app.screen.workers):
            break
    await pilot.pause(0.05)


def _text(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def test_sync_and_resolve_a_conflict_from_the_screen(tmp_path: Path) -> None:
    station = build(tmp_path)
    ref = add_patrol(station, "2026-12-11 18:00", "2026-12-12 02:00")
    laptop = checkout(station, tmp_path / "laptop.db")
    must("outcome", ref, "--dispersals", "2", "--confirm", "--db", str(station))
    must("outcome", ref, "--dispersals", "[/] 3".split()[1], "--notes", "crowd [/] moved",
         "--confirm", "--db", str(laptop))

    async def run() -> None:
        app = make_app(open_session(laptop, "PS 7 Shah"))
        async with app.run_test(size=(120, 36)) as pilot:
            await _settle(pilot)
            await pilot.press("ctrl+p")
            await _settle(pilot)
            await pilot.press(*"sync")
            await _settle(pilot)
            palette = app.screen
            assert isinstance(palette, CommandPalette)
            prompts = [str(palette.query_one(CommandList).get_option_at_index(i).prompt)
                       for i in range(palette.query_one(CommandList).option_count)]
            assert any("Sync" in p for p in prompts)
            await pilot.press("enter")
            await _settle(pilot)
            assert type(app.screen).__name__ == "SyncScreen"
            status = _text(app, "#sync-status")
            assert f"Copy of {station.resolve()}" in status and "To send: 1 changes" in status
            await pilot.press("question_mark")
            await _settle(pilot)
            assert isinstance(app.screen, HelpModal) and "Keep hub's" in app.screen.markdown
            await pilot.press("escape")
            await _settle(pilot)
            await pilot.press("s")
            await _settle(pilot)
            await _settle(pilot)
            assert "Conflicts to resolve: 1" in _text(app, "#sync-status")
            detail = _text(app, "#sync-detail")
            assert "dispersals: hub 2 | copy 3" in detail and "crowd [/] moved" in detail
            app.screen.query_one("#sync-reason", Input).value = "laptop's count is right"
            await pilot.press("c")
            await _settle(pilot)
            assert "Conflicts to resolve: 0" in _text(app, "#sync-status")
        app.session.close()

    asyncio.run(run())
    assert sql(laptop, "SELECT dispersals, notes FROM outcomes") == [(3, "crowd [/] moved")]
    assert sql(laptop, "SELECT actor, reason FROM audit_log WHERE action = 'sync.resolve'") == [
        ("PS 7 Shah", "laptop's count is right")]
