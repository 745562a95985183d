"""Patrols worked through the public services, for the pay tests: make a patrol, put
someone on it, book their hours."""

from __future__ import annotations

from datetime import date, time, timedelta

from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.services.assignments import AssignOptions, assign, book_hours
from hotspot_tui.services.shifts import ShiftDraft, create_shift
from hotspot_tui.services.staff import get_person


def area_id(session) -> str:  # type: ignore[no-untyped-def]
    return session.db.execute("SELECT id FROM areas WHERE active = 1 ORDER BY name LIMIT 1").fetchone()[0]


def idle_person(session, kind: str, *, not_between: tuple[str, str], skip: int = 0,  # type: ignore[no-untyped-def]
                employer_kind: str | None = None) -> str:
    """Someone of `kind` with no assignment at all between two dates (patrol days)."""
    sql = """
        SELECT st.id FROM staff st JOIN employers e ON e.id = st.employer_id
        WHERE st.kind = ? AND st.active = 1 AND (? IS NULL OR e.kind = ?) AND st.id NOT IN (
            SELECT a.staff_id FROM assignments a JOIN shifts s ON s.id = a.shift_id
            WHERE s.local_date BETWEEN ? AND ?)
        ORDER BY st.payroll_number LIMIT 1 OFFSET ?
    """
    return session.db.execute(sql, [kind, employer_kind, employer_kind, *not_between, skip]).fetchone()[0]


def work(session, staff_id: str, day: date, start: time, end: time, *, kind: str,  # type: ignore[no-untyped-def]
         rest_day: bool = False, told_on: date | None = None, book: bool = True,
         area: str | None = None) -> str:
    """A new patrol on `day` (in `area`, else the first) worked by one person as planned;
    returns the assignment id."""
    shift_id = create_shift(session, ShiftDraft(area or area_id(session), day, start, end, {kind: 1}))
    [made] = assign(session, shift_id, [staff_id],
                    AssignOptions(rest_day=rest_day, told_on=told_on or day, override_reason="test"))
    if book:
        row = session.db.execute("SELECT start_utc, end_utc FROM assignments WHERE id = ?", [made]).fetchone()
        # Booked the day after, as a supervisor books hours once they are worked.
        book_hours(session, made, from_utc_text(row[0]), from_utc_text(row[1]),
                   now=from_utc_text(row[1]) + timedelta(days=1))
    return made


def rebook(session, assignment_id: str, *, longer_by: int) -> None:  # type: ignore[no-untyped-def]
    """Correct the booked off-duty time by `longer_by` minutes."""
    row = session.db.execute("SELECT actual_start_utc, actual_end_utc FROM assignments WHERE id = ?",
                             [assignment_id]).fetchone()
    end = from_utc_text(row[1]) + timedelta(minutes=longer_by)
    book_hours(session, assignment_id, from_utc_text(row[0]), end, now=end + timedelta(days=1))


def cost(session, assignment_id: str) -> int:  # type: ignore[no-untyped-def]
    return session.db.execute("SELECT cost_pence FROM assignments WHERE id = ?",
                              [assignment_id]).fetchone()[0]


def payroll_number(session, staff_id: str) -> str:  # type: ignore[no-untyped-def]
    return get_person(session, staff_id)["payroll_number"]
