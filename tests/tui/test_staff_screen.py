"""Driving the Staff section as a supervisor would, checking the database and the audit trail."""

from __future__ import annotations

from pathlib import Path

from app_settle import settle as app_settle
from textual.widgets import Button, DataTable, Input, Select, Static

from hotspot_tui.tui.modals.active_toggle import ActiveToggle
from hotspot_tui.tui.modals.staff_form import StaffForm
from hotspot_tui.tui.modals.staff_import import StaffImport
from hotspot_tui.tui.screens.person import PersonScreen
from hotspot_tui.tui.screens.staff import StaffScreen


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await app_settle(pilot)


async def open_staff(pilot) -> StaffScreen:  # type: ignore[no-untyped-def]
    pilot.app.switch_mode("staff")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StaffScreen)
    return screen


async def search(pilot, text: str) -> DataTable:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
    await pilot.press("enter")  # back to the list
    await settle(pilot)
    return pilot.app.screen.query_one("#staff-list", DataTable)


def names(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def fill(screen, **values: str) -> None:  # type: ignore[no-untyped-def]
    for key, value in values.items():
        widget = screen.query_one(f"#f-{key}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            widget.value = value


def force_id(query) -> str:  # type: ignore[no-untyped-def]
    return query("SELECT id FROM employers WHERE kind = 'force'")[0][0]


async def test_list_is_paged_and_loads_more_on_scroll(app) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_staff(pilot)
        table = screen.query_one("#staff-list", DataTable)
        assert table.row_count == 60
        assert "260 people" in str(screen.query_one("#status", Static).content)
        table.focus()
        for _ in range(3):
            await pilot.press("pagedown")
            await settle(pilot)
        assert 60 < table.row_count <= 180
        shown = names(table)
        assert shown == sorted(shown, key=str.lower)
        assert len(set(shown)) == len(shown) or table.row_count == len(screen.lines)


async def test_search_by_name_number_and_kind(app, query) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_staff(pilot)
        table = await search(pilot, "smith")
        assert table.row_count > 0
        assert all("smith" in n.lower() for n in names(table))
        # by collar number
        collar, name = query("SELECT collar_number, name FROM staff WHERE collar_number = '1005'")[0]
        screen = pilot.app.screen
        screen.query_one("#search", Input).value = ""
        table = await search(pilot, collar)
        assert names(table) == [name]
        # by kind
        screen.query_one("#search", Input).value = ""
        screen.query_one("#kind", Select).value = "ceo"  # applied at once
        await settle(pilot)
        table = screen.query_one("#staff-list", DataTable)
        (count,) = query("SELECT count(*) FROM staff WHERE kind = 'ceo' AND active = 1")[0]
        assert table.row_count == count
        assert {str(table.get_row_at(i)[1]) for i in range(table.row_count)} == {"CEO"}


async def test_the_list_narrows_as_each_key_is_typed(app) -> None:  # type: ignore[no-untyped-def]
    """No Enter, no pause: each key typed in the search box filters the list, and the list
    shows the last key's search, never an earlier one that finished after it."""
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_staff(pilot)
        await pilot.press("slash")
        await pilot.press(*"smi")
        await settle(pilot)
        table = screen.query_one("#staff-list", DataTable)
        assert screen.query_one("#search", Input).has_focus
        assert table.row_count > 0
        assert all("smi" in n.lower() for n in names(table))
        await pilot.press("t", "h")
        await settle(pilot)
        assert all("smith" in n.lower() for n in names(table))
        assert 'matching "smith"' in str(screen.query_one("#status", Static).content)


async def test_add_person_writes_row_and_audit(app, query) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_staff(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, StaffForm)
        fill(form, name="Sam Newby", payroll_number="hc900100", collar_number="4999",
             kind="officer", rank="constable", employer=force_id(query), salary="£31,163",
             contracted_hours="40")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffScreen)
    rows = query("SELECT id, name, kind, rank, annual_salary_pence, contracted_weekly_minutes, active"
                 " FROM staff WHERE payroll_number = 'HC900100'")
    assert len(rows) == 1
    staff_id, name, kind, rank, salary, minutes, active = rows[0]
    assert (name, kind, rank, salary, minutes, active) == ("Sam Newby", "officer", "constable",
                                                            3_116_300, 2400, 1)
    audit = query("SELECT actor, action, staff_id FROM audit_log WHERE action = 'staff.create'")
    assert audit == [("PS Tester", "staff.create", staff_id)]


async def test_add_rejects_bad_input_inline_and_writes_nothing(app, query) -> None:  # type: ignore[no-untyped-def]
    before = query("SELECT count(*) FROM staff")[0][0]
    audit_before = query("SELECT count(*) FROM audit_log")[0][0]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_staff(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        taken = query("SELECT payroll_number FROM staff LIMIT 1")[0][0]
        fill(form, name="", payroll_number=taken, kind="officer", employer=force_id(query),
             salary="lots", contracted_hours="99")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        errors = {e.id: str(e.content) for e in form.query(".error").results(Static) if e.content}
        assert "name is required" in errors["e-name"]
        assert "not an amount in pounds" in errors["e-salary"]
        assert "56" in errors["e-contracted_hours"]
        assert "rank" in errors["e-rank"]
        assert "nothing was saved" in form.error_text
        # fix everything but the duplicate payroll number: still refused, by name of the holder
        fill(form, name="Val Id", rank="constable", salary="31163", contracted_hours="40")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        message = str(form.query_one("#e-payroll_number", Static).content)
        assert "already" in message and "payroll number" in message
        await pilot.press("escape")
        await settle(pilot)
    assert query("SELECT count(*) FROM staff")[0][0] == before
    assert query("SELECT count(*) FROM audit_log")[0][0] == audit_before


async def test_edit_person_changes_row_and_audits_before_and_after(app, query) -> None:  # type: ignore[no-untyped-def]
    staff_id, payroll = query(
        "SELECT id, payroll_number FROM staff WHERE kind = 'pcso' ORDER BY payroll_number LIMIT 1")[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_staff(pilot)
        await search(pilot, payroll)
        await pilot.press("e")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, StaffForm)
        assert form.query_one("#f-payroll_number", Input).value == payroll
        fill(form, salary="24,000.50", contracted_hours="30", reason="pay review")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffScreen)
    assert query("SELECT annual_salary_pence, contracted_weekly_minutes FROM staff WHERE id = ?",
                 [staff_id]) == [(2_400_050, 1800)]
    actor, reason, details = query(
        "SELECT actor, reason, details FROM audit_log WHERE action = 'staff.update' AND staff_id = ?",
        [staff_id])[0]
    assert (actor, reason) == ("PS Tester", "pay review")
    assert '"annual_salary_pence":2400050' in details and '"before"' in details


async def test_deactivate_needs_reason_then_reactivate(app, query) -> None:  # type: ignore[no-untyped-def]
    staff_id, payroll, name = query(
        "SELECT id, payroll_number, name FROM staff WHERE kind = 'officer' ORDER BY payroll_number"
        " LIMIT 1")[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_staff(pilot)
        table = await search(pilot, payroll)
        assert names(table) == [name]
        await pilot.press("x")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, ActiveToggle)
        await pilot.press("enter")
        await settle(pilot)
        assert "say why" in modal.error_text
        assert query("SELECT active FROM staff WHERE id = ?", [staff_id]) == [(1,)]
        for ch in "retired":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffScreen)
        assert query("SELECT active FROM staff WHERE id = ?", [staff_id]) == [(0,)]
        table = pilot.app.screen.query_one("#staff-list", DataTable)
        assert table.row_count == 0  # inactive people are hidden by default
        await pilot.press("v")
        await settle(pilot)
        assert names(table) == [f"{name} (inactive)"]
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert query("SELECT active FROM staff WHERE id = ?", [staff_id]) == [(1,)]
    assert query("SELECT action, reason, actor FROM audit_log WHERE staff_id = ? ORDER BY seq",
                 [staff_id]) == [("staff.deactivate", "retired", "PS Tester"),
                                 ("staff.reactivate", None, "PS Tester")]


