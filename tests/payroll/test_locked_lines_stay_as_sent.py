"""A locked pay period never changes: its stored pay lines stay as they were sent, and a
later correction to one of its duties is paid as adjustment lines in the next open period."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from hotspot_tui.services.payroll import export_payroll
from tests.payroll.helpers import approve_everything
from tests.payroll.world import idle_person, rebook, work


def _lines(session, period: str) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    return session.db.execute(
        "SELECT assignment_id, line_no, code, minutes, rate, multiplier, amount_pence FROM pay_lines "
        "WHERE period_id = ? ORDER BY assignment_id, line_no", [period]).fetchall()


def test_a_correction_to_a_duty_in_a_locked_period_leaves_its_stored_lines_as_sent(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pc = idle_person(session, "officer", not_between=("2026-05-01", "2026-05-31"), employer_kind="force")
    wednesday = work(session, pc, date(2026, 5, 13), time(18), time(22), kind="officer")
    approve_everything(session)
    export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    sent = _lines(session, "2026-05")
    rebook(session, wednesday, longer_by=15)
    assert _lines(session, "2026-05") == sent
