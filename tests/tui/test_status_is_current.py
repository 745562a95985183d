"""Status a supervisor can trust: the audit list is current when returned to, the dashboard
shows the headline outcomes and a forecast against the end date, the report counts patrols
(not person-shifts), and a patrol short of people says so in plain words."""

from __future__ import annotations

from datetime import date, time, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static
from tui_helpers import drive, rows, settle

from hotspot_tui.domain.budget import unspent_at_end
from hotspot_tui.domain.staff_input import StaffInput
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.report import operation_report
from hotspot_tui.services.session import open_session
from hotspot_tui.services.shifts import ShiftDraft, create_shift
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.screens.audit import AuditScreen


def _text(widget: Any) -> str:
    return str(widget.render())


def test_the_audit_list_is_current_when_returned_to_and_r_is_in_the_footer(
        demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("4")
        await settle(pilot)
        audit = app.screen
        assert isinstance(audit, AuditScreen)
        keys = {k.key for k in audit.query_one(KeysFooter).query("FooterKey")}
        assert "r" in keys
        before = audit.query_one("#audit-list", DataTable).row_count
        await pilot.press("3")
        await settle(pilot)
        force = rows(app, "SELECT id FROM employers WHERE kind = 'force'")[0][0]
        staff_service.add_person(app.session, StaffInput(
            name="Robin Newcomer", payroll_number="HC955101", collar_number="4951",
            kind="officer", rank="constable", employer_id=force, salary="31163",
            contracted_hours="40"))
        await pilot.press("4")
        await settle(pilot)
        table = audit.query_one("#audit-list", DataTable)
        assert table.row_count >= min(before + 1, 60)
        newest = [str(c) for c in table.get_row_at(0)]
        assert "Robin Newcomer" in newest

    drive(demo_db, script, size=(80, 24))


def test_the_dashboard_shows_outcomes_and_a_forecast_against_the_end_date(
        demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        summary = _text(app.screen.query_one("#summary", Static))
        totals = rows(app, "SELECT sum(arrests), sum(stop_searches), sum(weapons), "
                           "sum(dispersals + cpw + cpn + pspo + informal_warnings) FROM outcomes")[0]
        assert (f"{totals[0]:,} arrests · {totals[1]:,} stop-searches · {totals[2]:,} weapons · "
                f"{totals[3]:,} ASB powers") in summary
        assert "will be unspent on 30 Apr 2027" in summary
        assert "2028" not in summary, "no date past the operation's end"

    drive(demo_db, script, size=(80, 24))


def test_the_forecast_names_the_run_out_day_when_it_is_before_the_end() -> None:
    assert unspent_at_end(date(2026, 11, 25), 10_000_00, Fraction(1_000_00), date(2027, 4, 30)) < 0
    assert unspent_at_end(date(2026, 11, 25), 10_000_00, Fraction(0), date(2027, 4, 30)) == 10_000_00
    assert unspent_at_end(date(2026, 11, 25), 10_000_00, Fraction(1_00), date(2026, 11, 30)) == 9_995_00


def test_the_report_counts_patrols_not_person_shifts(session: Any) -> None:
    report = operation_report(session, date(2026, 6, 1), date(2026, 6, 30))
    patrols, person_shifts = session.db.execute(
        "SELECT count(DISTINCT s.id), count(*) FROM shifts s JOIN assignments a "
        "ON a.shift_id = s.id AND a.status = 'worked' "
        "WHERE s.local_date BETWEEN '2026-06-01' AND '2026-06-30'").fetchone()
    assert person_shifts > patrols > 0
    assert report.total.patrols == patrols


def test_a_patrol_short_of_people_is_described_in_plain_words(demo_db: Path) -> None:
    session = open_session(demo_db, "PS Tester")
    try:
        area_id, area = session.db.execute("SELECT id, name FROM areas ORDER BY name").fetchone()
        day = "2026-11-26"
        create_shift(session, ShiftDraft(area_id, date.fromisoformat(day), time(10), time(14),
                                         {"officer": 5}))
    finally:
        session.close()

    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#grid", DataTable)
        row = next(i for i, a in enumerate(screen.week.areas) if a.name == area)
        table.move_cursor(row=row, column=date.fromisoformat(day).weekday() + 1)
        await settle(pilot)
        detail = _text(screen.query_one("#cell-detail", Static))
        assert "SHORT OF PEOPLE" in detail and "UNDER COVER" not in detail

    drive(demo_db, script, size=(160, 48))


def test_the_payroll_periods_are_current_when_returned_to(demo_db: Path, tmp_path: Path) -> None:
    from hotspot_tui.services.payroll import export_payroll

    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("7")
        await settle(pilot)
        payroll = app.screen
        table = payroll.query_one("#periods", DataTable)
        may = table.get_row_index("2026-05")
        assert str(table.get_row_at(may)[2]) == "open"
        await pilot.press("1")
        await settle(pilot)
        export_payroll(app.session, "2026-05", out=tmp_path / "may.csv", final=True)
        await pilot.press("7")
        await settle(pilot)
        assert app.screen is payroll
        assert str(table.get_row_at(table.get_row_index("2026-05"))[2]) == "locked"

    drive(demo_db, script, size=(80, 24))


def test_the_roster_reads_again_on_return_only_when_the_file_has_changed(demo_db: Path) -> None:
    """A dialog closed over the roster brings back the week as it was, without reading it
    again; a patrol another supervisor adds to the file meanwhile is there on return."""
    def patrols_in_title(app: Any) -> int:
        title = _text(app.screen.query_one("#week-title", Static))
        return int(title.rsplit("·", 1)[1].split()[0])

    async def go_to_a_date_and_back(pilot: Any, roster: Any) -> None:
        await pilot.press("g")
        await settle(pilot)
        assert pilot.app.screen is not roster
        while pilot.app.screen is not roster:
            await pilot.press("escape")
            await settle(pilot)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("2")
        await settle(pilot)
        roster = app.screen
        week, before = roster.week, patrols_in_title(app)
        for _ in range(2):
            await go_to_a_date_and_back(pilot, roster)
        assert roster.week is week
        other = open_session(demo_db, "PS Other")
        try:
            create_shift(other, ShiftDraft(week.areas[0].id, week.monday + timedelta(days=2),
                                           time(10), time(14), {"officer": 1}))
        finally:
            other.close()
        await go_to_a_date_and_back(pilot, roster)
        assert roster.week is not week
        assert patrols_in_title(app) == before + 1

    drive(demo_db, script)
