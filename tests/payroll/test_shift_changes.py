"""Cancelling or moving a patrol keeps cost_pence equal to the pay lines."""

from __future__ import annotations

from datetime import timedelta

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.services.costing import recost_person
from hotspot_tui.services.shifts import ShiftDraft, cancel_shift, edit_shift
from tests.payroll.helpers import mismatched_costs


def _planned_shift(session):  # type: ignore[no-untyped-def]
    return session.db.execute(
        "SELECT s.id FROM shifts s WHERE s.status = 'planned' AND EXISTS (SELECT 1 FROM assignments a"
        " WHERE a.shift_id = s.id AND a.status = 'planned' AND a.cost_pence > 0) ORDER BY s.start_utc LIMIT 1"
    ).fetchone()[0]


def test_cancel_shift_zeroes_costs(session) -> None:  # type: ignore[no-untyped-def]
    shift = _planned_shift(session)
    assert cancel_shift(session, shift, "Weather") > 0
    sql = "SELECT sum(cost_pence) FROM assignments WHERE shift_id = ?"
    assert session.db.execute(sql, [shift]).fetchone() == (0,)
    assert mismatched_costs(session) == 0


def test_edit_shift_recosts(session) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.domain.clock import to_local_naive

    shift_id = _planned_shift(session)
    row = session.db.execute("SELECT area_id, start_utc, end_utc, need_officer, need_pcso, need_ceo, notes"
                             " FROM shifts WHERE id = ?", [shift_id]).fetchone()
    before = session.db.execute("SELECT sum(cost_pence) FROM assignments WHERE shift_id = ?",
                                [shift_id]).fetchone()[0]
    start = to_local_naive(from_utc_text(row[1]), "Europe/London")
    end = to_local_naive(from_utc_text(row[2]) + timedelta(hours=2), "Europe/London")
    draft = ShiftDraft(area_id=row[0], day=start.date(), start=start.time(), end=end.time(),
                       need={"officer": row[3], "pcso": row[4], "ceo": row[5]}, notes=row[6])
    edit_shift(session, shift_id, draft)
    after = session.db.execute("SELECT sum(cost_pence) FROM assignments WHERE shift_id = ?",
                               [shift_id]).fetchone()[0]
    assert after > before
    assert mismatched_costs(session) == 0


def test_recost_person_after_a_pay_change(session) -> None:  # type: ignore[no-untyped-def]
    staff_id = session.db.execute(
        "SELECT staff_id FROM assignments a JOIN staff s ON s.id = a.staff_id WHERE s.kind = 'pcso'"
        " AND a.status = 'worked' LIMIT 1").fetchone()[0]
    total = "SELECT sum(cost_pence) FROM assignments WHERE staff_id = ?"
    before = session.db.execute(total, [staff_id]).fetchone()[0]
    session.db.execute("UPDATE staff SET annual_salary_pence = annual_salary_pence * 2 WHERE id = ?",
                       [staff_id])
    with session.writing(Permission.UPKEEP) as db:
        recost_person(db, staff_id)
    assert session.db.execute(total, [staff_id]).fetchone()[0] > before
    assert mismatched_costs(session) == 0
