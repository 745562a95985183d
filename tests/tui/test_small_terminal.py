"""At 60x20 the Budget, Payroll and Settings screens draw, every key of theirs is in the
footer, whole and clear of the others, with `? Help`; and what each screen is for stays in
view: both budget tables with each spend line's amount, the periods, each setting's value."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable
from tui_helpers import drive, settle

from hotspot_tui.tui.footer import KeysFooter

WIDTH, HEIGHT = 60, 20
SCREENS = {"5": "BudgetScreen", "7": "PayrollScreen", "8": "SettingsScreen"}


def _columns_shown(table: DataTable[Any], count: int) -> bool:
    """Whether the first `count` columns fit in the table's width, unscrolled."""
    widths = [c.get_render_width(table) for c in list(table.columns.values())[:count]]
    return sum(widths) <= table.scrollable_content_region.width


def _footer_keys(screen: Any) -> list[Any]:
    footer = screen.query_one(KeysFooter)
    return sorted((w for w in footer.query("*") if hasattr(w, "action")), key=lambda w: w.region.x)


@pytest.mark.parametrize("key", list(SCREENS), ids=list(SCREENS.values()))
def test_the_screen_fits_60x20_with_its_keys_in_the_footer(demo_db: Path, key: str) -> None:
    async def script(pilot: Any) -> None:
        await pilot.press(key)
        await settle(pilot)
        screen = pilot.app.screen
        assert type(screen).__name__ == SCREENS[key]
        keys = _footer_keys(screen)
        actions = {k.action for k in keys}
        own = {b.action for b in type(screen).BINDINGS if b.show}
        assert own <= actions and "help" in actions, (own - actions, actions)
        for k in keys:
            region = k.region
            assert region.y == HEIGHT - 1 and region.x >= 0 and region.right <= WIDTH, (k.action, region)
            assert region.width >= len(k.key_display) + len(k.description), (k.action, region)
        for left, right in pairwise(keys):
            assert left.region.right <= right.region.x, (left.action, right.action)

        if key == "5":
            for table_id in ("#allocations", "#spend"):
                table = screen.query_one(table_id, DataTable)
                assert table.region.height >= 3 and table.region.bottom <= HEIGHT - 1, table_id
            assert _columns_shown(screen.query_one("#spend", DataTable), 4), "the amount is in view"
        elif key == "7":
            table = screen.query_one("#periods", DataTable)
            assert table.row_count and table.region.height >= 5
            assert _columns_shown(table, 4), "period, dates, status and worked are in view"
        else:
            table = screen.query_one("#settings", DataTable)
            assert table.region.height >= 5
            assert _columns_shown(table, 3), "name, value in force and since are in view"
            assert screen.query_one("#detail").region.bottom <= HEIGHT - 1

    drive(demo_db, script, size=(WIDTH, HEIGHT))


def test_help_stays_in_the_footer_when_the_screens_keys_do_not_all_fit(demo_db: Path) -> None:
    """The roster has more keys than 60 columns hold: `? Help` keeps the right-hand end."""
    async def script(pilot: Any) -> None:
        await pilot.press("2")
        await settle(pilot)
        help_key = next(k for k in _footer_keys(pilot.app.screen) if k.action == "help")
        assert help_key.region.right == WIDTH and help_key.region.y == HEIGHT - 1
        assert "quit" not in {k.action for k in _footer_keys(pilot.app.screen)}  # ctrl+q still quits

    drive(demo_db, script, size=(WIDTH, HEIGHT))
