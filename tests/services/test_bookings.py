"""Bookings that can be trusted: not before the patrol, on the patrol or with a reason, the
reason kept, the patrol's status from its bookings, one key to book everyone as planned,
and outcomes in proportion to the people on the patrol."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from worktime_helpers import at, officer, patrol, put_on

from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.assignments import book_as_planned, book_hours, mark_no_show
from hotspot_tui.services.outcomes import NeedsConfirmation, record_outcomes
from hotspot_tui.services.shifts import cancel_shift, shift_detail

FRI = date(2026, 12, 4)


@pytest.fixture
def friday(session):  # type: ignore[no-untyped-def]
    """A Friday 18:00-20:00 patrol with four officers on it."""
    shift = patrol(session, FRI, time(18), time(20))
    people = [officer(session, f"Officer {i}") for i in range(4)]
    made = put_on(session, shift, *people)
    return shift, made


def _row(session, assignment_id: str):  # type: ignore[no-untyped-def]
    return session.db.execute(
        "SELECT status, actual_start_utc, reason FROM assignments WHERE id = ?", [assignment_id]
    ).fetchone()


def test_a_patrol_cannot_be_booked_as_worked_before_it_has_started(session, friday) -> None:  # type: ignore[no-untyped-def]
    _, made = friday
    with pytest.raises(ValidationFailed, match="before it has started"):
        book_hours(session, made[0], at(2026, 12, 4, 18), at(2026, 12, 4, 20),
                   now=at(2026, 12, 2, 9))
    assert _row(session, made[0])[0] == "planned"
    with pytest.raises(ValidationFailed, match="before it has started"):
        book_as_planned(session, friday[0], now=at(2026, 12, 2, 9))


def test_times_still_to_come_cannot_be_booked(session, friday) -> None:  # type: ignore[no-untyped-def]
    _, made = friday
    with pytest.raises(ValidationFailed, match=r"off-duty time .* has not come yet"):
        book_hours(session, made[0], at(2026, 12, 4, 18), at(2026, 12, 4, 20),
                   now=at(2026, 12, 4, 19))


def test_a_booking_far_from_the_patrol_needs_a_reason(session, friday) -> None:  # type: ignore[no-untyped-def]
    _, made = friday
    after = at(2026, 12, 5, 9)
    with pytest.raises(ValidationFailed, match=r"more than 4 h from the patrol.*give a reason"):
        book_hours(session, made[0], at(2026, 11, 1, 18), at(2026, 11, 1, 20), now=after)
    assert _row(session, made[0])[0] == "planned"
    book_hours(session, made[0], at(2026, 11, 1, 18), at(2026, 11, 1, 20),
               "worked the November cover on this booking", now=after)
    assert _row(session, made[0])[0] == "worked"


def test_a_booking_within_the_margin_needs_no_reason(session, friday) -> None:  # type: ignore[no-untyped-def]
    _, made = friday
    minutes = book_hours(session, made[0], at(2026, 12, 4, 15), at(2026, 12, 4, 23, 30),
                         now=at(2026, 12, 5, 9))
    assert minutes == 8 * 60 + 30


def test_the_reason_for_a_short_booking_is_kept_and_audited(session, friday) -> None:  # type: ignore[no-untyped-def]
    _, made = friday
    book_hours(session, made[0], at(2026, 12, 4, 18), at(2026, 12, 4, 19), "went home sick",
               now=at(2026, 12, 5, 9))
    assert _row(session, made[0])[2] == "went home sick"
    reason, details = session.db.execute(
        "SELECT reason, details FROM audit_log WHERE action = 'assignment.book' AND entity_id = ?",
        [made[0]]).fetchone()
    assert reason == "went home sick"
    assert json.loads(details)["minutes"] == 60
    person = next(p for p in shift_detail(session, friday[0]).people if p.assignment_id == made[0])
    assert person.reason == "went home sick"


def test_the_patrol_status_follows_its_bookings(session, friday) -> None:  # type: ignore[no-untyped-def]
    shift, made = friday
    after = at(2026, 12, 5, 9)
    assert shift_detail(session, shift).booking == "planned"
    book_hours(session, made[0], at(2026, 12, 4, 18), at(2026, 12, 4, 20), now=after)
    assert shift_detail(session, shift).booking == "part booked"
    mark_no_show(session, made[1], "did not turn up")
    assert shift_detail(session, shift).booking == "part booked"
    assert len(book_as_planned(session, shift, now=after)) == 2
    assert shift_detail(session, shift).booking == "booked"


def test_a_cancelled_patrol_says_so(session) -> None:  # type: ignore[no-untyped-def]
    shift = patrol(session, FRI, time(12), time(14))
    cancel_shift(session, shift, "storm warning")
    assert shift_detail(session, shift).booking == "cancelled"


def test_book_all_as_planned_books_everyone_at_the_planned_times(session, friday) -> None:  # type: ignore[no-untyped-def]
    shift, made = friday
    assert len(book_as_planned(session, shift, now=at(2026, 12, 4, 20))) == 4
    rows = session.db.execute(
        f"SELECT status, actual_start_utc, actual_end_utc, worked_minutes FROM assignments "
        f"WHERE id IN ({', '.join('?' * len(made))})", made).fetchall()
    assert {tuple(r) for r in rows} == {("worked", "2026-12-04T18:00:00Z", "2026-12-04T20:00:00Z", 120)}
    assert session.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'assignment.book' AND shift_id = ?",
        [shift]).fetchone()[0] == 4
    with pytest.raises(ValidationFailed, match="nobody on this patrol is still planned"):
        book_as_planned(session, shift, now=at(2026, 12, 4, 20))


def test_outcomes_no_patrol_could_record_are_refused(session, friday) -> None:  # type: ignore[no-untyped-def]
    shift, _ = friday
    with pytest.raises(ValidationFailed, match="Arrests: 10000 is more than any one patrol"):
        record_outcomes(session, shift, {"arrests": 10_000}, confirmed=True)
    assert session.db.execute("SELECT count(*) FROM outcomes WHERE shift_id = ?",
                              [shift]).fetchone()[0] == 0


def test_arrests_beyond_three_a_person_need_confirming(session, friday) -> None:  # type: ignore[no-untyped-def]
    shift, _ = friday
    record_outcomes(session, shift, {"arrests": 12})
    with pytest.raises(NeedsConfirmation, match="Arrests: 13 on a patrol of 4 people"):
        record_outcomes(session, shift, {"arrests": 13})
    assert session.db.execute("SELECT arrests FROM outcomes WHERE shift_id = ?",
                              [shift]).fetchone()[0] == 12
    record_outcomes(session, shift, {"arrests": 13}, confirmed=True)
    reason, details = session.db.execute(
        "SELECT reason, details FROM audit_log WHERE action = 'outcomes.record' AND shift_id = ? "
        "ORDER BY seq DESC LIMIT 1", [shift]).fetchone()
    assert "confirmed" in reason and json.loads(details)["after"]["arrests"] == 13


def test_the_actual_column_shows_the_date_when_it_is_not_the_patrols(session, friday) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.tui.screens.shift import actual_text

    shift, made = friday
    after = at(2026, 12, 5, 9)
    book_hours(session, made[0], at(2026, 11, 1, 18), at(2026, 11, 1, 20), "cover", now=after)
    book_hours(session, made[1], at(2026, 12, 4, 18), at(2026, 12, 4, 20), now=after)
    people = {p.assignment_id: p for p in shift_detail(session, shift).people}
    assert actual_text(people[made[0]]) == "01 Nov 18:00-01 Nov 20:00"
    assert actual_text(people[made[1]]) == "18:00-20:00"


def test_booking_as_planned_leaves_the_breaches_as_a_full_check_finds_them(session) -> None:  # type: ignore[no-untyped-def]
    """Booked at its planned times, a patrol changes nothing the working-time checks read:
    the breach overridden when the person was put on it stays, with its reason, and a
    full check of everyone finds the table exact."""
    from hotspot_tui.services.worktime_scan import rescan

    who = officer(session, "Rest [/] Short")
    put_on(session, patrol(session, FRI, time(8), time(16)), who)
    late = patrol(session, FRI, time(21), time(23), where="Hitchin")
    put_on(session, late, who, reason="late event")

    def breaches():  # type: ignore[no-untyped-def]
        return session.db.execute(
            "SELECT assignment_id, rule, message, override_reason FROM working_time_breaches "
            "WHERE staff_id = ? ORDER BY 1, 2", [who]).fetchall()

    before = breaches()
    assert [(r[1], r[3]) for r in before] == [("daily_rest", "late event")] * 2
    assert book_as_planned(session, late, now=at(2026, 12, 4, 23, 30)) == [("Rest [/] Short", 120)]
    assert breaches() == before
    report = rescan(session)
    assert (report.found, report.cleared) == (0, 0)
    assert breaches() == before
