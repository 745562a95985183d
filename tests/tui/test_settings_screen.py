"""The Settings section: every setting with its value in force and history; a change asks
for value, date and reason, refuses bad ones beside their fields with the form kept open,
shows the patrols it recosts, and only then saves."""

from __future__ import annotations

from datetime import date

import pytest
from app_settle import settle
from rich.text import Text
from textual.widgets import DataTable, Input, Static

from hotspot_tui.domain.settings import SETTINGS
from hotspot_tui.services.settings import change_setting
from hotspot_tui.tui.modals.setting_form import SettingForm
from hotspot_tui.tui.screens.settings import SettingsScreen

SIZES = [(80, 24), (160, 48)]
KEY = "officer.rest_day_multiplier"


async def _open_settings(pilot) -> SettingsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("8")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def _choose(pilot, screen: SettingsScreen, key: str) -> None:  # type: ignore[no-untyped-def]
    table = screen.query_one("#settings", DataTable)
    row = next(i for i, k in enumerate(table.rows) if k.value == key)
    table.move_cursor(row=row)
    await settle(pilot)


async def _fill(pilot, form: SettingForm, value: str, effective: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    for field, text in (("value", value), ("effective", effective), ("reason", reason)):
        form.query_one(f"#f-{field}", Input).value = text
    await pilot.press("ctrl+s")
    await settle(pilot)


def _error(form: SettingForm, field: str) -> str:
    error = form.query_one(f"#e-{field}", Static)
    return str(error.content) if error.has_class("shown") else ""


def _state(app) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    with app.session.reading() as db:
        return (db.execute("SELECT * FROM setting_values").fetchall(),
                db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
                db.execute("SELECT id, cost_pence FROM assignments ORDER BY id").fetchall())


async def test_every_setting_is_listed_with_its_value_and_history(app) -> None:  # type: ignore[no-untyped-def]
    change_setting(app.session, KEY, "2", date(2026, 11, 1), "Force agreement [/] 2026")
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open_settings(pilot)
        table = screen.query_one("#settings", DataTable)
        keys = {k.value for k in table.rows}
        assert set(SETTINGS) <= keys
        await _choose(pilot, screen, KEY)
        row = table.get_row(KEY)
        assert (str(row[1]), str(row[2])) == ("2", "01 Nov 2026")
        detail = screen.query_one("#detail", Static).content
        assert isinstance(detail, Text)
        assert "from 01 Nov 2026: 2" in detail.plain
        assert "Force agreement [/] 2026" in detail.plain and "PS Tester" in detail.plain

        await pilot.press("o")  # as on a date before the change: the default, and what comes
        await settle(pilot)
        pilot.app.screen.query_one("#f-on", Input).value = "2026-10-15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = table.get_row(KEY)
        assert (str(row[1]), str(row[2]), str(row[3])) == ("3/2", "default", "2 from 01 Nov 2026")
        await pilot.press("t")
        await settle(pilot)
        assert str(table.get_row(KEY)[1]) == "2"


async def test_a_bad_change_is_refused_beside_its_field_and_the_form_stays_open(app) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(pilot)
        await _choose(pilot, screen, KEY)
        before = _state(pilot.app)
        await pilot.press("e")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, SettingForm)

        await _fill(pilot, form, "3/2", "someday", "")
        assert "not a date" in _error(form, "effective")
        assert "say why" in _error(form, "reason")
        await _fill(pilot, form, "-1", "1 nov 2026", "new terms")
        assert "must not be negative" in _error(form, "value")
        assert _error(form, "effective") == "" and _error(form, "reason") == ""
        await _fill(pilot, form, "3/2", "1 nov 2026", "new terms")
        assert "already 3/2" in _error(form, "value")
        await _fill(pilot, form, "2", "1 jan 1990", "new terms")
        assert "between" in _error(form, "effective")
        await _fill(pilot, form, "2", "1 nov 2026", "bad\x1b[2J")
        assert "control characters" in _error(form, "reason")
        assert pilot.app.screen is form
        assert _state(pilot.app) == before
        await pilot.press("escape")  # leaves the field
        await pilot.press("escape")  # closes the form
        await settle(pilot)
        assert pilot.app.screen is screen
        assert _state(pilot.app) == before


