"""Every flow on a patrol, driven through the real app: database state and audit rows."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Select, Static
from tui_helpers import audit_rows, drive, rows, settle, submit, type_text

from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.services.session import open_session
from hotspot_tui.services.shifts import ShiftDraft, create_shift
from hotspot_tui.tui.modals.book import BookModal
from hotspot_tui.tui.modals.candidates import CandidatePicker
from hotspot_tui.tui.modals.outcomes import OutcomesModal
from hotspot_tui.tui.modals.reason import ReasonModal
from hotspot_tui.tui.modals.shift_form import ShiftFormModal
from hotspot_tui.tui.screens.shift import ShiftScreen


def _under_covered_shift(db: Path) -> str:
    s = open_session(db, "setup")
    try:
        return s.db.execute(
            """
            SELECT s.id FROM shifts s
            WHERE s.status = 'planned' AND s.local_date >= '2026-11-26'
              AND s.need_officer > (SELECT count(*) FROM assignments x JOIN staff p ON p.id = x.staff_id
                                    WHERE x.shift_id = s.id AND x.status = 'planned' AND p.kind = 'officer')
            ORDER BY s.start_utc LIMIT 1
            """
        ).fetchone()[0]
    finally:
        s.close()


async def open_shift(pilot: Any, shift_id: str) -> ShiftScreen:
    pilot.app.switch_mode("roster")
    await settle(pilot)
    pilot.app.push_screen(ShiftScreen(shift_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ShiftScreen)
    return screen


async def open_picker(pilot: Any, shift_id: str) -> CandidatePicker:
    """Open the patrol's page and press `a`: the candidate picker, settled."""
    await open_shift(pilot, shift_id)
    await pilot.press("a")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, CandidatePicker)
    return picker


async def open_form(pilot: Any, shift_id: str, key: str, form: type) -> Any:
    """Open the patrol's page and press `key`; the form it opens."""
    await open_shift(pilot, shift_id)
    await pilot.press(key)
    await pilot.pause()
    modal = pilot.app.screen
    assert isinstance(modal, form)
    return modal


def _live(app: Any, shift_id: str) -> list[tuple[Any, ...]]:
    return rows(app, "SELECT staff_id, status, override_reason FROM assignments "
                     "WHERE shift_id = ? AND status = 'planned'", [shift_id])


def test_assign_one_from_the_ranked_picker(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, shift_id)
        before = _live(app, shift_id)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CandidatePicker)
        first = picker.shown[0]
        assert first.ranked.position == 1 and first.ranked.reasons
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ShiftScreen)
        after = _live(app, shift_id)
        assert len(after) == len(before) + 1
        assert (first.staff_id, "planned", None) in after
        audit = audit_rows(app, "assignment.create")
        assert audit[-1][0] == "PS Tester" and audit[-1][2] == shift_id and audit[-1][3] == first.staff_id

    drive(demo_db, script)


def test_multi_assign_marks_several(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, shift_id)
        before = len(_live(app, shift_id))
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        picker.query_one("#candidates", DataTable).focus()
        await pilot.press("space", "down", "space")
        await pilot.pause()
        assert len(picker.marked) == 2
        marked = set(picker.marked)
        await pilot.press("enter")
        await settle(pilot)
        live = _live(app, shift_id)
        assert len(live) == before + 2
        assert marked <= {r[0] for r in live}
        assert len(audit_rows(app, "assignment.create")) >= 2

    drive(demo_db, script)


def _clash_setup(db: Path) -> tuple[str, str, str]:
    """A new patrol starting 4 hours after someone's planned patrol ends: daily rest."""
    s = open_session(db, "setup")
    try:
        staff_id, payroll, end_utc, area = s.db.execute(
            """
            SELECT x.staff_id, p.payroll_number, x.end_utc, sh.area_id
            FROM assignments x JOIN staff p ON p.id = x.staff_id JOIN shifts sh ON sh.id = x.shift_id
            WHERE x.status = 'planned' AND p.kind = 'officer' AND sh.local_date >= '2026-11-26'
            ORDER BY x.start_utc LIMIT 1
            """
        ).fetchone()
        start = to_local_naive(from_utc_text(end_utc) + timedelta(hours=4))
        shift_id = create_shift(s, ShiftDraft(area, start.date(), start.time(),
                                              time((start.hour + 4) % 24, start.minute),
                                              {"officer": 1}))
    finally:
        s.close()
    return shift_id, staff_id, payroll


