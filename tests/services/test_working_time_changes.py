"""Working-time checks a force can rely on: normal duties count with patrols, every change
is checked again for everyone it affects, the 17-week average looks after the duty too,
opt-outs and straight-on are real, and a new breach is refused or carries a reason."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest
from worktime_helpers import at, breaches, officer, patrol, payroll_of, put_on, roster

from hotspot_tui.errors import RuleViolation
from hotspot_tui.services.assignments import book_hours, mark_no_show, unassign
from hotspot_tui.services.checks import violations_for
from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.services.shifts import ShiftDraft, cancel_shift, edit_shift, shift_detail
from hotspot_tui.services.worktime import set_opt_out

FRI = date(2026, 12, 4)


def test_a_tour_next_morning_breaks_daily_rest_and_is_named(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    who = officer(session)
    roster(session, tmp_path, [(payroll_of(session, who), "2026-12-05 07:00", "2026-12-05 15:00", "early")])
    shift = patrol(session, FRI, time(18), time(2))
    with pytest.raises(RuleViolation, match=r"only 5 h rest after \(before the early duty starting "
                                            r"Sat 05 Dec 07:00\); 11 h needed; give a reason"):
        put_on(session, shift, who)
    assert breaches(session, who) == []
    [made] = put_on(session, shift, who, reason="no one else; officer agreed")
    assert breaches(session, who) == [(made, "daily_rest", "no one else; officer agreed")]


def test_a_week_of_tours_leaves_no_weekly_rest(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    who = officer(session)
    number = payroll_of(session, who)
    days = [date(2026, 11, 30) + timedelta(days=n) for n in range(21)]
    roster(session, tmp_path, [(number, f"{d} 07:00", f"{d} 14:00", "early")
                               for d in days if d != date(2026, 12, 10)])
    shift = patrol(session, date(2026, 12, 10), time(7), time(14))
    found = {v.rule: v.message for v in violations_for(
        session.db, who, at(2026, 12, 10, 7), at(2026, 12, 10, 14), day=date(2026, 12, 10))}
    assert "weekly_rest" in found
    with pytest.raises(RuleViolation, match="uninterrupted rest"):
        put_on(session, shift, who)


def test_editing_a_patrols_times_checks_everyone_on_it_again(session) -> None:  # type: ignore[no-untyped-def]
    who = officer(session)
    friday = patrol(session, FRI, time(18), time(22))
    saturday = patrol(session, date(2026, 12, 5), time(9), time(13), where="Hitchin")
    put_on(session, friday, who)
    put_on(session, saturday, who)
    draft = shift_detail(session, friday).draft()
    later = ShiftDraft(draft.area_id, draft.day, time(18), time(3), draft.need, draft.notes)
    with pytest.raises(RuleViolation, match=r"only 6 h rest"):
        edit_shift(session, friday, later)
    assert session.db.execute("SELECT end_utc FROM shifts WHERE id = ?", [friday]).fetchone()[0] \
        == "2026-12-04T22:00:00Z"
    edit_shift(session, friday, later, override_reason="football kick-off moved")
    rules = {(r[1], r[2]) for r in breaches(session, who)}
    assert rules == {("daily_rest", "football kick-off moved")}
    with pytest.MonkeyPatch.context() as m:
        from hotspot_tui.domain import clock_utc

        m.setattr(clock_utc, "utc_now", lambda: at(2026, 12, 2, 9))
        alerts = [a.text for a in dashboard(session, date(2026, 12, 2)).alerts if a.kind == "override"]
    assert any("only 6 h rest" in a and "football kick-off moved" in a for a in alerts), alerts


def test_moving_a_patrol_back_clears_its_breach(session) -> None:  # type: ignore[no-untyped-def]
    who = officer(session)
    friday = patrol(session, FRI, time(18), time(22))
    saturday = patrol(session, date(2026, 12, 5), time(9), time(13), where="Hitchin")
    put_on(session, friday, who)
    put_on(session, saturday, who)
    draft = shift_detail(session, friday).draft()
    edit_shift(session, friday, ShiftDraft(draft.area_id, draft.day, time(18), time(3), draft.need),
               override_reason="late event")
    assert breaches(session, who)
    edit_shift(session, friday, ShiftDraft(draft.area_id, draft.day, time(17), time(21), draft.need))
    assert breaches(session, who) == []


def test_the_17_week_average_counts_duties_after_the_proposal(session) -> None:  # type: ignore[no-untyped-def]
    """Patrols booked out of order: sixteen later weeks first, then the earliest."""
    who = officer(session, contracted_hours="40")
    first = date(2026, 12, 7)
    for week in range(1, 17):
        put_on(session, patrol(session, first + timedelta(weeks=week), time(10), time(18)), who)
    earliest = patrol(session, first, time(9), time(18))
    with pytest.raises(RuleViolation, match=r"would average 48 h 03 min a week in the 17 weeks "
                                            r"from Mon 07 Dec 2026"):
        put_on(session, earliest, who)


def test_the_average_counts_later_normal_duties(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    who = officer(session)
    number = payroll_of(session, who)
    monday = date(2027, 1, 4)
    rows = []
    for week in range(17):
        for day in range(5):
            d = monday + timedelta(weeks=week, days=day)
            rows.append((number, f"{d} 07:00", f"{d} 18:00", "day"))
    roster(session, tmp_path, rows)
    shift = patrol(session, date(2026, 12, 31), time(10), time(18))
    with pytest.raises(RuleViolation, match="would average"):
        put_on(session, shift, who)


def test_the_opt_out_is_per_person_from_a_date_and_audited(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    who = officer(session, contracted_hours="40")
    first = date(2026, 12, 7)
    for week in range(1, 17):
        put_on(session, patrol(session, first + timedelta(weeks=week), time(10), time(18)), who)
    earliest = patrol(session, first, time(9), time(18))
    set_opt_out(session, who, True, date(2026, 12, 8), "signed form WT1 on 1 Dec")
    with pytest.raises(RuleViolation, match="would average"):  # not yet in force on 7 Dec
        put_on(session, earliest, who)
    set_opt_out(session, who, True, date(2026, 12, 1), "signed form WT1, dated 1 Dec")
    [made] = put_on(session, earliest, who)
    assert breaches(session, who) == []
    actions = session.db.execute(
        "SELECT reason, details FROM audit_log WHERE action = 'staff.opt_out' AND staff_id = ?",
        [who]).fetchall()
    assert [json.loads(d)["from"] for _, d in actions] == ["2026-12-08", "2026-12-01"]
    # Withdrawn: cannot be refused, and the breaches it brings are open on the dashboard.
    set_opt_out(session, who, False, date(2026, 12, 2), "withdrawn in writing")
    found = breaches(session, who)
    assert (made, "average_week", None) in found
    with pytest.MonkeyPatch.context() as m:
        from hotspot_tui.domain import clock_utc

        m.setattr(clock_utc, "utc_now", lambda: at(2026, 12, 2, 9))
        alerts = [a.text for a in dashboard(session, date(2026, 12, 2)).alerts if a.kind == "breach"]
    assert any("not overridden" in a and "would average" in a for a in alerts)


def test_a_night_workers_limit_holds_despite_the_opt_out(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    who = officer(session)
    number = payroll_of(session, who)
    monday = date(2027, 1, 4)
    rows = []
    for week in range(17):
        for day in range(5):
            d = monday + timedelta(weeks=week, days=day)
            rows.append((number, f"{d} 20:00", f"{d} 07:00", "night"))
    set_opt_out(session, who, True, date(2026, 12, 1), "signed")
    roster(session, tmp_path, rows)
    shift = patrol(session, date(2026, 12, 31), time(10), time(18))
    found = {v.rule: v for v in violations_for(session.db, who, at(2026, 12, 31, 10),
                                                at(2026, 12, 31, 18), day=date(2026, 12, 31))}
    assert found["average_week"].severity == "warning"
    assert found["night_work"].severity == "error"
    with pytest.raises(RuleViolation, match="a night worker"):
        put_on(session, shift, who)


def test_a_booking_that_cuts_into_rest_needs_a_reason(session) -> None:  # type: ignore[no-untyped-def]
    who = officer(session)
    friday = patrol(session, FRI, time(18), time(22))
    saturday = patrol(session, date(2026, 12, 5), time(9), time(13), where="Hitchin")
    [made] = put_on(session, friday, who)
    put_on(session, saturday, who)
    after = at(2026, 12, 6, 9)
    with pytest.raises(RuleViolation, match="only 8 h rest"):
        book_hours(session, made, at(2026, 12, 4, 18), at(2026, 12, 5, 1), now=after)
    assert session.db.execute("SELECT status FROM assignments WHERE id = ?", [made]).fetchone()[0] \
        == "planned"
    book_hours(session, made, at(2026, 12, 4, 18), at(2026, 12, 5, 1), "arrest at 21:50",
               now=after)
    # Both patrols now lack their rest between them: both breaches carry the reason.
    assert [r[1:] for r in breaches(session, who)] == [("daily_rest", "arrest at 21:50")] * 2


def test_taking_someone_off_clears_the_breaches_it_ends(session) -> None:  # type: ignore[no-untyped-def]
    who = officer(session)
    friday = patrol(session, FRI, time(18), time(2))
    saturday = patrol(session, date(2026, 12, 5), time(9), time(13), where="Hitchin")
    put_on(session, friday, who)
    [late] = put_on(session, saturday, who, reason="only one available")
    assert breaches(session, who)
    unassign(session, late, "rested instead")
    assert breaches(session, who) == []


def _a_bridged_night(session, tmp_path):  # type: ignore[no-untyped-def]
    """A late tour to 22:00, a patrol straight on to midnight and another to 02:00: one run
    of work. Without the middle patrol there are 2 hours' rest between the tour and the last."""
    who = officer(session)
    roster(session, tmp_path, [(payroll_of(session, who), "2026-12-09 14:00", "2026-12-09 22:00", "late")])
    bridge = patrol(session, date(2026, 12, 9), time(22), time(0))
    last = patrol(session, date(2026, 12, 10), time(0), time(2), where="Hitchin")
    [middle] = put_on(session, bridge, who)
    put_on(session, last, who)
    assert breaches(session, who) == []
    return who, bridge, middle


