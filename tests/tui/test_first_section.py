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


def test_opening_sections_keeps_the_styles_and_a_new_theme_restyles_every_screen(
        demo_db: Path, monkeypatch: Any) -> None:
    """A section's screen is styled as it is built: opening one does not read every style
    sheet again; changing the theme (from the command palette) still restyles them all."""
    from textual.css.stylesheet import Stylesheet

    reread: list[int] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reread.append(1)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await settle(pilot)
        before = len(reread)
        for key in ("2", "3", "1", "2"):
            await pilot.press(key)
            await settle(pilot)
        assert len(reread) == before
        roster = app.screen
        dark = roster.styles.background
        app.theme = "textual-light"
        await settle(pilot)
        assert len(reread) > before
        assert roster.styles.background != dark
        await pilot.press("1")
        await settle(pilot)
        assert app.screen.styles.background == roster.styles.background

    drive(demo_db, script, size=(80, 24))


def test_the_footer_follows_the_keys_and_is_not_rebuilt_when_they_stay_the_same(
        demo_db: Path) -> None:
    """Moving between two text fields keeps the same keys, so the same footer; leaving
    the fields for the list changes them (f1 Help goes, ? Help comes back)."""
    from textual.widgets import Input

    from hotspot_tui.tui.footer import KeysFooter

    def keys(footer: KeysFooter) -> list[str]:
        return [str(getattr(k, "key", "")) for k in footer.query("FooterKey")]

    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("4")
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)
        fields = list(app.screen.query("#audit-filters Input").results(Input))
        fields[0].focus()
        await settle(pilot)
        shown = list(footer.children)
        assert "f1" in keys(footer) and "question_mark" not in keys(footer)
        fields[1].focus()
        await settle(pilot)
        assert list(footer.children) == shown
        app.screen.query_one("#audit-list").focus()
        await settle(pilot)
        assert "f1" not in keys(footer) and "question_mark" in keys(footer)

    drive(demo_db, script, size=(120, 30))
