"""Assigning records the pay facts a supervisor gives: told date, rest day, casual."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from test_shift_flows import _under_covered_shift, open_picker, open_shift
from textual.widgets import Checkbox, Input
from tui_helpers import drive, rows, settle

from hotspot_tui.services.costing import lines_for_assignment
from hotspot_tui.tui.screens.shift import ShiftScreen


def test_assign_on_a_rest_day_told_yesterday_is_paid_at_the_rest_day_rate(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        picker = await open_picker(pilot, shift_id)
        assert picker.query_one("#told", Input).value == "today"
        first = next(c for c in picker.shown if c.ranked.eligible and not c.ranked.has_errors)
        picker.query_one("#told", Input).value = "yesterday"
        await pilot.click("#rest_day")
        await settle(pilot)
        assert picker.query_one("#rest_day", Checkbox).value is True
        picker.query_one("#filter", Input).value = first.payroll_number
        await settle(pilot)
        assert [c.staff_id for c in picker.shown] == [first.staff_id]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ShiftScreen)
        [(assignment_id, told_on, rest_day, casual, cost)] = rows(
            app, "SELECT id, told_on, rest_day, casual, cost_pence FROM assignments "
                 "WHERE shift_id = ? AND staff_id = ? AND status = 'planned'",
            [shift_id, first.staff_id])
        assert (told_on, rest_day, casual) == ("2026-11-24", 1, 0)
        with app.session.reading() as db:
            lines = lines_for_assignment(db, assignment_id)
        assert lines and cost == sum(line["amount_pence"] for line in lines) > 0
        assert Fraction(3, 2) in {line["multiplier"] for line in lines}

    drive(demo_db, script)


def test_a_told_date_in_the_future_is_refused_inline(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, shift_id)
        before = rows(app, "SELECT count(*) FROM assignments WHERE shift_id = ?", [shift_id])
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        picker.query_one("#told", Input).value = "next fri"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is picker
        assert "future" in picker.error_text
        assert rows(app, "SELECT count(*) FROM assignments WHERE shift_id = ?", [shift_id]) == before

    drive(demo_db, script)


def test_a_bare_weekday_means_the_one_just_gone(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        await open_shift(pilot, shift_id)
        await pilot.press("a")
        await settle(pilot)
        picker = pilot.app.screen
        picker.query_one("#told", Input).value = "mon"  # today is Wed 25 Nov 2026
        await settle(pilot)
        assert str(picker.query_one("#told-day").content) == "Mon 23 Nov"

    drive(demo_db, script)