GOOD_CSV = (
    "Payroll number,Warrant no,First name,Surname,Role,Employer,Annual salary,Contracted hours,"
    "Home area\n"
) + """HC900001,4901,Sam,Tester,PC,Hertfordshire Constabulary,"£31,163",40,Watford
HC900002,,Pat,Other,PCSO,,"£21,135.00",37,stevenage
CE900003,,Kim,Warden,warden,Watford Borough Council,,37,
"""


async def run_import(pilot, path: Path) -> StaffImport:  # type: ignore[no-untyped-def]
    await pilot.press("i")
    await settle(pilot)
    modal = pilot.app.screen
    assert isinstance(modal, StaffImport)
    modal.query_one("#path", Input).value = str(path)
    modal.query_one("#path", Input).focus()
    await pilot.press("enter")
    await settle(pilot)
    return modal


async def test_import_preview_with_errors_is_refused(app, query, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD_CSV + "HC900004,,Lee,Bad,wizard,,,,\nHC900001,4902,Dup,Row,PC,,31163,,\n",
                   encoding="utf-8")
    before = query("SELECT count(*) FROM staff")[0][0]
    audit_before = query("SELECT count(*) FROM audit_log")[0][0]
    async with app.run_test(size=(120, 36)) as pilot:
        await open_staff(pilot)
        modal = await run_import(pilot, bad)
        summary = str(modal.query_one("#summary", Static).content)
        assert "2 of 5 rows have errors (rows 5, 6)" in summary
        table = modal.query_one("#preview", DataTable)
        problems = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1])
                    for i in range(table.row_count)}
        assert "not a kind" in problems["5"]
        assert "also on row 2" in problems["6"]
        assert modal.query_one("#commit", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is modal
        assert "preview a file with no errors" in str(modal.query_one("#summary", Static).content)
    assert query("SELECT count(*) FROM staff")[0][0] == before
    assert query("SELECT count(*) FROM audit_log")[0][0] == audit_before


async def test_import_clean_file_adds_every_row_with_audit(app, query, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    before = query("SELECT count(*) FROM staff")[0][0]
    async with app.run_test(size=(120, 36)) as pilot:
        await open_staff(pilot)
        modal = await run_import(pilot, good)
        assert "All 3 rows are good" in str(modal.query_one("#summary", Static).content)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffScreen)
    assert query("SELECT count(*) FROM staff")[0][0] == before + 3
    people = query("SELECT payroll_number, kind, rank, collar_number FROM staff "
                   "WHERE payroll_number IN ('HC900001', 'HC900002', 'CE900003') ORDER BY payroll_number")
    assert people == [("CE900003", "ceo", None, None), ("HC900001", "officer", "constable", "4901"),
                      ("HC900002", "pcso", None, None)]
    assert query("SELECT count(*) FROM audit_log WHERE action = 'staff.import'")[0][0] == 3
    summary = query("SELECT actor, details FROM audit_log WHERE action = 'staff.import_file'")
    assert len(summary) == 1 and summary[0][0] == "PS Tester" and '"people":3' in summary[0][1]


async def test_import_missing_file_says_so(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(120, 36)) as pilot:
        await open_staff(pilot)
        modal = await run_import(pilot, tmp_path / "nope.csv")
        assert "no file at" in str(modal.query_one("#summary", Static).content)


async def test_open_person_page(app, query) -> None:  # type: ignore[no-untyped-def]
    payroll, name = query(
        "SELECT p.payroll_number, p.name FROM staff p WHERE EXISTS (SELECT 1 FROM assignments a "
        "WHERE a.staff_id = p.id AND a.status = 'worked') ORDER BY p.payroll_number LIMIT 1")[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_staff(pilot)
        await search(pilot, payroll)
        table = pilot.app.screen.query_one("#staff-list", DataTable)
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        page = pilot.app.screen
        assert isinstance(page, PersonScreen)
        assert name in str(page.query_one("#who", Static).content)
        hours = str(page.query_one("#hours", Static).content)
        assert "Operation" in hours and "Patrols" in hours
        assert "Left to 48 h avg" in str(page.query_one("#headroom", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffScreen)


async def test_edit_with_bad_input_changes_nothing(app, query) -> None:  # type: ignore[no-untyped-def]
    staff_id, payroll = query(
        "SELECT id, payroll_number FROM staff WHERE kind = 'officer' ORDER BY payroll_number DESC"
        " LIMIT 1")[0]
    before = query("SELECT * FROM staff WHERE id = ?", [staff_id])
    audit_before = query("SELECT count(*) FROM audit_log")[0][0]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_staff(pilot)
        await search(pilot, payroll)
        await pilot.press("e")
        await settle(pilot)
        form = pilot.app.screen
        fill(form, salary="£31,163.999", collar_number="ABCDE1", kind="pcso")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert "2 decimal places" in str(form.query_one("#e-salary", Static).content)
        assert "collar number must be" in str(form.query_one("#e-collar_number", Static).content)
        assert "only officers have a rank" in str(form.query_one("#e-rank", Static).content)
    assert query("SELECT * FROM staff WHERE id = ?", [staff_id]) == before
    assert query("SELECT count(*) FROM audit_log")[0][0] == audit_before


async def test_a_pay_change_from_a_date_on_the_form_is_kept_in_the_history(app, query) -> None:  # type: ignore[no-untyped-def]
    staff_id, payroll, salary = query(
        "SELECT id, payroll_number, annual_salary_pence FROM staff WHERE kind = 'officer' "
        "ORDER BY payroll_number LIMIT 1 OFFSET 3")[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_staff(pilot)
        await search(pilot, payroll)
        await pilot.press("e")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, StaffForm)
        fill(form, salary=f"{salary // 100 + 1500}", pay_from="not a day", reason="award")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form, "a bad date keeps the form open"
        assert "not a date" in str(form.query_one("#e-pay_from", Static).render())
        fill(form, pay_from="2026-09-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffScreen)
    assert query("SELECT effective_from, annual_salary_pence, reason FROM staff_pay_history "
                 "WHERE staff_id = ? ORDER BY effective_from", [staff_id]) == [
        ("0001-01-01", salary, "pay facts before the first dated change"),
        ("2026-09-01", salary + 150_000, "award")]
