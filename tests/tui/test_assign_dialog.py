"""The assign dialog keeps what was marked: marks of every kind are kept when the kind
changes and are assigned together; the cursor starts in the list; someone on duty elsewhere
at the time is shown as not possible, with no reason box offered."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from textual.widgets import DataTable
from tui_helpers import drive, rows, settle, type_text

from hotspot_tui.services.assignments import AssignOptions, assign
from hotspot_tui.services.session import open_session
from hotspot_tui.services.shifts import ShiftDraft, create_shift
from hotspot_tui.tui.modals.candidates import CandidatePicker
from hotspot_tui.tui.modals.reason import ReasonModal
from hotspot_tui.tui.screens.shift import ShiftScreen


def _two_patrols(db: Path) -> tuple[str, str, str]:
    """A Friday-night patrol needing every kind, another at the same time elsewhere, and
    an officer already on that other one."""
    session = open_session(db, "PS Tester")
    try:
        areas = [r[0] for r in session.db.execute("SELECT id FROM areas ORDER BY name LIMIT 2")]
        main = create_shift(session, ShiftDraft(areas[0], date(2026, 12, 4), time(18), time(2),
                                                {"officer": 2, "pcso": 1, "ceo": 1}))
        other = create_shift(session, ShiftDraft(areas[1], date(2026, 12, 4), time(20),
                                                 time(23), {"officer": 1}))
        busy = session.db.execute(
            "SELECT id FROM staff WHERE kind = 'officer' AND active = 1 ORDER BY payroll_number "
            "LIMIT 1").fetchone()[0]
        assign(session, other, [busy], AssignOptions())
    finally:
        session.close()
    return main, other, busy


async def _open_picker(pilot: Any, shift_id: str) -> CandidatePicker:
    await pilot.press("2")
    await settle(pilot)
    pilot.app.push_screen(ShiftScreen(shift_id))
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, CandidatePicker)
    return picker


def test_marks_of_every_kind_are_kept_and_assigned_together(demo_db: Path) -> None:
    main, _, _ = _two_patrols(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        picker = await _open_picker(pilot, main)
        assert picker.kind == "officer"
        assert app.focused is picker.query_one("#candidates", DataTable), "cursor in the list"
        await pilot.press("space", "down", "space")          # two officers
        officers = set(picker.marked)
        assert len(officers) == 2
        assert await pilot.click("#kind", offset=(len(" Officers   P"), 0))  # a click on "PCSOs"
        await settle(pilot)
        assert picker.kind == "pcso"
        picker.query_one("#candidates", DataTable).focus()
        await pilot.press("space")                           # a PCSO
        await pilot.press("ctrl+n")                          # the next kind, from the keyboard
        await settle(pilot)
        assert picker.kind == "ceo"
        await pilot.press("space")                           # a council officer
        assert len(picker.marked) == 4 and officers <= set(picker.marked)
        assert "2 officers, 1 PCSO, 1 council officer" in str(picker.query_one("#marked").content)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ShiftScreen)
        kinds = sorted(r[0] for r in rows(
            app, "SELECT st.kind FROM assignments a JOIN staff st ON st.id = a.staff_id "
                 "WHERE a.shift_id = ? AND a.status = 'planned'", [main]))
        assert kinds == ["ceo", "officer", "officer", "pcso"]

    drive(demo_db, script, size=(160, 48))


def test_space_marks_and_typing_filters_from_the_list(demo_db: Path) -> None:
    main, _, _ = _two_patrols(demo_db)

    async def script(pilot: Any) -> None:
        picker = await _open_picker(pilot, main)
        first = picker.shown[0]
        await pilot.press("space")
        assert picker.query_one("#filter").value == ""
        assert first.staff_id in picker.marked
        await type_text(pilot, first.payroll_number)
        await settle(pilot)
        assert picker.query_one("#filter").value == first.payroll_number
        assert [c.staff_id for c in picker.shown] == [first.staff_id]

    drive(demo_db, script, size=(160, 48))


def test_a_double_booking_is_shown_as_not_possible_with_no_reason_box(demo_db: Path) -> None:
    main, _, busy = _two_patrols(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        picker = await _open_picker(pilot, main)
        payroll = rows(app, "SELECT payroll_number FROM staff WHERE id = ?", [busy])[0][0]
        await type_text(pilot, payroll)  # typed in the list: it filters
        await settle(pilot)
        found = next(c for c in picker.shown if c.staff_id == busy)
        assert found.verdict == "not possible"
        assert "another duty" in found.ranked.reasons[0]
        picker.query_one("#candidates", DataTable).focus()
        await pilot.press("space")
        assert busy not in picker.marked
        assert "cannot be assigned" in picker.error_text
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is picker and not isinstance(app.screen, ReasonModal)
        assert rows(app, "SELECT count(*) FROM assignments WHERE shift_id = ? AND staff_id = ?",
                    [main, busy]) == [(0,)]

    drive(demo_db, script, size=(160, 48))


def test_the_assign_dialog_fits_60x20_with_its_verdicts(demo_db: Path) -> None:
    main, _, _ = _two_patrols(demo_db)

    async def script(pilot: Any) -> None:
        picker = await _open_picker(pilot, main)
        table = picker.query_one("#candidates", DataTable)
        verdict = table.ordered_columns[3]
        assert str(verdict.label) == "Verdict"
        x = sum(c.get_render_width(table) for c in table.ordered_columns[:4])
        assert table.region.x + x <= 60
        for ident in ("#rest_day", "#casual", "#told"):
            region = picker.query_one(ident).region
            assert region.height > 0 and region.right <= 60 and region.bottom <= 20, (ident, region)

    drive(demo_db, script, size=(60, 20))
