"""A pay rise entered after a pay period was locked and sent: the locked period's pay and
file stay as they were sent; patrols from the first open period are paid at the new rate."""

from __future__ import annotations

from pathlib import Path

from hotspot_tui.domain.staff_input import StaffInput
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.payroll import export_payroll
from tests.payroll.helpers import mismatched_costs


def _person_worked_in_may_and_later(session) -> str:  # type: ignore[no-untyped-def]
    return session.db.execute(
        """
        SELECT st.id FROM staff st
        JOIN assignments a ON a.staff_id = st.id JOIN shifts s ON s.id = a.shift_id
        JOIN employers e ON e.id = st.employer_id
        WHERE st.pay_basis = 'annual' AND e.kind = 'force' AND a.status = 'worked'
        GROUP BY st.id
        HAVING sum(s.local_date LIKE '2026-05-%') > 0 AND sum(s.local_date >= '2026-06-01') > 1
        ORDER BY st.id LIMIT 1
        """
    ).fetchone()[0]


def _lines(session, staff_id: str, period: str) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    return session.db.execute(
        "SELECT assignment_id, line_no, code, minutes, rate, amount_pence FROM pay_lines "
        "WHERE staff_id = ? AND period_id = ? ORDER BY assignment_id, line_no",
        [staff_id, period],
    ).fetchall()


def _paid_after_may(session, staff_id: str) -> int:  # type: ignore[no-untyped-def]
    return session.db.execute(
        "SELECT coalesce(sum(amount_pence), 0) FROM pay_lines WHERE staff_id = ? AND period_id > '2026-05'",
        [staff_id],
    ).fetchone()[0]


def test_a_pay_rise_after_a_lock_keeps_the_sent_period_and_pays_the_open_ones_more(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sent = export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    assert sent.final
    staff_id = _person_worked_in_may_and_later(session)
    may_before = _lines(session, staff_id, "2026-05")
    later_before = _paid_after_may(session, staff_id)
    assert may_before and later_before > 0

    raw = staff_service.input_from_person(staff_service.get_person(session, staff_id))
    rise = str(int(raw.salary.replace(",", "").replace("£", "")) + 6_000)
    changed = staff_service.edit_person(session, staff_id, StaffInput(**{**raw.__dict__, "salary": rise}),
                                        reason="pay award")
    assert "annual_salary_pence" in changed

    assert _lines(session, staff_id, "2026-05") == may_before, "a sent period's pay does not move"
    assert _paid_after_may(session, staff_id) > later_before
    assert mismatched_costs(session) == 0
    again = export_payroll(session, "2026-05", out=tmp_path / "may-again.csv")
    assert again.relocked
    assert (tmp_path / "may-again.csv").read_bytes() == (tmp_path / "may.csv").read_bytes()
    june = export_payroll(session, "2026-06", out=tmp_path / "june.csv")
    assert june.adjustments == 0, "nothing in May changed, so June carries no adjustment for it"
