"""A patrol's page shows its figures from one read: opened from the roster with them, and
after an assignment or a booking with the figures read alongside the change."""

from __future__ import annotations

import time as clock
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_roster_flows import roster
from test_shift_flows import _first_planned, _under_covered_shift, open_shift
from textual.widgets import DataTable, Static
from tui_helpers import drive, rows, settle, submit

from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.services import shifts as shift_service
from hotspot_tui.tui.modals.book import BookModal
from hotspot_tui.tui.modals.candidates import CandidatePicker
from hotspot_tui.tui.screens import roster as roster_screen
from hotspot_tui.tui.screens.shift import ShiftScreen


class Reads:
    """Counts the patrol reads made by the roster and by the patrol's page."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, delay: float = 0.0) -> None:
        self.count = 0
        real = shift_service.shift_detail

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            clock.sleep(delay)
            return real(*args, **kwargs)

        monkeypatch.setattr(shift_service, "shift_detail", counted)
        monkeypatch.setattr(roster_screen, "shift_detail", counted)


async def _enter_on_a_patrol(pilot: Any) -> str:
    screen = await roster(pilot)
    week = screen.week
    (area_id, day), shifts = next((k, v) for k, v in sorted(week.cells.items(),
                                                              key=lambda kv: (kv[0][1], kv[0][0]))
                                   if len(v) == 1)
    assert isinstance(day, date)
    screen.query_one("#grid", DataTable).move_cursor(
        row=[a.id for a in week.areas].index(area_id), column=day.weekday() + 1)
    await pilot.pause()
    await pilot.press("enter")
    return str(shifts[0].id)


def _shown(page: ShiftScreen) -> list[str]:
    table = page.query_one("#people", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def test_the_roster_opens_a_patrol_with_its_people_shown(demo_db: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    reads = Reads(monkeypatch)

    async def script(pilot: Any) -> None:
        shift_id = await _enter_on_a_patrol(pilot)
        await settle(pilot)
        page = pilot.app.screen
        assert isinstance(page, ShiftScreen) and page.shift_id == shift_id
        assert page.detail is not None
        assert _shown(page) == [p.name for p in page.detail.people]
        assert "Loading" not in str(page.query_one("#shift-title", Static).render())
        assert reads.count == 1  # read by the roster; the page did not read it again

    drive(demo_db, script)


def test_a_slow_read_does_not_hold_the_patrol_page_back(demo_db: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    reads = Reads(monkeypatch, delay=0.6)

    async def script(pilot: Any) -> None:
        app = pilot.app
        shift_id = await _enter_on_a_patrol(pilot)
        await pilot.pause(roster_screen.OPEN_WAIT + 0.2)
        assert isinstance(app.screen, ShiftScreen) and app.screen.shift_id == shift_id
        await pilot.pause(1.5)
        await settle(pilot)
        page = app.screen
        assert isinstance(page, ShiftScreen) and page.detail is not None
        assert sum(isinstance(s, ShiftScreen) for s in app.screen_stack) == 1
        assert _shown(page) == [p.name for p in page.detail.people]
        assert reads.count == 2  # the roster's read came too late; the page read its own

    drive(demo_db, script)


def test_an_assignment_shows_the_new_person_from_one_read(demo_db: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        page = await open_shift(pilot, shift_id)
        before = _shown(page)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CandidatePicker)
        name = picker.shown[0].name
        reads = Reads(monkeypatch)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is page
        assert sorted(_shown(page)) == sorted([*before, name])
        assert any(f"Assigned {name}" in str(n.message) for n in app._notifications)
        assert reads.count == 1

    drive(demo_db, script)


def test_a_booking_shows_the_hours_from_one_read(demo_db: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        page = await open_shift(pilot, shift_id)
        assignment_id, _ = _first_planned(app, shift_id)
        ends = from_utc_text(rows(app, "SELECT end_utc FROM shifts WHERE id = ?", [shift_id])[0][0])
        app.clock = lambda: ends + timedelta(hours=1)
        assert page.detail is not None
        person = next(p for p in page.detail.people if p.assignment_id == assignment_id)
        page.query_one("#people", DataTable).move_cursor(row=page.detail.people.index(person))
        await pilot.press("b")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, BookModal)
        reads = Reads(monkeypatch)
        await submit(pilot, modal, {})
        assert app.screen is page
        assert rows(app, "SELECT status FROM assignments WHERE id = ?", [assignment_id]) == [("worked",)]
        table = page.query_one("#people", DataTable)
        assert str(table.get_row(assignment_id)[3]) == "worked"
        assert any(f"Hours booked for {person.name}" in str(n.message) for n in app._notifications)
        assert reads.count == 1

    drive(demo_db, script)