def test_taking_someone_off_the_patrol_between_a_tour_and_another_needs_a_reason(  # type: ignore[no-untyped-def]
        session, tmp_path) -> None:
    who, _, middle = _a_bridged_night(session, tmp_path)
    with pytest.raises(RuleViolation, match=r"only 2 h rest.*give a reason to override"):
        unassign(session, middle, "changed plans")
    status = session.db.execute("SELECT status FROM assignments WHERE id = ?", [middle]).fetchone()[0]
    assert status == "planned" and breaches(session, who) == []
    unassign(session, middle, "changed plans", "officer agreed; relief at 02:00")
    [(_, rule, reason)] = breaches(session, who)
    assert (rule, reason) == ("daily_rest", "officer agreed; relief at 02:00")


def test_cancelling_the_patrol_between_a_tour_and_another_needs_a_reason(  # type: ignore[no-untyped-def]
        session, tmp_path) -> None:
    who, bridge, _ = _a_bridged_night(session, tmp_path)
    with pytest.raises(RuleViolation, match=r"only 2 h rest.*give a reason to override"):
        cancel_shift(session, bridge, "no van")
    assert shift_detail(session, bridge).status == "planned" and breaches(session, who) == []
    cancel_shift(session, bridge, "no van", "officer agreed; relief at 02:00")
    assert [r[1:] for r in breaches(session, who)] == [("daily_rest", "officer agreed; relief at 02:00")]