def test_override_needs_a_reason_and_records_it(demo_db: Path) -> None:
    shift_id, staff_id, payroll = _clash_setup(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, shift_id)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        await type_text(pilot, payroll)
        await pilot.pause()
        assert [c.staff_id for c in picker.shown] == [staff_id]
        assert picker.shown[0].verdict == "needs override"
        assert any("rest" in r for r in picker.shown[0].ranked.reasons)
        await pilot.press("enter")
        await settle(pilot)
        reason = app.screen
        assert isinstance(reason, ReasonModal)
        await pilot.press("enter")  # empty: refused inline
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        assert "reason is required" in reason.error_text
        assert _live(app, shift_id) == []
        await type_text(pilot, "only officer trained for the area")
        await pilot.press("enter")
        await settle(pilot)
        assert _live(app, shift_id) == [(staff_id, "planned", "only officer trained for the area")]
        audit = audit_rows(app, "assignment.override")
        assert audit[-1][3] == staff_id and audit[-1][4] == "only officer trained for the area"

    drive(demo_db, script)


def test_override_refused_when_reason_abandoned(demo_db: Path) -> None:
    shift_id, _, payroll = _clash_setup(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        screen = await open_shift(pilot, shift_id)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, payroll)
        await pilot.press("enter")
        await settle(pilot)
        reason = app.screen
        assert isinstance(reason, ReasonModal)
        await type_text(pilot, "half a reason")
        assert reason.query_one("#reason", Input).has_focus
        await pilot.press("escape")  # one Escape, typing in the field: the box closes
        await settle(pilot)
        assert app.screen is screen
        assert "needs a reason" in str(screen.query_one("#message", Static).content)
        assert _live(app, shift_id) == []
        assert audit_rows(app, "assignment.override") == []

    drive(demo_db, script)


def _first_planned(app: Any, shift_id: str) -> tuple[str, str]:
    return rows(app, "SELECT x.id, x.staff_id FROM assignments x JOIN staff p ON p.id = x.staff_id "
                     "WHERE x.shift_id = ? AND x.status = 'planned' ORDER BY p.kind, p.name LIMIT 1",
                [shift_id])[0]


def test_unassign_needs_a_reason(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, shift_id)
        assignment_id, staff_id = _first_planned(app, shift_id)
        await pilot.press("d")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ReasonModal)
        await pilot.press("enter")
        await pilot.pause()
        assert "reason is required" in modal.error_text
        assert rows(app, "SELECT status FROM assignments WHERE id = ?", [assignment_id]) == [("planned",)]
        await type_text(pilot, "sick")
        await pilot.press("escape")  # cancels at once: nothing saved, the patrol's page again
        await pilot.pause()
        assert isinstance(app.screen, ShiftScreen)
        assert rows(app, "SELECT status FROM assignments WHERE id = ?", [assignment_id]) == [("planned",)]
        assert audit_rows(app, "assignment.cancel") == []
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        await type_text(pilot, "sick")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(app, "SELECT status, reason FROM assignments WHERE id = ?",
                    [assignment_id]) == [("cancelled", "sick")]
        assert audit_rows(app, "assignment.cancel")[-1][1:] == (assignment_id, shift_id, staff_id, "sick")

    drive(demo_db, script)


def test_book_hours_and_reject_bad_times(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, shift_id)
        assignment_id, _ = _first_planned(app, shift_id)
        await pilot.press("b")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, BookModal)
        on = modal.query_one("#on", Input).value
        await submit(pilot, modal, {"off": on})  # off == on: refused
        assert "after the on-duty time" in modal.error_text
        await submit(pilot, modal, {"off": "tomorrow 3am"})
        assert "Off duty" in modal.error_text
        assert rows(app, "SELECT status FROM assignments WHERE id = ?", [assignment_id]) == [("planned",)]
        day = on[:10]
        ends = from_utc_text(rows(app, "SELECT end_utc FROM shifts WHERE id = ?", [shift_id])[0][0])
        nxt = to_local_naive(ends).date()
        await submit(pilot, modal, {"on": f"{day} 18:15", "off": f"{nxt} 02:30"})
        # The app's day (Wed 25 Nov) is before the patrol: refused in the form, nothing written.
        assert app.screen is modal and "before it has started" in modal.error_text
        assert rows(app, "SELECT status FROM assignments WHERE id = ?", [assignment_id]) == [("planned",)]
        app.clock = lambda: ends + timedelta(hours=1)
        await submit(pilot, modal, {"on": f"{day} 18:15", "off": f"{nxt} 02:30"})
        status, minutes = rows(app, "SELECT status, worked_minutes FROM assignments WHERE id = ?",
                               [assignment_id])[0]
        assert status == "worked" and minutes == 8 * 60 + 15
        assert audit_rows(app, "assignment.book")[-1][1] == assignment_id

    drive(demo_db, script)


