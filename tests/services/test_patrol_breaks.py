"""A patrol's planned break: defaulted from the working-time rules, kept, edited, audited,
and the break check in the candidate list and on the patrol page follows it."""

from __future__ import annotations

import json
from datetime import date, time

import pytest

from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.candidates import candidates_for
from hotspot_tui.services.shifts import (
    ShiftDraft,
    create_pattern,
    create_shift,
    edit_shift,
    shift_detail,
)

TODAY = date(2026, 11, 25)
DAY = date(2026, 12, 4)


def _area(session, name="Hemel Hempstead"):  # type: ignore[no-untyped-def]
    return session.db.execute("SELECT id FROM areas WHERE name = ?", [name]).fetchone()[0]


def _patrol(session, end=time(2), break_minutes=None):  # type: ignore[no-untyped-def]
    return create_shift(session, ShiftDraft(_area(session), DAY, time(18), end, {"officer": 2},
                                            break_minutes=break_minutes))


def _break_warnings(session, shift_id):  # type: ignore[no-untyped-def]
    found = candidates_for(session, shift_id, "officer", limit=20)
    assert found
    return [v.message for c in found for v in c.ranked.violations if v.rule == "break"]


@pytest.mark.parametrize(("end", "expected"), [(time(2), 20), (time(0), 0)])
def test_a_new_patrol_plans_the_rules_break_when_it_is_longer_than_six_hours(session, end, expected) -> None:  # type: ignore[no-untyped-def]
    assert shift_detail(session, _patrol(session, end)).break_minutes == expected


def test_a_planned_break_clears_the_break_warning_and_none_brings_it_back(session) -> None:  # type: ignore[no-untyped-def]
    with_break = _patrol(session)
    assert _break_warnings(session, with_break) == []
    without = create_shift(session, ShiftDraft(_area(session, "Watford"), DAY, time(18), time(2),
                                               {"officer": 2}, break_minutes=0))
    warnings = _break_warnings(session, without)
    assert warnings and all(w.startswith("8 h of work with no planned break") for w in warnings)


def test_editing_the_break_is_kept_audited_and_rechecks_the_people_on_it(session) -> None:  # type: ignore[no-untyped-def]
    shift_id = _patrol(session)
    person = candidates_for(session, shift_id, "officer", limit=5)[0]
    from hotspot_tui.services.assignments import AssignOptions, assign

    assign(session, shift_id, [person.staff_id], AssignOptions())
    assert not [v for p in shift_detail(session, shift_id).people for v in p.violations
                if v.rule == "break"]
    edit_shift(session, shift_id, ShiftDraft(_area(session), DAY, time(18), time(2),
                                             {"officer": 2}, break_minutes=10))
    detail = shift_detail(session, shift_id)
    assert detail.break_minutes == 10
    [on] = detail.people
    assert [v.message for v in on.violations if v.rule == "break"] == [
        "8 h of work with a 10 min break planned; 20 min needed after 6 h"]
    details = json.loads(session.db.execute(
        "SELECT details FROM audit_log WHERE action = 'shift.edit' AND entity_id = ?",
        [shift_id]).fetchone()[0])
    assert (details["before"]["break_minutes"], details["after"]["break_minutes"]) == (20, 10)


@pytest.mark.parametrize(("end", "minutes", "words"), [
    (time(2), -5, "between 0 and 240"),
    (time(2), 241, "between 0 and 240"),
    (time(19), 60, "shorter than the patrol"),
])
def test_impossible_breaks_are_refused_and_nothing_is_written(session, end, minutes, words) -> None:  # type: ignore[no-untyped-def]
    before = session.db.execute("SELECT count(*) FROM shifts").fetchone()[0]
    with pytest.raises(ValidationFailed, match=words):
        _patrol(session, end, minutes)
    assert session.db.execute("SELECT count(*) FROM shifts").fetchone()[0] == before


def test_a_pattern_plans_the_rules_break_on_each_patrol(session) -> None:  # type: ignore[no-untyped-def]
    _, made = create_pattern(session, "every Fri 18:00-02:00 in Hemel Hempstead until 2027-01-29, "
                                      "need 2 officers", TODAY)
    assert made
    assert {shift_detail(session, s).break_minutes for s in made} == {20}