async def test_a_change_shows_the_patrols_it_recosts_then_saves(app) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open_settings(pilot)
        await _choose(pilot, screen, KEY)
        before = _state(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, SettingForm)

        await _fill(pilot, form, "2", "1 nov 2026", "Force agreement [b]2026[/b]")
        assert pilot.app.screen is form and _state(pilot.app) == before, "shown, not saved"
        preview = form.query_one("#preview", Static).content
        assert isinstance(preview, Text) and preview.plain.startswith("Recosts ")
        assert "Nov 2026" in preview.plain and "Oct 2026" not in preview.plain

        form.query_one("#f-effective", Input).value = "2 nov 2026"  # a changed field: shown again
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form and _state(pilot.app) == before
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        after = _state(pilot.app)
        assert after[1] == before[1] + 1 and after[2] != before[2]
        with pilot.app.session.reading() as db:
            assert db.execute(
                "SELECT key, effective_from, value, recorded_by, reason FROM setting_values"
            ).fetchall() == [(KEY, "2026-11-02", '"2"', "PS Tester", "Force agreement [b]2026[/b]")]
        assert str(screen.query_one("#settings", DataTable).get_row(KEY)[1]) == "2"


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_settings_screen_look(snap_compare, app, size) -> None:  # type: ignore[no-untyped-def]
    change_setting(app.session, KEY, "2", date(2026, 11, 1), "Force agreement [/] 2026")

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        screen = await _open_settings(pilot)
        await _choose(pilot, screen, KEY)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_settings_change_preview_look(snap_compare, app, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        screen = await _open_settings(pilot)
        await _choose(pilot, screen, KEY)
        await pilot.press("e")
        await settle(pilot)
        await _fill(pilot, pilot.app.screen, "2", "1 nov 2026", "Force agreement [/] 2026")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_an_opt_out_is_recorded_listed_and_withdrawn_from_settings(app) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.services.worktime import opt_out_on
    from hotspot_tui.tui.modals.budget_forms import FieldsForm
    from hotspot_tui.tui.modals.opt_out import OptOutModal
    from hotspot_tui.tui.screens.settings import OPT_OUT_ROW

    with app.session.reading() as db:
        staff_id, payroll, name = db.execute(
            "SELECT id, payroll_number, name FROM staff WHERE kind = 'officer' AND active "
            "ORDER BY payroll_number LIMIT 1").fetchone()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open_settings(pilot)
        table = screen.query_one("#settings", DataTable)
        assert OPT_OUT_ROW in {k.value for k in table.rows}  # "nobody has opted out"
        await pilot.press("p")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, FieldsForm)
        form.query_one("#f-who", Input).value = "NOBODY1"
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is form and "nobody has payroll number NOBODY1" in form.error_text
        form.query_one("#f-who", Input).value = payroll.lower()
        await pilot.press("enter")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, OptOutModal) and not modal.withdraw
        modal.query_one("#from", Input).value = "2026-11-20"
        modal.query_one("#reason", Input).value = "signed form WT1 [/]"
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        row = f"{OPT_OUT_ROW}{staff_id}"
        shown = [str(c) for c in table.get_row(row)]
        assert shown[:3] == [f"  {name} ({payroll})", "opted out", "20 Nov 2026"]
        assert OPT_OUT_ROW not in {k.value for k in table.rows}
        table.move_cursor(row=table.get_row_index(row))
        await settle(pilot)
        detail = str(screen.query_one("#detail", Static).content)
        assert "from 20 Nov 2026" in detail and "by PS Tester · signed form WT1 [/]" in detail
        assert opt_out_on(app.session, staff_id, date(2026, 11, 20)).opted_out  # the person's page reads it

        await pilot.press("enter")  # on the person: withdraw; escape leaves it as it was
        await settle(pilot)
        assert isinstance(pilot.app.screen, OptOutModal) and pilot.app.screen.withdraw
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert pilot.app.screen is screen and table.get_row(row)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.screen.query_one("#reason", Input).value = "withdrawn in writing"
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        keys = {k.value for k in table.rows}
        assert row not in keys and OPT_OUT_ROW in keys
        assert not opt_out_on(app.session, staff_id, date(2026, 11, 25)).opted_out
        assert opt_out_on(app.session, staff_id, date(2026, 11, 24)).opted_out


def _opt_out_many(app, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Opt out `count` people, the last by name first; every active person's id, by name
    from the last."""
    from hotspot_tui.services.worktime import set_opt_out

    with app.session.reading() as db:
        people = [r[0] for r in db.execute("SELECT id FROM staff WHERE active ORDER BY name DESC")]
    for staff_id in people[:count]:
        set_opt_out(app.session, staff_id, True, date(2026, 11, 2), "signed form WT1")
    return people


def _listed(table) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    from hotspot_tui.tui.screens.settings import OPT_OUT_ROW

    keys = [k.value or "" for k in table.rows]
    return keys, [k for k in keys if k.startswith(OPT_OUT_ROW)]


async def test_a_long_opt_out_list_is_shown_a_page_at_a_time(app) -> None:  # type: ignore[no-untyped-def]
    """A force may have thousands of opt-outs: the table holds a page of them and a line
    saying how many more; the cursor reaching that line shows the next page."""
    from hotspot_tui.services.worktime import opted_out_people
    from hotspot_tui.tui.screens.settings import MORE_OPT_OUTS, OPT_OUT_ROW, OPT_OUTS_PAGE

    _opt_out_many(app, OPT_OUTS_PAGE + 10)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(pilot)
        table = screen.query_one("#settings", DataTable)
        keys, listed = _listed(table)
        assert len(listed) == OPT_OUTS_PAGE
        assert keys.index(MORE_OPT_OUTS) == keys.index(listed[-1]) + 1
        assert str(table.get_row(MORE_OPT_OUTS)[0]).startswith("  … 10 more")
        table.move_cursor(row=keys.index(MORE_OPT_OUTS) - 1)
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        keys, listed = _listed(table)
        assert len(listed) == OPT_OUTS_PAGE + 10 and MORE_OPT_OUTS not in keys
        assert keys[table.cursor_row] == listed[OPT_OUTS_PAGE]  # the first of the next page
        assert listed == [f"{OPT_OUT_ROW}{p.staff_id}"
                          for p in opted_out_people(app.session, date(2026, 12, 1))]


async def test_the_person_highlighted_stays_listed_when_someone_before_them_opts_out(app) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.services.worktime import set_opt_out
    from hotspot_tui.tui.screens.settings import MORE_OPT_OUTS, OPT_OUTS_PAGE

    people = _opt_out_many(app, OPT_OUTS_PAGE + 10)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(pilot)
        table = screen.query_one("#settings", DataTable)
        keys, listed = _listed(table)
        last = listed[-1]
        table.move_cursor(row=keys.index(last))
        await settle(pilot)
        set_opt_out(app.session, people[-1], True, date(2026, 11, 2), "signed form WT1")
        await pilot.press("r")
        await settle(pilot)
        keys, listed = _listed(table)
        assert keys[table.cursor_row] == last
        assert len(listed) == OPT_OUTS_PAGE + 11 and MORE_OPT_OUTS not in keys