def test_mark_no_show(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, shift_id)
        assignment_id, _ = _first_planned(app, shift_id)
        await pilot.press("b")
        await pilot.pause()
        app.screen.query_one("#outcome", Select).value = "no_show"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(app, "SELECT status FROM assignments WHERE id = ?", [assignment_id]) == [("no_show",)]
        assert audit_rows(app, "assignment.no_show")[-1][1] == assignment_id

    drive(demo_db, script)


def test_record_outcomes_rejects_words(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        modal = await open_form(pilot, shift_id, "o", OutcomesModal)
        await submit(pilot, modal, {"arrests": "two"})
        assert "Arrests" in modal.error_text
        assert rows(app, "SELECT count(*) FROM outcomes WHERE shift_id = ?", [shift_id]) == [(0,)]
        await submit(pilot, modal, {"arrests": "2", "dispersals": "3", "cpw": "1",
                                    "informal_warnings": "4"})
        assert rows(app, "SELECT arrests, dispersals, cpw, pspo, informal_warnings FROM outcomes "
                         "WHERE shift_id = ?", [shift_id]) == [(2, 3, 1, 0, 4)]
        assert audit_rows(app, "outcomes.record")[-1][2] == shift_id
        shown = str(app.screen.query_one("#outcomes", Static).content)
        assert "2 arrests" in shown and "4 informal warnings" in shown

    drive(demo_db, script)


def test_edit_patrol_moves_people_and_rejects_bad_times(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        before = rows(app, "SELECT start_utc, end_utc FROM shifts WHERE id = ?", [shift_id])[0]
        modal = await open_form(pilot, shift_id, "e", ShiftFormModal)
        await submit(pilot, modal, {"end": "25:00"})
        assert "Finish" in modal.error_text
        assert rows(app, "SELECT start_utc, end_utc FROM shifts WHERE id = ?", [shift_id])[0] == before
        await submit(pilot, modal, {"end": "23:00", "notes": "town centre focus"})
        start, end, notes = rows(app, "SELECT start_utc, end_utc, notes FROM shifts WHERE id = ?",
                                 [shift_id])[0]
        assert start == before[0] and end != before[1] and notes == "town centre focus"
        assert f"{to_local_naive(from_utc_text(end)):%H:%M}" == "23:00"
        moved = rows(app, "SELECT DISTINCT end_utc FROM assignments WHERE shift_id = ? "
                          "AND status = 'planned'", [shift_id])
        assert moved in ([(end,)], [])
        assert audit_rows(app, "shift.edit")[-1][2] == shift_id

    drive(demo_db, script)


def test_cancel_patrol_with_reason_takes_everyone_off(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await open_shift(pilot, shift_id)
        people = len(_live(app, shift_id))
        await pilot.press("x")
        await pilot.pause()
        modal = app.screen
        await pilot.press("enter")
        await pilot.pause()
        assert "reason is required" in modal.error_text
        await type_text(pilot, "event called off")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(app, "SELECT status, cancel_reason FROM shifts WHERE id = ?",
                    [shift_id]) == [("cancelled", "event called off")]
        assert _live(app, shift_id) == []
        assert len(audit_rows(app, "assignment.cancel")) == people
        assert audit_rows(app, "shift.cancel")[-1][4] == "event called off"
        await pilot.press("a")  # cancelled: refused inline
        await pilot.pause()
        assert "reinstate" in str(app.screen.query_one("#message", Static).content)
        await pilot.press("r")
        await settle(pilot)
        assert rows(app, "SELECT status FROM shifts WHERE id = ?", [shift_id]) == [("planned",)]

    drive(demo_db, script)


def test_patrol_break_is_edited_on_the_form_and_shown_on_the_page(demo_db: Path) -> None:
    shift_id = _under_covered_shift(demo_db)

    async def script(pilot: Any) -> None:
        app = pilot.app
        modal = await open_form(pilot, shift_id, "e", ShiftFormModal)
        await submit(pilot, modal, {"break": "half an hour"})
        assert "Break" in modal.error_text
        await submit(pilot, modal, {"break": "45"})
        assert rows(app, "SELECT break_minutes FROM shifts WHERE id = ?", [shift_id]) == [(45,)]
        assert "break 45 min" in str(app.screen.query_one("#summary", Static).content)

    drive(demo_db, script)
