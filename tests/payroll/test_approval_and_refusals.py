"""Approval before payment, and what stops a final export: not ended, unapproved, unmapped."""

from __future__ import annotations

import asyncio
import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from app_settle import settle
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services import payroll as payroll_service
from hotspot_tui.services.approvals import approve_patrol
from hotspot_tui.services.assignments import book_hours
from hotspot_tui.services.payroll import export_payroll, preview_export
from hotspot_tui.services.session import open_session
from hotspot_tui.services.settings import SettingInvalid, change_setting
from tests.payroll.helpers import approve_everything

pytestmark = pytest.mark.usefixtures("pinned_clock")  # bookings and locks by a fixed day

APPROVED, PATROL_REF, ELEMENT, RULE = 15, 6, 9, 10
SINCE = date(2026, 1, 1)


def _patrol_booked_by(session, booker: str, month: str = "2026-11") -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(assignment id, patrol ref) of an unapproved November booking, re-booked by `booker`."""
    row = session.db.execute(
        """
        SELECT a.id, a.actual_start_utc, a.actual_end_utc, s.ref
        FROM assignments a JOIN shifts s ON s.id = a.shift_id JOIN staff st ON st.id = a.staff_id
        WHERE a.status = 'worked' AND a.approved_by IS NULL AND s.local_date LIKE ?
          AND st.kind = 'officer' ORDER BY s.local_date, a.id LIMIT 1
        """, [f"{month}-%"]).fetchone()
    booking = open_session(session.path, booker)
    try:
        book_hours(booking, row[0], from_utc_text(row[1]), from_utc_text(row[2]))
    finally:
        booking.close()
    return row[0], row[3]


def _approval(session, assignment_id: str) -> tuple[str | None, str | None, str | None]:  # type: ignore[no-untyped-def]
    return session.db.execute("SELECT booked_by, approved_by, approved_at FROM assignments WHERE id = ?",
                              [assignment_id]).fetchone()


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def test_approve_on_the_command_line_records_who_and_when(demo_db: Path, session) -> None:  # type: ignore[no-untyped-def]
    assignment, ref = _patrol_booked_by(session, "PS Booker")
    result = run("--as", "Insp Checker", "approve", ref.lower(), "--db", str(demo_db))
    assert result.exit_code == 0, result.output
    assert f"on patrol {ref}" in result.output and "approved" in result.output
    booked, approved, at = _approval(session, assignment)
    assert (booked, approved) == ("PS Booker", "Insp Checker") and at
    audit = session.db.execute("SELECT actor, details FROM audit_log WHERE action = 'assignment.approve'"
                               " AND entity_id = ?", [assignment]).fetchall()
    assert len(audit) == 1 and audit[0][0] == "Insp Checker" and "PS Booker" in audit[0][1]
    for typo in ("NOSUCHREF", ""):
        bad = run("approve", typo, "--db", str(demo_db))
        assert bad.exit_code == 2 and bad.output.startswith("hotspot-tui: ")
        assert len(bad.output.strip().splitlines()) == 1


def test_nobody_approves_their_own_booking_unless_the_operation_allows_it(session) -> None:  # type: ignore[no-untyped-def]
    assignment, ref = _patrol_booked_by(session, "PS Tester")
    others = session.db.execute(
        "SELECT count(*) FROM assignments a JOIN assignments b ON b.shift_id = a.shift_id"
        " WHERE a.id = ? AND b.status = 'worked' AND b.approved_by IS NULL", [assignment]).fetchone()[0]
    if others == 1:
        with pytest.raises(ValidationFailed, match="another supervisor must approve"):
            approve_patrol(session, ref)
    else:
        result = approve_patrol(session, ref)
        assert result.own and "left for another supervisor" in result.summary()
    assert _approval(session, assignment)[1] is None
    with pytest.raises(SettingInvalid, match="say why"):
        change_setting(session, "approval.self_approval", "true", SINCE, "")
    change_setting(session, "approval.self_approval", "true", SINCE, "one supervisor on nights")
    approve_patrol(session, ref)
    assert _approval(session, assignment)[1] == "PS Tester"


def test_changing_an_approved_booking_clears_its_approval(session) -> None:  # type: ignore[no-untyped-def]
    assignment, ref = _patrol_booked_by(session, "PS Booker")
    approve_patrol(open_session(session.path, "Insp Checker"), ref)
    assert _approval(session, assignment)[1] == "Insp Checker"
    start, end = session.db.execute("SELECT actual_start_utc, actual_end_utc FROM assignments WHERE id = ?",
                                    [assignment]).fetchone()
    book_hours(session, assignment, from_utc_text(start), from_utc_text(end) + timedelta(minutes=30))
    assert _approval(session, assignment)[1:] == (None, None)


def test_a_final_export_refuses_unapproved_bookings_listing_them_and_a_draft_marks_them(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for month in ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"):
        export_payroll(session, month, out=tmp_path / f"{month}.csv", final=True)
    _, ref = _patrol_booked_by(session, "PS Booker")
    with pytest.raises(ValidationFailed, match="not approved") as refused:
        export_payroll(session, "2026-11", out=tmp_path / "nov.csv", final=True)
    assert ref in str(refused.value) and "hotspot-tui approve" in str(refused.value)
    assert "\n" not in str(refused.value) and not (tmp_path / "nov.csv").exists()
    assert preview_export(session, "2026-11").status == "open"
    draft = export_payroll(session, "2026-11", out=tmp_path / "nov-draft.csv")
    with draft.path.open(newline="", encoding="utf-8") as fh:
        lines = [r for r in list(csv.reader(fh))[1:] if r and r[0] != "TOTAL"]
    marked = [r for r in lines if r[APPROVED] == "NOT APPROVED"]
    assert marked and draft.unapproved == len(marked) and any(r[PATROL_REF] == ref for r in marked)
    assert preview_export(session, "2026-11").unapproved > 0
    approve_everything(session, "2026-11")
    final = export_payroll(session, "2026-11", out=tmp_path / "nov.csv", final=True)
    assert final.final and final.total_pence == draft.total_pence


def test_a_period_is_final_only_once_it_has_ended_or_early_with_a_reason(
        demo_db: Path, session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(payroll_service, "_today", lambda: date(2026, 5, 20))
    with pytest.raises(ValidationFailed, match=r"has not ended .*--early"):
        export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    assert not preview_export(session, "2026-05").ended
    with pytest.raises(ValidationFailed, match="has not ended"):
        export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True, early_reason="  ")
    result = export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True,
                            early_reason="payroll cut-off on the 20th")
    assert result.final
    reason, details = session.db.execute(
        "SELECT reason, details FROM audit_log WHERE action = 'payroll.lock'").fetchone()
    assert reason == "payroll cut-off on the 20th" and '"early":true' in details


@pytest.mark.parametrize(("args", "message"), [
    (("--early", "--reason", "x"), "--early goes with --final"),
    (("--final", "--early"), "--early needs --reason"),
    (("--final", "--reason", "x"), "--reason goes with --early"),
])
def test_early_needs_final_and_a_reason(demo_db: Path, args: tuple[str, ...], message: str) -> None:
    result = run("export", "payroll", "--db", str(demo_db), "--period", "2026-05", *args)
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_unmapped_pay_rules_stop_a_final_export_and_codes_are_configuration(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    change_setting(session, "element_codes.rd_1_5", "", SINCE, "the force has not given us its code yet")
    change_setting(session, "element_codes.ot_4_3", "4711", SINCE, "finance element for planned overtime")
    with pytest.raises(ValidationFailed, match=r"no payroll element code for RD_1_5 \(officer rest day"):
        export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    assert preview_export(session, "2026-05").missing_codes == ("RD_1_5",)
    draft = export_payroll(session, "2026-05", out=tmp_path / "may-draft.csv")
    with draft.path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    lines = [r for r in rows[1:] if r and r[0] != "TOTAL"]
    assert {r[ELEMENT] for r in lines if r[RULE] == "OT_4_3"} == {"4711"}
    assert {r[ELEMENT] for r in lines if r[RULE] == "RD_1_5"} == {""}
    assert any("(no element code for RD_1_5)" in r for r in rows if r and r[0] == "TOTAL")
    with pytest.raises(SettingInvalid, match="not a setting"):
        change_setting(session, "element_codes.ot_9_9", "X", SINCE, "typo")
    with pytest.raises(SettingInvalid, match="element code"):
        change_setting(session, "element_codes.rd_1_5", "=CMD()", SINCE, "hostile")
    change_setting(session, "element_codes.rd_1_5", "4712", SINCE, "code arrived")
    assert export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True).final
    changes = session.db.execute("SELECT count(*) FROM audit_log WHERE action = 'setting.change'"
                                 " AND entity_id LIKE 'element_codes.%'").fetchone()[0]
    assert changes == 3


def test_approve_a_patrol_in_one_key(demo_db: Path, session) -> None:  # type: ignore[no-untyped-def]
    assignment, _ = _patrol_booked_by(session, "PS Booker")
    shift_id = session.db.execute("SELECT shift_id FROM assignments WHERE id = ?", [assignment]).fetchone()[0]
    asyncio.run(_approve_in_the_app(demo_db, shift_id))
    assert _approval(session, assignment)[1] == "Insp Checker"


async def _approve_in_the_app(demo_db: Path, shift_id: str) -> None:
    from textual.widgets import DataTable

    from hotspot_tui.tui.app import make_app
    from hotspot_tui.tui.screens.shift import ShiftScreen

    app = make_app(open_session(demo_db, "Insp Checker"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.push_screen(ShiftScreen(shift_id))
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        table = app.screen.query_one("#people", DataTable)
        statuses = {str(table.get_row_at(i)[3]) for i in range(table.row_count)}
        assert "approved" in statuses
