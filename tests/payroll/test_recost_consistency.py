"""The bulk pass and the per-change recost give the same lines."""

from __future__ import annotations

from hotspot_tui.domain.access import Permission
from hotspot_tui.services.costing import recost_for_change


def _lines(session, staff_id):  # type: ignore[no-untyped-def]
    return session.db.execute(
        "SELECT assignment_id, line_no, period_id, cost_code, basis, code, minutes, rate, multiplier,"
        " amount_pence, reason FROM pay_lines WHERE staff_id = ? ORDER BY assignment_id, line_no",
        [staff_id]).fetchall()


def test_recost_for_change_matches_bulk_pass(session) -> None:  # type: ignore[no-untyped-def]
    people = session.db.execute(
        "SELECT staff_id, min(start_utc), max(end_utc) FROM assignments GROUP BY staff_id "
        "ORDER BY staff_id LIMIT 60").fetchall()
    kinds = set()
    for staff_id, first, last in people:
        before = _lines(session, staff_id)
        with session.writing(Permission.UPKEEP) as db:
            recost_for_change(db, staff_id, first, last)
        assert _lines(session, staff_id) == before
        kinds.add(session.db.execute("SELECT kind FROM staff WHERE id = ?", [staff_id]).fetchone()[0])
    assert kinds == {"officer", "pcso", "ceo"}
