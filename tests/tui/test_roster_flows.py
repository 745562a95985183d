"""The roster week grid driven by keys: weeks, dates, filters, new patrols, patterns."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static
from tui_helpers import audit_rows, drive, rows, settle, submit, type_text

from hotspot_tui.tui.modals.choose import ChooseModal
from hotspot_tui.tui.modals.goto_date import GotoDateModal
from hotspot_tui.tui.modals.pattern import PatternModal
from hotspot_tui.tui.modals.shift_form import ShiftFormModal
from hotspot_tui.tui.screens.roster import RosterScreen
from hotspot_tui.tui.screens.shift import ShiftScreen


async def roster(pilot: Any) -> RosterScreen:
    pilot.app.switch_mode("roster")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RosterScreen)
    return screen


def title(screen: RosterScreen) -> str:
    return str(screen.query_one("#week-title", Static).content)


def test_week_navigation_and_goto(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        screen = await roster(pilot)
        assert title(screen).startswith("Week of Mon 23 Nov – Sun 29 Nov 2026")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "Mon 30 Nov" in title(screen)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert "Mon 16 Nov" in title(screen)
        await pilot.press("t")
        await settle(pilot)
        assert "Mon 23 Nov" in title(screen)
        await pilot.press("g")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, GotoDateModal)
        await type_text(pilot, "blursday")
        await pilot.press("enter")
        await pilot.pause()
        assert "not a date" in modal.error_text
        await submit(pilot, modal, {"when": "5 dec"}, key="enter")
        assert "Mon 30 Nov – Sun 06 Dec" in title(screen)
        assert screen.query_one("#grid", DataTable).cursor_coordinate.column == 6  # Saturday

    drive(demo_db, script)


def test_grid_comes_from_one_week_query_and_filters(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        screen = await roster(pilot)
        week = screen.week
        assert week is not None and len(week.areas) == 12
        count = rows(pilot.app, "SELECT count(*) FROM shifts WHERE local_date BETWEEN "
                                "'2026-11-23' AND '2026-11-29'")[0][0]
        assert sum(len(c) for c in week.cells.values()) == count
        await pilot.press("f")
        await pilot.pause()
        chooser = pilot.app.screen
        assert isinstance(chooser, ChooseModal)
        option = next(k for k, label in chooser.options if label == "District: Three Rivers")
        chooser.dismiss(option)
        await settle(pilot)
        assert [a.name for a in screen.week.areas] == ["Rickmansworth", "South Oxhey"]
        assert "Three Rivers district" in title(screen)

    drive(demo_db, script)


def test_new_patrol_in_the_selected_cell(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        screen = await roster(pilot)
        names = [a.name for a in screen.week.areas]
        table = screen.query_one("#grid", DataTable)
        table.move_cursor(row=names.index("Hemel Hempstead"), column=1)  # Monday 23 Nov
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ShiftFormModal)
        await submit(pilot, form, {"day": "next mon", "officer": "-1"})
        assert "Officers must be a whole number" in form.error_text
        before = rows(app, "SELECT count(*) FROM shifts")[0][0]
        assert before == rows(app, "SELECT count(*) FROM shifts")[0][0]
        await submit(pilot, form, {"officer": "2"})
        assert isinstance(app.screen, ShiftScreen)
        made = rows(app, "SELECT id, local_date, need_officer, need_pcso, start_utc, end_utc FROM shifts "
                         "WHERE area_id = (SELECT id FROM areas WHERE name = 'Hemel Hempstead') "
                         "AND local_date = '2026-11-30'")
        assert len(made) == 1
        assert made[0][1:] == ("2026-11-30", 2, 1, "2026-11-30T18:00:00Z", "2026-12-01T02:00:00Z")
        assert audit_rows(app, "shift.create")[-1][1] == made[0][0]
        await pilot.press("escape")
        await settle(pilot)
        assert "Mon 30 Nov" in title(screen)

    drive(demo_db, script)


PATTERN = ("every Fri and Sat 18:00-02:00 in Hemel Hempstead from 2026-12-01 until 2026-12-31, "
           "need 2 officers and 1 PCSO")


def test_recurring_pattern_previews_then_saves_all(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        await roster(pilot)
        before = rows(app, "SELECT count(*) FROM shifts")[0][0]
        await pilot.press("p")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, PatternModal)
        nowhere = "every Fri 18:00-02:00 in Nowhere until 31 dec, need 1 officer"
        await submit(pilot, modal, {"pattern": nowhere}, key="enter")
        assert "no area called" in modal.error_text
        await submit(pilot, modal, {"pattern": PATTERN}, key="enter")
        preview = str(modal.query_one("#preview", Static).content)
        assert preview.startswith("8 patrols: every Fri, Sat 18:00-02:00 in Hemel Hempstead")
        assert "Fri 04 Dec 2026" in preview and "Sat 26 Dec 2026" in preview
        assert rows(app, "SELECT count(*) FROM shifts")[0][0] == before
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, PatternModal)
        pattern_id, rule = rows(app, "SELECT id, rrule FROM patterns")[0]
        assert rule == "DTSTART:20261201T000000\nRRULE:FREQ=WEEKLY;UNTIL=20261231T000000;BYDAY=FR,SA"
        made = rows(app, "SELECT local_date, need_officer, need_pcso FROM shifts WHERE pattern_id = ? "
                         "ORDER BY local_date", [pattern_id])
        assert len(made) == 8 and made[0] == ("2026-12-04", 2, 1) and made[-1][0] == "2026-12-26"
        assert rows(app, "SELECT count(*) FROM shifts")[0][0] == before + 8
        assert audit_rows(app, "pattern.create")[-1][1] == pattern_id

    drive(demo_db, script)


def test_pattern_that_clashes_writes_nothing(demo_db: Path) -> None:
    clash = "every Fri and Sat 18:00-02:00 in Watford until 2026-12-31, need 2 officers"

    async def script(pilot: Any) -> None:
        app = pilot.app
        await roster(pilot)
        busy = rows(app, "SELECT count(*) FROM shifts s JOIN areas a ON a.id = s.area_id "
                         "WHERE a.name = 'Watford' AND s.local_date >= '2026-11-27'")[0][0]
        before = rows(app, "SELECT count(*) FROM shifts")[0][0]
        await pilot.press("p")
        await pilot.pause()
        modal = app.screen
        await submit(pilot, modal, {"pattern": clash}, key="enter")
        if busy:
            assert "clash" in modal.error_text
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PatternModal)
            assert rows(app, "SELECT count(*) FROM shifts")[0][0] == before
            assert rows(app, "SELECT count(*) FROM patterns")[0][0] == 0

    drive(demo_db, script)


def test_enter_opens_the_patrol(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        screen = await roster(pilot)
        week = screen.week
        (area_id, day), shifts = next((k, v) for k, v in sorted(week.cells.items(),
                                                                  key=lambda kv: (kv[0][1], kv[0][0]))
                                       if len(v) == 1)
        table = screen.query_one("#grid", DataTable)
        table.move_cursor(row=[a.id for a in week.areas].index(area_id), column=day.weekday() + 1)
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ShiftScreen) and app.screen.shift_id == shifts[0].id
        assert isinstance(day, date)

    drive(demo_db, script)
