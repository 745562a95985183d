"""The roster reads the week after the one shown while that one is looked at, and `]`
shows it at once: the week as the file holds it when `]` is pressed, for the areas shown."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_roster_flows import roster, title
from tui_helpers import drive, rows, settle

from hotspot_tui.services.roster import area_spend, roster_week
from hotspot_tui.services.shifts import ShiftDraft, create_shift
from hotspot_tui.tui.modals.choose import ChooseModal
from hotspot_tui.tui.screens import roster as roster_module

MONDAY = date(2026, 11, 23)


def _patrols(week: Any) -> set[str]:
    return {s.id for cell in week.cells.values() for s in cell}


def _counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The Mondays of the weeks the roster reads from here on."""
    read: list[date] = []

    def counted(session: Any, day: date, **kwargs: Any) -> Any:
        week = roster_week(session, day, **kwargs)
        read.append(week.monday)
        return week

    monkeypatch.setattr(roster_module, "roster_week", counted)
    return read


def _add_patrol(app: Any, day: date) -> str:
    area = rows(app, "SELECT id FROM areas ORDER BY name LIMIT 1")[0][0]
    return create_shift(app.session, ShiftDraft(area, day, time(10), time(14), {"officer": 1}))


def test_next_week_is_shown_as_read_ahead(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async def script(pilot: Any) -> None:
        added = _add_patrol(pilot.app, MONDAY + timedelta(days=8))
        screen = await roster(pilot)
        assert screen.week_ahead is not None
        assert screen.week_ahead.week.monday == MONDAY + timedelta(days=7)
        read = _counting_reads(monkeypatch)
        await pilot.press("right_square_bracket")
        assert screen.week is not None and screen.week.monday == MONDAY + timedelta(days=7)
        assert "Mon 30 Nov" in title(screen) and "1 patrols" in title(screen)
        await settle(pilot)
        assert read == [MONDAY + timedelta(days=14)], "the week shown was not read again"
        fresh = roster_week(pilot.app.session, MONDAY + timedelta(days=7),
                            spend=area_spend(pilot.app.session))
        assert _patrols(screen.week) == _patrols(fresh) == {added}
        assert screen.week.areas == fresh.areas

    drive(demo_db, script)


def test_a_patrol_added_after_the_read_ahead_is_shown(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        screen = await roster(pilot)
        assert screen.week_ahead is not None
        added = _add_patrol(pilot.app, MONDAY + timedelta(days=9))
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.week is not None and screen.week.monday == MONDAY + timedelta(days=7)
        assert added in _patrols(screen.week)

    drive(demo_db, script)


def test_next_week_of_one_district_is_not_the_whole_forces(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        screen = await roster(pilot)
        await pilot.press("f")
        await pilot.pause()
        chooser = pilot.app.screen
        assert isinstance(chooser, ChooseModal)
        chooser.dismiss(next(k for k, label in chooser.options if label == "District: Three Rivers"))
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.week is not None and screen.week.monday == MONDAY + timedelta(days=7)
        assert [a.name for a in screen.week.areas] == ["Rickmansworth", "South Oxhey"]

    drive(demo_db, script)
