"""A newcomer's first hour: a refused form keeps what was typed and says what is wrong beside
each field; the section bar names where you are; digits typed into a field stay there;
Escape leaves a field before it closes a dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, Static
from tui_helpers import drive, rows, settle, type_text

from hotspot_tui.tui.modals.form import ValidatedForm
from hotspot_tui.tui.modals.shift_form import ShiftFormModal
from hotspot_tui.tui.screens.report import ReportScreen
from hotspot_tui.tui.screens.roster import RosterScreen
from hotspot_tui.tui.section_bar import SectionBar


def _field_errors(form: Any) -> dict[str, str]:
    return {(e.id or "").removeprefix("e-"): str(e.content)
            for e in form.query(".field-error").results(Static) if e.has_class("shown")}


async def _new_patrol_form(pilot: Any) -> ShiftFormModal:
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ShiftFormModal)
    return form


def _set(form: Any, **values: str) -> None:
    for ident, value in values.items():
        form.query_one(f"#{ident}", Input).value = value


def test_a_break_the_service_refuses_keeps_the_new_patrol_form_open(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        before = rows(app, "SELECT count(*) FROM shifts")
        form = await _new_patrol_form(pilot)
        _set(form, day="2026-12-05", **{"break": "600"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, "the form closed on a refused save"
        assert form.query_one("#day", Input).value == "2026-12-05", "what was typed is kept"
        assert "break must be between" in _field_errors(form)["break"]
        assert app.focused is form.query_one("#break", Input)
        await pilot.pause(0.5)
        assert "break must be between" in form.error_text, "the message stays on screen"
        assert rows(app, "SELECT count(*) FROM shifts") == before

    drive(demo_db, script, size=(80, 24))


def test_a_finish_before_the_start_is_explained_and_nothing_is_lost(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        before = rows(app, "SELECT count(*) FROM shifts")
        form = await _new_patrol_form(pilot)
        _set(form, day="2026-12-05", start="18:00", end="17:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "at most 16 hours" in _field_errors(form)["end"]
        assert rows(app, "SELECT count(*) FROM shifts") == before

    drive(demo_db, script, size=(80, 24))


def test_every_error_is_shown_at_once_beside_its_field_and_the_first_has_the_cursor(
        demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        form = await _new_patrol_form(pilot)
        _set(form, day="someday", start="25:00", officer="99", notes="bad\x1b]0;title\x07")
        await pilot.press("ctrl+s")
        await settle(pilot)
        errors = _field_errors(form)
        assert set(errors) == {"day", "start", "officer", "notes"}, errors
        assert "control character" in errors["notes"]
        assert app.focused is form.query_one("#day", Input)
        assert "4 fields need fixing" in form.error_text
        # changing a field clears what was said about it, and only that
        form.query_one("#start", Input).value = "18:00"
        await pilot.pause()
        assert set(_field_errors(form)) == {"day", "officer", "notes"}

    drive(demo_db, script, size=(80, 24))


def test_the_patrol_edit_form_stays_open_when_the_service_refuses(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        from tui_helpers import rows as read

        app = pilot.app
        shift_id = read(app, "SELECT id FROM shifts WHERE status = 'planned' AND "
                             "local_date = '2026-11-27' ORDER BY id LIMIT 1")[0][0]
        from hotspot_tui.tui.screens.shift import ShiftScreen

        await pilot.press("2")
        await settle(pilot)
        app.push_screen(ShiftScreen(shift_id))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ShiftFormModal)
        _set(form, **{"break": "600"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "break must be between" in form.error_text

    drive(demo_db, script, size=(80, 24))


def test_the_section_bar_names_where_you_are_and_its_keys(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        for key, title in (("1", "Dashboard"), ("2", "Roster"), ("6", "Report"), ("4", "Audit")):
            await pilot.press("escape")  # out of any field first
            await pilot.press(key)
            await settle(pilot)
            bar = app.screen.query_one(SectionBar)
            text = bar.text
            assert f" {key} {title} " in text, text
            for other in ("1 Dash", "2 Ros", "3 Staff", "7 Pay", "9 Hot"):
                assert other in text, text
            assert bar.region.y == 1 and bar.region.height == 1

    drive(demo_db, script, size=(80, 24))


def test_digits_typed_on_the_report_go_into_its_date_not_to_other_sections(
        demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        await type_text(pilot, "11/12/2026")
        await settle(pilot)
        assert app.screen is screen and app.current_mode == "report"
        assert screen.query_one("#from", Input).value == "11/12/2026"
        # Escape leaves the field: now the section keys work
        await pilot.press("escape")
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)

    drive(demo_db, script, size=(80, 24))


def test_escape_leaves_a_field_then_closes_the_dialog(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        form = await _new_patrol_form(pilot)
        form.query_one("#day", Input).focus()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form and not isinstance(app.focused, Input)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)

    drive(demo_db, script, size=(80, 24))


def test_the_forms_buttons_stay_in_view_after_errors_at_60x20(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ValidatedForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.error_text
        for ident in ("#save", "#cancel"):
            button = form.query_one(ident)
            region = button.region
            assert region.height > 0 and region.bottom <= 20 and region.right <= 60, (ident, region)

    drive(demo_db, script, size=(60, 20))
