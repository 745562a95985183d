"""The patrol page says why each person's pay is what it is."""

from __future__ import annotations

from datetime import date, time

from hotspot_tui.services.assignments import AssignOptions, assign
from hotspot_tui.services.candidates import candidates_for
from hotspot_tui.services.shifts import ShiftDraft, create_shift, shift_detail


def test_a_rest_day_on_long_notice_shows_no_premium_and_the_day_owed(session) -> None:  # type: ignore[no-untyped-def]
    area = session.db.execute("SELECT id FROM areas WHERE name = 'Watford'").fetchone()[0]
    shift_id = create_shift(session, ShiftDraft(area, date(2026, 12, 18), time(18), time(2),
                                                {"officer": 2}))
    constable = next(c for c in candidates_for(session, shift_id, "officer", limit=20)
                     if c.ranked.can_assign and session.db.execute(
                         "SELECT rank FROM staff WHERE id = ?", [c.staff_id]).fetchone()[0] == "constable")
    assign(session, shift_id, [constable.staff_id],
           AssignOptions(told_on=date(2026, 11, 20), rest_day=True))
    [on] = shift_detail(session, shift_id).people
    assert on.cost_pence == 0
    assert any("no premium" in note and "replacement rest day owed" in note
               for note in on.pay_notes), on.pay_notes
