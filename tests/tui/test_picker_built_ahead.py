"""While a patrol's page is read, the candidate picker for its first page ranked ahead is
built without being shown, and `a` shows that picker; a picker built from a list that is
no longer current is closed, never shown, and none outlives its page. The picker stays up
while the people picked in it are assigned, and closes once they are (or are refused)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_picker_ranked_ahead import rankings_counted
from test_shift_flows import _under_covered_shift, open_picker, open_shift
from textual.widgets import Static
from tui_helpers import assign_elsewhere, drive, settle

from hotspot_tui.errors import HotspotError
from hotspot_tui.tui import dialog_ahead
from hotspot_tui.tui.modals.candidates import CandidatePicker
from hotspot_tui.tui.screens import shift as shift_screen
from hotspot_tui.tui.sections_ahead import IDLE_S


async def _built(pilot: Any, page: Any) -> CandidatePicker:
    """The picker the page builds once it has been left alone, unshown, with its list."""
    for _ in range(100):
        if page.picker_ahead is not None and page.picker_ahead.shown:
            break
        await pilot.pause(0.05)
    picker = page.picker_ahead
    assert isinstance(picker, CandidatePicker)
    assert picker.is_attached and picker not in pilot.app.screen_stack
    return picker


def test_a_shows_the_picker_built_while_the_page_was_read(demo_db: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shift_id = _under_covered_shift(demo_db)
    rankings = rankings_counted(monkeypatch)

    async def script(pilot: Any) -> None:
        app = pilot.app
        page = await open_shift(pilot, shift_id)
        built = await _built(pilot, page)
        assert page.ranked_ahead is not None
        assert built.shown and built.ranked_from is page.ranked_ahead.found
        assert app.screen is page
        await pilot.press("down")  # the page's keys stay the page's
        assert app.screen is page and built.marked == {}
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is built and page.picker_ahead is None
        assert rankings.count == 1
        await pilot.press("space")
        assert len(built.marked) == 1

    drive(demo_db, script)


def test_a_picker_built_before_a_change_elsewhere_is_closed_not_shown(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        page = await open_shift(pilot, shift_id)
        built = await _built(pilot, page)
        taken = next(c for c in built.shown if c.ranked.can_assign)
        assign_elsewhere(demo_db, shift_id, taken.staff_id)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CandidatePicker) and picker is not built
        assert not built.is_attached
        assert taken.staff_id not in [c.staff_id for c in picker.shown]

    drive(demo_db, script)


def test_no_picker_outlives_its_page(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        page = await open_shift(pilot, shift_id)
        built = await _built(pilot, page)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not page
        assert not built.is_attached and not page.is_attached

    drive(demo_db, script)


def test_a_picker_closed_unused_is_built_again_for_the_next_a(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        page = await open_shift(pilot, shift_id)
        first = await _built(pilot, page)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is first
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is page and not first.is_attached
        second = await _built(pilot, page)
        assert second is not first
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is second

    drive(demo_db, script)


def test_without_textuals_call_the_picker_is_built_when_a_is_pressed(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shift_id = _under_covered_shift(demo_db)
    real = dialog_ahead.build_unshown
    monkeypatch.setattr(dialog_ahead, "build_unshown", lambda app, screen: real(object(), screen))

    async def script(pilot: Any) -> None:
        app = pilot.app
        page = await open_shift(pilot, shift_id)
        await pilot.pause(3 * IDLE_S)
        assert page.ranked_ahead is not None and page.picker_ahead is None
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CandidatePicker)
        assert picker.ranked_from is page.ranked_ahead.found and picker.shown

    drive(demo_db, script)


async def _assign_first_assignable(pilot: Any, shift_id: str) -> tuple[Any, CandidatePicker, Any]:
    """Open the patrol's picker and assign the first person it ranks as assignable: the
    page, the picker and that person."""
    picker = await open_picker(pilot, shift_id)
    page = pilot.app.screen_stack[-2]
    chosen = next(i for i, c in enumerate(picker.shown) if c.ranked.can_assign)
    person = picker.shown[chosen]
    await pilot.press(*(["down"] * chosen), "enter")
    await settle(pilot)
    return page, picker, person


def test_the_picker_stays_up_until_the_people_picked_are_assigned(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page under the picker is shown once, with the change: while the assignment is
    written the picker is still the screen on top."""
    shift_id = _under_covered_shift(demo_db)
    screens_during_write: list[str] = []
    real_assign = shift_screen.assignment_service.assign

    async def script(pilot: Any) -> None:
        app = pilot.app

        def assign(*args: Any, **kwargs: Any) -> Any:
            screens_during_write.append(type(app.screen).__name__)
            return real_assign(*args, **kwargs)

        monkeypatch.setattr(shift_screen.assignment_service, "assign", assign)
        page, picker, person = await _assign_first_assignable(pilot, shift_id)
        assert screens_during_write == ["CandidatePicker"]
        assert app.screen is page and not picker.is_attached
        assert page.detail is not None
        assert person.staff_id in [p.staff_id for p in page.detail.people if p.status == "planned"]

    drive(demo_db, script)


def test_a_refused_assignment_closes_the_picker_and_says_why(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shift_id = _under_covered_shift(demo_db)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise HotspotError("Refused [/] for the test")

    monkeypatch.setattr(shift_screen.assignment_service, "assign", refuse)

    async def script(pilot: Any) -> None:
        page, picker, _ = await _assign_first_assignable(pilot, shift_id)
        assert pilot.app.screen is page and not picker.is_attached
        assert str(page.query_one("#message", Static).content) == "Refused [/] for the test"

    drive(demo_db, script)
