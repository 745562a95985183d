"""The top line of every screen names the open file and who is working; a click on it
opens the command palette."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandPalette
from tui_helpers import drive, settle

from hotspot_tui.tui.title_bar import TitleBar


def test_title_bar_names_the_file_and_opens_the_palette_on_a_click(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        for key in ("1", "2", "3"):
            await pilot.press(key)
            await settle(pilot)
            bar = app.screen.query_one(TitleBar)
            assert str(bar.render()) == f"hotspot-tui — {demo_db.name} · PS Tester"
        app.sub_title = "demo data as on Wed 25 Nov 2026 · PS Tester"
        await settle(pilot)
        assert "demo data as on" in str(app.screen.query_one(TitleBar).render())
        await pilot.click(TitleBar)
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)

    drive(demo_db, script, size=(80, 24))
