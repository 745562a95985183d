"""The roster shows a week a page of areas at a time: the next areas are read as the
cursor (or the mouse wheel) nears the last one shown, and a week moved to keeps the areas
already read."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_roster_flows import roster, title
from textual import events
from textual.widgets import DataTable, Static
from tui_helpers import drive, settle

from hotspot_tui.services.roster import area_spend, roster_week
from hotspot_tui.tui.modals.choose import ChooseModal
from hotspot_tui.tui.screens import roster as roster_module

MONDAY = date(2026, 11, 23)
PAGE = 8


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roster_module, "AREA_PAGE", PAGE)


def _names(screen: Any) -> list[str]:
    return [a.name for a in screen.week.areas]


def _grid_rows(screen: Any) -> list[str]:
    table = screen.query_one("#grid", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def _shown(names: list[str]) -> list[str]:
    """The names as the grid shows them at 80 columns."""
    return [roster_module._fit(name, 12) for name in names]


def _whole(pilot: Any, monday: date = MONDAY) -> Any:
    return roster_week(pilot.app.session, monday, spend=area_spend(pilot.app.session), count=100)


def test_the_next_areas_come_as_the_cursor_nears_the_last(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        screen = await roster(pilot)
        whole = _whole(pilot)
        names = [a.name for a in whole.areas]
        assert _names(screen) == names[:PAGE]
        assert _grid_rows(screen) == [*_shown(names[:PAGE]), "… 4 more"]
        shown = sum(len(c) for (area, _), c in whole.cells.items()
                    if area in {a.id for a in whole.areas[:PAGE]})
        assert title(screen).endswith(f"· {shown} patrols in 8 of 12 areas")
        await pilot.press(*["down"] * (PAGE - 4))
        await settle(pilot)
        assert len(screen.week.areas) == PAGE, "read before the cursor came near the end"
        await pilot.press("down")
        await settle(pilot)
        assert _names(screen) == names
        assert _grid_rows(screen) == _shown(names)
        assert screen.week.cells == whole.cells
        assert title(screen).endswith(f"· {whole.patrols} patrols")
        table = screen.query_one("#grid", DataTable)
        assert table.cursor_coordinate.row == PAGE - 3, "the cursor stays where it was"
        await pilot.press(*["down"] * 9)
        await settle(pilot)
        assert table.cursor_coordinate.row == 11
        detail = str(screen.query_one("#cell-detail", Static).content)
        assert detail.startswith(f"{names[-1]} (")

    drive(demo_db, script, size=(80, 24))


def test_the_mouse_wheel_reads_the_next_areas(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        screen = await roster(pilot)
        for _ in range(6):
            await pilot._post_mouse_events([events.MouseScrollDown], "#grid", times=10)
            await settle(pilot)
        assert _names(screen) == [a.name for a in _whole(pilot).areas]
        assert screen.query_one("#grid", DataTable).cursor_coordinate.row == 0

    drive(demo_db, script, size=(80, 24))


async def _every_area_read(pilot: Any) -> Any:
    """The roster, the cursor moved down until the last of the demo's areas is read."""
    screen = await roster(pilot)
    await pilot.press(*["down"] * (PAGE - 3))
    await settle(pilot)
    assert len(screen.week.areas) == 12
    return screen


def test_another_week_keeps_the_areas_read(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        screen = await _every_area_read(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "Mon 30 Nov" in title(screen)
        following = _whole(pilot, date(2026, 11, 30))
        assert screen.week.areas == following.areas
        assert screen.week.cells == following.cells
        assert _grid_rows(screen) == _shown([a.name for a in following.areas])

    drive(demo_db, script, size=(80, 24))


def test_a_filter_starts_again_from_its_first_page(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        screen = await _every_area_read(pilot)
        await pilot.press(*["up"] * (PAGE - 3))
        await pilot.press("f")
        await pilot.pause()
        chooser = pilot.app.screen
        assert isinstance(chooser, ChooseModal)
        chooser.dismiss("all")
        await settle(pilot)
        assert len(screen.week.areas) == PAGE
        assert _grid_rows(screen)[-1] == "… 4 more"

    drive(demo_db, script, size=(80, 24))


def test_enter_on_the_more_line_opens_nothing(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        screen = await roster(pilot)
        table = screen.query_one("#grid", DataTable)
        table.move_cursor(row=PAGE)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert len(screen.week.areas) == 12

    drive(demo_db, script, size=(80, 24))
