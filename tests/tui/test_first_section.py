"""The dashboard, the app's first screen, is a section like the others: its key and its
palette command return to it, the same screen, after another section has been opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_helpers import drive, settle

from hotspot_tui.tui.screens.dashboard import DashboardScreen


def test_the_dashboard_key_returns_to_the_first_screen(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        first = app.screen
        assert isinstance(first, DashboardScreen) and app.current_mode == "dashboard"
        for key in ("2", "1", "7", "1"):
            await pilot.press(key)
            await settle(pilot)
        assert app.current_mode == "dashboard" and app.screen is first
        assert first.data is not None

    drive(demo_db, script, size=(80, 24))
