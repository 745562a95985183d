"""Booking on the patrol page: everyone as planned in one key, the date beside booked times
that are not the patrol's, the patrol's status from its bookings, and outcomes out of
proportion confirmed before they are saved."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from test_shift_flows import open_shift
from textual.widgets import DataTable, Input, Static
from tui_helpers import audit_rows, drive, rows, settle, submit, type_text
from worktime_helpers import at, officer, patrol, payroll_of, put_on, roster

from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.services.assignments import book_hours
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.modals.choose import ChooseModal
from hotspot_tui.tui.modals.outcomes import OutcomesModal
from hotspot_tui.tui.modals.reason import ReasonModal
from hotspot_tui.tui.modals.shift_form import ShiftFormModal


def _patrol_with_people(db: Path, people: int = 2) -> tuple[str, list[str]]:
    s = open_session(db, "setup")
    try:
        shift = patrol(s, date(2026, 12, 4), time(18), time(20))
        made = put_on(s, shift, *(officer(s, f"Booked Person {i}") for i in range(people)))
        book_hours(s, made[0], at(2026, 11, 1, 18), at(2026, 11, 1, 20), "November cover",
                   now=at(2026, 12, 5, 9))
        return shift, made
    finally:
        s.close()


def test_book_all_as_planned_in_one_key_and_dates_shown(demo_db: Path) -> None:
    shift, made = _patrol_with_people(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        screen = await open_shift(pilot, shift)
        table = screen.query_one("#people", DataTable)
        assert str(table.get_row(made[0])[4]) == "01 Nov 18:00-01 Nov 20:00"
        assert "part booked" in str(screen.query_one("#shift-title", Static).content)
        await pilot.press("B")  # the app's day, Wed 25 Nov, is before the patrol
        await settle(pilot)
        assert "before it has started" in str(screen.query_one("#message", Static).content)
        app.clock = lambda: from_utc_text("2026-12-04T20:00:00Z") + timedelta(minutes=5)
        await pilot.press("B")
        await settle(pilot)
        assert rows(app, "SELECT status, actual_start_utc FROM assignments WHERE id = ?",
                    [made[1]]) == [("worked", "2026-12-04T18:00:00Z")]
        assert str(table.get_row(made[1])[4]) == "18:00-20:00"
        assert "booked" in str(screen.query_one("#shift-title", Static).content)
        assert "part booked" not in str(screen.query_one("#shift-title", Static).content)
        assert audit_rows(app, "assignment.book")[-1][1] == made[1]

    drive(demo_db, script)


def test_outcomes_out_of_proportion_are_saved_only_when_confirmed(demo_db: Path) -> None:
    shift, _ = _patrol_with_people(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, shift)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesModal)
        await submit(pilot, app.screen, {"arrests": "7"})
        assert isinstance(app.screen, ChooseModal)
        await pilot.press("down", "enter")  # go back
        await settle(pilot)
        assert rows(app, "SELECT count(*) FROM outcomes WHERE shift_id = ?", [shift]) == [(0,)]
        await pilot.press("o")
        await pilot.pause()
        await submit(pilot, app.screen, {"arrests": "7"})
        await pilot.press("enter")  # save these figures
        await settle(pilot)
        assert rows(app, "SELECT arrests FROM outcomes WHERE shift_id = ?", [shift]) == [(7,)]

    drive(demo_db, script)


def test_an_edit_that_breaks_a_rule_asks_for_an_override_reason(demo_db: Path) -> None:
    s = open_session(demo_db, "setup")
    try:
        friday = patrol(s, date(2026, 12, 4), time(18), time(22))
        saturday = patrol(s, date(2026, 12, 5), time(9), time(13), where="Hitchin")
        who = officer(s, "Edit [/] Officer")
        put_on(s, friday, who)
        put_on(s, saturday, who)
    finally:
        s.close()

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, friday)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ShiftFormModal)
        await submit(pilot, app.screen, {"end": "03:00"})
        modal = app.screen
        assert isinstance(modal, ReasonModal)
        assert "only 6 h rest after" in str(modal.query_one(".hint", Static).content)
        assert rows(app, "SELECT end_utc FROM shifts WHERE id = ?", [friday]) == [("2026-12-04T22:00:00Z",)]
        await type_text(pilot, "late event")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(app, "SELECT end_utc FROM shifts WHERE id = ?", [friday]) == [("2026-12-05T03:00:00Z",)]
        assert rows(app, "SELECT DISTINCT rule, override_reason FROM working_time_breaches "
                         "WHERE staff_id = ?", [who]) == [("daily_rest", "late event")]

    drive(demo_db, script)


def test_taking_someone_off_that_leaves_too_little_rest_asks_for_an_override_reason(
        demo_db: Path, tmp_path: Path) -> None:
    s = open_session(demo_db, "setup")
    try:
        who = officer(s, "Bridge [/] Officer")
        roster(s, tmp_path, [(payroll_of(s, who), "2026-12-09 14:00", "2026-12-09 22:00", "late")])
        bridge = patrol(s, date(2026, 12, 9), time(22), time(0))
        [middle] = put_on(s, bridge, who)
        put_on(s, patrol(s, date(2026, 12, 10), time(0), time(2), where="Hitchin"), who)
    finally:
        s.close()

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, bridge)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        await type_text(pilot, "changed plans")
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ReasonModal)
        assert "only 2 h rest" in str(modal.query_one(".hint", Static).content)
        assert rows(app, "SELECT status FROM assignments WHERE id = ?", [middle]) == [("planned",)]
        await type_text(pilot, "relief at 02:00 [/]")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(app, "SELECT status, reason FROM assignments WHERE id = ?",
                    [middle]) == [("cancelled", "changed plans")]
        assert rows(app, "SELECT rule, override_reason FROM working_time_breaches "
                         "WHERE staff_id = ?", [who]) == [("daily_rest", "relief at 02:00 [/]")]

    drive(demo_db, script)


def test_the_person_page_shows_duties_and_patrols_and_records_the_opt_out(demo_db: Path,
                                                                          tmp_path: Path) -> None:
    from hotspot_tui.tui.screens.person import PersonScreen

    s = open_session(demo_db, "setup")
    try:
        who = officer(s, "Roster [/] Officer")
        put_on(s, patrol(s, date(2027, 1, 9), time(18), time(22)), who)
        roster(s, tmp_path, [(payroll_of(s, who), "2027-01-08 07:00", "2027-01-08 15:00", "early"),
                             (payroll_of(s, who), "2027-01-10", "", "rest day")])
    finally:
        s.close()

    async def script(pilot: Any) -> None:
        app = pilot.app
        app.push_screen(PersonScreen(who))
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#upcoming", DataTable)
        shown = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert shown == [["Fri 08 Jan 07:00-15:00", "early duty", "8 h"],
                         ["Sat 09 Jan 18:00-22:00", "patrol: Watford", "4 h"],
                         ["Sun 10 Jan", "rest day", ""]]
        assert "not signed" in str(screen.query_one("#headroom", Static).content)
        await pilot.press("o")
        await settle(pilot)
        modal = app.screen
        modal.query_one("#from", Input).value = "2026-11-20"
        await type_text(pilot, "signed form WT1")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(app, "SELECT effective_from, opted_out, reason, recorded_by FROM opt_outs "
                         "WHERE staff_id = ?", [who]) == [("2026-11-20", 1, "signed form WT1", "PS Tester")]
        assert "signed from 20 Nov 2026" in str(app.screen.query_one("#headroom", Static).content)

    drive(demo_db, script)
