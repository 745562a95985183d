"""The picker checks a first page of the fairest people, more on demand, anyone by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_shift_flows import _under_covered_shift, open_picker
from textual.widgets import Input
from tui_helpers import drive, rows, settle

from hotspot_tui.services.candidates import PICKER_LIMIT


def test_first_page_then_more_then_anyone_by_name(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        picker = await open_picker(pilot, shift_id)
        kind = picker.kind
        assert len(picker.all) == PICKER_LIMIT
        first_page = {c.staff_id for c in picker.all}
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert len(picker.all) == 2 * PICKER_LIMIT
        assert first_page < {c.staff_id for c in picker.all}
        shown = {c.staff_id for c in picker.all}
        outsider = next(
            payroll for staff_id, payroll in rows(
                app, "SELECT id, payroll_number FROM staff WHERE kind = ? AND active = 1 ORDER BY name",
                [kind])
            if staff_id not in shown
        )
        picker.query_one("#filter", Input).value = outsider
        await settle(pilot)
        assert [c.payroll_number for c in picker.shown] == [outsider]

    drive(demo_db, script)