def test_a_no_show_between_a_tour_and_another_patrol_keeps_its_reason_with_the_breach(  # type: ignore[no-untyped-def]
        session, tmp_path) -> None:
    who, _, middle = _a_bridged_night(session, tmp_path)
    with pytest.raises(RuleViolation, match=r"only 2 h rest.*give a reason to override"):
        mark_no_show(session, middle)
    mark_no_show(session, middle, "went home sick at 22:00")
    assert [r[1:] for r in breaches(session, who)] == [("daily_rest", "went home sick at 22:00")]


def test_a_rest_day_on_the_roster_sets_the_flag_and_the_notice(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    who = officer(session)
    number = payroll_of(session, who)
    shift = patrol(session, date(2026, 12, 12), time(12), time(20))
    [made] = put_on(session, shift, who)
    assert session.db.execute("SELECT rest_day FROM assignments WHERE id = ?", [made]).fetchone()[0] == 0
    roster(session, tmp_path, [(number, "12/12/2026", "", "RD")])
    rest_day, told = session.db.execute(
        "SELECT rest_day, told_on FROM assignments WHERE id = ?", [made]).fetchone()
    made_on = session.db.execute("SELECT date(created_at) FROM assignments WHERE id = ?",
                                 [made]).fetchone()[0]
    assert rest_day == 1 and told == made_on
    # and one assigned after the roster is known
    other = officer(session, "Second Officer")
    roster(session, tmp_path, [(payroll_of(session, other), "2026-12-12", "", "rest day")], name="b.csv")
    [second] = put_on(session, shift, other)
    assert session.db.execute("SELECT rest_day FROM assignments WHERE id = ?", [second]).fetchone()[0] == 1


def test_a_patrol_straight_on_from_a_tour_is_marked_and_paid_as_worked(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Christmas Day: after an early tour, one hour straight on is paid as worked; the same
    hour worked by someone not coming off a tour takes the four-hour public-holiday minimum."""
    who = officer(session)
    roster(session, tmp_path, [(payroll_of(session, who), "2026-12-25 07:00", "2026-12-25 15:00", "early")])
    straight = patrol(session, date(2026, 12, 25), time(15), time(16))
    [made] = put_on(session, straight, who)
    row = session.db.execute("SELECT straight_on, cost_pence FROM assignments WHERE id = ?",
                             [made]).fetchone()
    assert row[0] == 1
    paid = session.db.execute("SELECT sum(minutes) FROM pay_lines WHERE assignment_id = ?",
                              [made]).fetchone()[0]
    other = officer(session, "Second Officer")
    [later] = put_on(session, straight, other)
    assert session.db.execute("SELECT straight_on FROM assignments WHERE id = ?", [later]).fetchone()[0] == 0
    paid_apart = session.db.execute("SELECT sum(minutes) FROM pay_lines WHERE assignment_id = ?",
                                    [later]).fetchone()[0]
    assert paid == 60 and paid_apart == 240


def test_the_candidate_picker_sees_normal_duties(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.services.candidates import candidates_for

    who = officer(session, "Aardvark Tourist")
    roster(session, tmp_path, [(payroll_of(session, who), "2026-12-05 07:00", "2026-12-05 15:00", "early")])
    shift = patrol(session, FRI, time(18), time(2))
    mine = next(c for c in candidates_for(session, shift, "officer") if c.staff_id == who)
    assert mine.verdict == "needs override"
    assert any("before the early duty starting Sat 05 Dec 07:00" in r for r in mine.ranked.reasons)
