"""Every section: the footer's keys are explained by `?`, and the palette reaches the
sections and the screen's own actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets._footer import FooterKey
from tui_helpers import drive, settle

from hotspot_tui.tui.commands import screen_bindings
from hotspot_tui.tui.modals.help import HelpModal
from hotspot_tui.tui.navigation import available_sections


async def _palette_prompts(pilot: Any) -> list[str]:
    await pilot.press("ctrl+p")
    await settle(pilot)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    options = palette.query_one(CommandList)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press("escape")
    await settle(pilot)
    return prompts


@pytest.mark.parametrize("section", available_sections(), ids=lambda s: s.mode)
def test_section_footer_help_and_palette(demo_db: Path, section: Any) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press(section.key)
        await settle(pilot)
        screen = app.screen
        assert app.current_mode == section.mode
        footer = [(k.key, k.key_display, k.description) for k in screen.query(FooterKey)]
        own = [b.description for b in screen_bindings(screen)]
        assert footer, f"{section.title}: the footer shows no keys"

        # `?` opens help; while a text field has the cursor (the Report starts in its first
        # date) `?` is typed, and the footer offers f1 instead.
        keys = {k for k, _, _ in footer}
        await pilot.press("question_mark" if "question_mark" in keys else "f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)
        text = app.screen.markdown
        assert len(text.split("## Keys")[0].strip().splitlines()) >= 3, "help says what the screen is for"
        for key, display, description in footer:
            assert description in text, f"{section.title}: help does not explain {description!r}"
            assert f"`{display}`" in text or f"`{key}`" in text, (
                f"{section.title}: help does not show the key for {description!r}")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen

        prompts = await _palette_prompts(pilot)
        assert any(p.startswith("Go to Roster") for p in prompts)
        if own:
            assert any(p.startswith(d) for p in prompts for d in own), (
                f"{section.title}: the palette offers none of {own}")
        assert app.screen is screen

    drive(demo_db, script, size=(160, 48))


def test_palette_on_a_form_offers_the_forms_own_actions(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert type(form).__name__ == "StaffForm"
        prompts = await _palette_prompts(pilot)
        assert "Cancel (esc)" in prompts or "Cancel (escape)" in prompts, prompts
        assert pilot.app.screen is form

    drive(demo_db, script, size=(160, 48))


@pytest.mark.parametrize("section", available_sections(), ids=lambda s: s.mode)
def test_help_key_is_in_view_on_an_80_column_terminal(demo_db: Path, section: Any) -> None:
    async def script(pilot: Any) -> None:
        await pilot.press(section.key)
        await settle(pilot)
        keys = {k.key: k for k in pilot.app.screen.query(FooterKey)}
        assert "question_mark" in keys or "f1" in keys, f"{section.title}: no help key in the footer"
        help_key = keys.get("question_mark") or keys["f1"]
        region = help_key.region
        assert region.width > 0 and region.right <= 80, (
            f"{section.title}: the ? key is cut off the footer at 80 columns ({region})")
        on_top, _ = pilot.app.screen.get_widget_at(region.right - 1, region.y)
        assert on_top is help_key, f"{section.title}: the ? key is hidden under {on_top}"

    drive(demo_db, script, size=(80, 24))
