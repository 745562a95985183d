"""The dashboard by keyboard on a small terminal: up and down move through the areas from
the first frame, the page follows the chosen area below the screen's edge and goes back
to its top at the first, and enter opens the chosen area's "did it work"."""

from __future__ import annotations

from pathlib import Path

from app_settle import settle
from textual.containers import VerticalScroll

from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import make_app
from hotspot_tui.tui.screens.area import AreaScreen
from hotspot_tui.tui.screens.dashboard import DashboardScreen
from tests.police.street_files import station


def _row_on_screen(screen: DashboardScreen) -> bool:
    """Whether the area table's cursor row is inside the page's visible part."""
    table = screen._table
    body = screen.query_one("#body", VerticalScroll)
    y = table.region.y + table.header_height + table.cursor_row - round(table.scroll_y)
    return body.region.y <= y < body.region.bottom


async def test_the_areas_are_walked_by_keyboard_on_a_small_terminal(tmp_path: Path) -> None:
    db = station(tmp_path)
    app = make_app(open_session(db, "PS Tester"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        table = screen._table
        body = screen.query_one("#body", VerticalScroll)
        assert app.focused is table and body.scroll_y == 0, "the first screen shows the page's top"
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert len(names) == 12
        await pilot.press("down")
        await settle(pilot)
        assert table.cursor_row == 1 and body.scroll_y == 0
        for _ in range(10):
            await pilot.press("down")
        await settle(pilot)
        assert table.cursor_row == 11
        assert body.scroll_y > 0 and _row_on_screen(screen), "the page follows the area chosen"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AreaScreen) and app.screen.area_name == names[11]
        await pilot.press("escape")
        await settle(pilot)
        for _ in range(11):
            await pilot.press("up")
        await settle(pilot)
        assert table.cursor_row == 0 and body.scroll_y == 0, "back at the first area, the page's top"


async def test_the_dashboard_follows_the_terminal_as_it_is_resized(tmp_path: Path) -> None:
    """Wide: the table and chart side by side, every section named in full; narrower: the
    chart under the table and the section names shortened; narrowest: the summary's short
    headings. Each as the size changes, and back."""
    from textual.widgets import Static

    from hotspot_tui.tui.section_bar import SectionBar

    db = station(tmp_path)
    app = make_app(open_session(db, "PS Tester"))

    def looks(screen: DashboardScreen) -> tuple[bool, bool, bool, bool]:
        chart = screen.query_one("#chart")
        bar = screen.query_one(SectionBar).text
        summary = str(screen.query_one("#summary", Static).content)
        return (screen.has_class("wide"), chart.region.x > screen._table.region.x,
                "2 Roster" in bar, "Other spend" in summary)

    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert looks(screen) == (True, True, True, True)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert looks(screen) == (False, False, False, True)
        await pilot.resize_terminal(60, 24)
        await settle(pilot)
        assert looks(screen) == (False, False, False, False)
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert looks(screen) == (True, True, True, True)
