"""The night the clocks go back, in the app: the booking and patrol forms show which 01:30 is
meant, what they show saves back unchanged, and a time that happens twice or not at all is
refused inline with the reason."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from textual.widgets import Input, Static
from tui_helpers import drive, rows, settle, submit

from hotspot_tui.cli import cli
from hotspot_tui.services.assignments import AssignOptions, assign
from hotspot_tui.services.session import open_session
from hotspot_tui.services.shifts import ShiftDraft, create_shift
from hotspot_tui.services.staff import people_by_payroll_number
from hotspot_tui.tui.modals.book import BookModal
from hotspot_tui.tui.modals.shift_form import ShiftFormModal
from hotspot_tui.tui.screens.shift import ShiftScreen


def _operation(tmp_path: Path) -> tuple[Path, str]:
    """A new file with one CEO on a patrol of 24 Oct 2026 18:00 to the second 01:30."""
    db = tmp_path / "station.db"
    csv = tmp_path / "staff.csv"
    csv.write_text("Payroll number,Name,Kind,Employer\nWBC001,Ann Able,CEO,Watford Borough Council\n")
    for args in (["db", "init"],
                 ["area", "add", "Watford", "--district", "Watford", "--cost-code", "HAF-WA-WAT"],
                 ["employer", "add", "Watford Borough Council", "--weekday", "30", "--weekend", "36",
                  "--holiday", "45"],
                 ["import", "staff", str(csv)]):
        result = CliRunner().invoke(cli, [*args, "--db", str(db)])
        assert result.exit_code == 0, result.output
    session = open_session(db, "PS Tester")
    try:
        with session.reading() as reading:
            area_id = reading.execute("SELECT id FROM areas").fetchone()[0]
        shift_id = create_shift(session, ShiftDraft(
            area_id, date(2026, 10, 24), time(18, 0), time(1, 30), {"ceo": 1}, end_zone="GMT"))
        [(staff_id, _)] = people_by_payroll_number(session, ["WBC001"])
        assign(session, shift_id, [staff_id], AssignOptions())
    finally:
        session.close()
    return db, shift_id


async def _open(pilot: Any, shift_id: str, key: str, form: type) -> Any:
    pilot.app.push_screen(ShiftScreen(shift_id))
    await settle(pilot)
    title = str(pilot.app.screen.query_one("#shift-title", Static).content)
    assert "Sat 24 Oct 2026 18:00-01:30 GMT" in title
    await pilot.press(key)
    await pilot.pause()
    modal = pilot.app.screen
    assert isinstance(modal, form)
    return modal


def test_booking_the_second_0130_as_shown_saves_510_minutes(tmp_path: Path) -> None:
    db, shift_id = _operation(tmp_path)

    async def script(pilot: Any) -> None:
        app = pilot.app
        modal = await _open(pilot, shift_id, "b", BookModal)
        assert modal.query_one("#on", Input).value == "2026-10-24 18:00"
        assert modal.query_one("#off", Input).value == "2026-10-25 01:30 GMT"
        await submit(pilot, modal, {"off": "2026-10-25 01:30"})
        assert "happens twice" in modal.error_text and "01:30 GMT for the second" in modal.error_text
        await submit(pilot, modal, {"off": "2026-10-25 01:30 GMT"})
        assert not isinstance(app.screen, BookModal)
        assert rows(app, "SELECT worked_minutes, actual_end_utc FROM assignments") == [
            (510, "2026-10-25T01:30:00Z")]

    drive(db, script)


def test_the_patrol_form_shows_and_keeps_the_second_0130(tmp_path: Path) -> None:
    db, shift_id = _operation(tmp_path)

    async def script(pilot: Any) -> None:
        app = pilot.app
        modal = await _open(pilot, shift_id, "e", ShiftFormModal)
        assert modal.query_one("#end", Input).value == "01:30 GMT"
        await submit(pilot, modal, {"end": "01:30"})
        assert "happens twice" in modal.error_text
        await submit(pilot, modal, {"end": "01:30 BST"})
        assert rows(app, "SELECT end_utc FROM shifts") == [("2026-10-25T00:30:00Z",)]
        assert isinstance(app.screen, ShiftScreen)
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ShiftFormModal)
        assert modal.query_one("#end", Input).value == "01:30 BST"
        await submit(pilot, modal, {"day": "2027-03-27", "end": "01:30"})
        assert "does not exist" in modal.error_text and "clocks go forward" in modal.error_text
        await submit(pilot, modal, {"day": "2026-10-24", "end": "01:30 GMT"})
        assert rows(app, "SELECT end_utc FROM shifts") == [("2026-10-25T01:30:00Z",)]

    drive(db, script)

