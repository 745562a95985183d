"""Patrol, pattern, roster, candidate and outcome services: state, audit and refusals."""

from __future__ import annotations

from datetime import date, time

import pytest

from hotspot_tui.domain.access import Permission
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services.candidates import candidates_for
from hotspot_tui.services.checks import violations_for
from hotspot_tui.services.outcomes import get_outcomes, record_outcomes
from hotspot_tui.services.roster import area_spend, roster_week
from hotspot_tui.services.shifts import (
    ShiftDraft,
    cancel_shift,
    create_pattern,
    create_shift,
    edit_shift,
    preview_pattern,
    reinstate_shift,
    shift_detail,
)

TODAY = date(2026, 11, 25)


def _area(session, name="Hemel Hempstead"):  # type: ignore[no-untyped-def]
    return session.db.execute("SELECT id FROM areas WHERE name = ?", [name]).fetchone()[0]


def _audit(session, action):  # type: ignore[no-untyped-def]
    return session.db.execute(
        "SELECT actor, entity_id, reason FROM audit_log WHERE action = ? ORDER BY seq", [action]
    ).fetchall()


def _count(session, sql, params=()):  # type: ignore[no-untyped-def]
    return session.db.execute(sql, list(params)).fetchone()[0]


def test_create_overnight_patrol_in_utc(session) -> None:  # type: ignore[no-untyped-def]
    shift_id = create_shift(session, ShiftDraft(_area(session), date(2026, 12, 4), time(18), time(2),
                                                {"officer": 2, "pcso": 1}))
    row = session.db.execute("SELECT start_utc, end_utc, local_date, need_officer, need_pcso, "
                             "need_ceo FROM shifts WHERE id = ?", [shift_id]).fetchone()
    assert row == ("2026-12-04T18:00:00Z", "2026-12-05T02:00:00Z", "2026-12-04", 2, 1, 0)
    assert _audit(session, "shift.create") == [("PS Tester", shift_id, None)]


def test_summer_times_are_stored_as_utc(session) -> None:  # type: ignore[no-untyped-def]
    shift_id = create_shift(session, ShiftDraft(_area(session), date(2026, 7, 3), time(18), time(2),
                                                {"officer": 1}))
    assert session.db.execute("SELECT start_utc FROM shifts WHERE id = ?",
                              [shift_id]).fetchone() == ("2026-07-03T17:00:00Z",)


@pytest.mark.parametrize(("draft", "words"), [
    (ShiftDraft("x", date(2026, 12, 4), time(18), time(2), {"officer": 1}), "does not exist"),
    (ShiftDraft("", date(2026, 12, 4), time(18), time(2), {}), "at least one person"),
    (ShiftDraft("", date(2026, 12, 4), time(6), time(23), {"officer": 1}), "at most 16 hours"),
    (ShiftDraft("", date(2027, 3, 28), time(1, 30), time(6), {"officer": 1}), "does not exist"),
])
def test_create_refusals_write_nothing(session, draft, words) -> None:  # type: ignore[no-untyped-def]
    if draft.area_id == "":
        draft = ShiftDraft(_area(session), draft.day, draft.start, draft.end, draft.need)
    before = _count(session, "SELECT count(*) FROM audit_log")
    shifts = _count(session, "SELECT count(*) FROM shifts")
    with pytest.raises((ValidationFailed, NotFound)) as err:
        create_shift(session, draft)
    assert words in str(err.value)
    assert _count(session, "SELECT count(*) FROM audit_log") == before
    assert _count(session, "SELECT count(*) FROM shifts") == shifts


def test_edit_cancel_and_reinstate(session) -> None:  # type: ignore[no-untyped-def]
    shift_id = session.db.execute(
        "SELECT shift_id FROM assignments WHERE status = 'planned' GROUP BY shift_id "
        "HAVING count(*) >= 2 LIMIT 1").fetchone()[0]
    detail = shift_detail(session, shift_id)
    draft = detail.draft()
    edit_shift(session, shift_id, ShiftDraft(draft.area_id, draft.day, draft.start, time(23),
                                             draft.need, "quiet night"))
    end = session.db.execute("SELECT end_utc FROM shifts WHERE id = ?", [shift_id]).fetchone()[0]
    assert {r[0] for r in session.db.execute(
        "SELECT end_utc FROM assignments WHERE shift_id = ? AND status = 'planned'", [shift_id])} == {end}
    assert _audit(session, "shift.edit")[-1][1] == shift_id
    with pytest.raises(ValidationFailed):
        cancel_shift(session, shift_id, "  ")
    taken_off = cancel_shift(session, shift_id, "bad weather")
    assert taken_off >= 2
    assert _count(session, "SELECT count(*) FROM assignments WHERE shift_id = ? AND status = 'planned'",
                  [shift_id]) == 0
    assert _audit(session, "shift.cancel")[-1] == ("PS Tester", shift_id, "bad weather")
    with pytest.raises(ValidationFailed):
        edit_shift(session, shift_id, draft)
    reinstate_shift(session, shift_id)
    assert shift_detail(session, shift_id).status == "planned"
    assert _audit(session, "shift.reinstate")[-1][1] == shift_id


def test_pattern_preview_writes_nothing_and_save_is_all_or_nothing(session) -> None:  # type: ignore[no-untyped-def]
    text = "every Sat 12-20 in hemel from 2026-12-01 until 2026-12-31 need 1 officer and 1 pcso"
    before = _count(session, "SELECT count(*) FROM shifts")
    preview = preview_pattern(session, text, TODAY)
    assert preview.area_name == "Hemel Hempstead"
    assert preview.dates == [date(2026, 12, d) for d in (5, 12, 19, 26)]
    assert _count(session, "SELECT count(*) FROM shifts") == before
    pattern_id, made = create_pattern(session, text, TODAY)
    assert len(made) == 4
    assert _count(session, "SELECT count(*) FROM shifts WHERE pattern_id = ?", [pattern_id]) == 4
    assert _audit(session, "pattern.create")[-1][1] == pattern_id
    # the same again clashes on every date: nothing more is written
    with pytest.raises(ValidationFailed, match="already has a patrol"):
        create_pattern(session, text, TODAY)
    assert _count(session, "SELECT count(*) FROM shifts") == before + 4
    assert _count(session, "SELECT count(*) FROM patterns") == 1
    assert preview_pattern(session, text, TODAY).clashes == preview.dates


def test_pattern_with_an_ambiguous_area_is_refused(session) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed, match="could be"):
        preview_pattern(session, "every fri 18-02 in h until 31 dec need 1 officer", TODAY)


def test_roster_week_cells_and_spend(session) -> None:  # type: ignore[no-untyped-def]
    week = roster_week(session, date(2026, 11, 27), spend=area_spend(session))
    assert week.monday == date(2026, 11, 23)
    assert len(week.areas) == 12
    shifts = [s for cell in week.cells.values() for s in cell]
    assert len(shifts) == _count(session, "SELECT count(*) FROM shifts WHERE local_date "
                                          "BETWEEN '2026-11-23' AND '2026-11-29'")
    assert all(s.hours in ("18-02", "12-20") for s in shifts)
    assert any(s.under for s in shifts)
    one = roster_week(session, date(2026, 11, 27), district="Three Rivers")
    assert [a.name for a in one.areas] == ["Rickmansworth", "South Oxhey"]


def test_candidates_ranked_with_reasons(session) -> None:  # type: ignore[no-untyped-def]
    shift_id = session.db.execute(
        "SELECT id FROM shifts WHERE local_date = '2026-11-27' LIMIT 1").fetchone()[0]
    found = candidates_for(session, shift_id, "officer")
    assert len(found) == _count(session, "SELECT count(*) FROM staff WHERE kind = 'officer' AND active = 1")
    assert [c.ranked.position for c in found] == list(range(1, len(found) + 1))
    on = {r[0] for r in session.db.execute(
        "SELECT staff_id FROM assignments WHERE shift_id = ? AND status = 'planned'", [shift_id])}
    for c in found:
        if c.staff_id in on:
            assert c.verdict == "not eligible"
    assert found[0].verdict in ("ok", "warning")
    with pytest.raises(ValidationFailed):
        candidates_for(session, shift_id, "dog")


def test_checks_find_short_rest(session) -> None:  # type: ignore[no-untyped-def]
    staff_id, end = session.db.execute(
        "SELECT staff_id, end_utc FROM assignments WHERE status = 'planned' LIMIT 1").fetchone()
    from datetime import timedelta

    from hotspot_tui.domain.clock_utc import from_utc_text
    start = from_utc_text(end) + timedelta(hours=3)
    rules = {v.rule for v in violations_for(session.db, staff_id, start, start + timedelta(hours=4))}
    assert "daily_rest" in rules


def test_outcomes_recorded_and_refused(session) -> None:  # type: ignore[no-untyped-def]
    shift_id = session.db.execute("SELECT id FROM shifts LIMIT 1").fetchone()[0]
    with pytest.raises(ValidationFailed):
        record_outcomes(session, shift_id, {"arrests": -1})
    record_outcomes(session, shift_id, {"arrests": 1, "weapons": 2}, "knife in bin")
    got = get_outcomes(session, shift_id)
    assert got["arrests"] == 1 and got["weapons"] == 2 and got["notes"] == "knife in bin"
    assert _audit(session, "outcomes.record")[-1][1] == shift_id


def test_roster_flags_override_and_over_allocation(session) -> None:  # type: ignore[no-untyped-def]
    assignment_id, shift_id, area_id, day = session.db.execute(
        "SELECT x.id, s.id, s.area_id, s.local_date FROM assignments x JOIN shifts s ON s.id = x.shift_id "
        "WHERE x.status = 'planned' LIMIT 1").fetchone()
    with session.writing(Permission.UPKEEP) as db:
        db.execute("UPDATE assignments SET override_reason = 'agreed', cost_pence = 500000 WHERE id = ?",
                   [assignment_id])
        db.execute("UPDATE area_allocations SET allocation_pence = 1 WHERE area_id = ?", [area_id])
    week = roster_week(session, date.fromisoformat(day), spend=area_spend(session))
    cell = next(c for c in week.cells[(area_id, date.fromisoformat(day))] if c.id == shift_id)
    assert cell.overridden
    area = next(a for a in week.areas if a.id == area_id)
    assert area.over_allocation and area.spend_pence >= 500000


def test_candidates_show_each_persons_extra_minutes_of_the_patrols_week_and_the_three_before(session) -> None:  # type: ignore[no-untyped-def]
    """Whole Monday-to-Sunday weeks of patrol days: a patrol booked later in the same week
    counts, one on the Sunday before the first week does not."""
    from datetime import date, timedelta

    from hotspot_tui.domain.clock_utc import from_utc_text

    shift_id = session.db.execute(
        "SELECT id FROM shifts WHERE local_date = '2026-11-27' LIMIT 1").fetchone()[0]
    first, last = date(2026, 11, 2), date(2026, 11, 29)
    expected: dict[str, int] = {}
    for staff_id, worked, s, e, day in session.db.execute(
            "SELECT a.staff_id, a.worked_minutes, a.start_utc, a.end_utc, s.local_date "
            "FROM assignments a JOIN shifts s ON s.id = a.shift_id "
            "WHERE a.status IN ('planned', 'worked')"):
        if first <= date.fromisoformat(day) <= last:
            planned = (from_utc_text(e) - from_utc_text(s)) / timedelta(minutes=1)
            minutes = worked if worked is not None else planned
            expected[staff_id] = expected.get(staff_id, 0) + round(minutes)
    everyone = candidates_for(session, shift_id, "officer")
    assert sum(c.extra_minutes_4_weeks > 0 for c in everyone) > 20
    first_page = candidates_for(session, shift_id, "officer", limit=25)
    for c in everyone + first_page:
        assert c.extra_minutes_4_weeks == expected.get(c.staff_id, 0), c.staff_id


def _pence(reasons: list[str]) -> int:
    cost = next(r for r in reasons if r.startswith("costs £"))
    return round(float(cost.split("£")[1].split()[0].replace(",", "")) * 100)


def test_the_pickers_first_page_is_the_head_of_the_whole_fairness_order(session) -> None:  # type: ignore[no-untyped-def]
    """The picker checks only its first page; that page must hold exactly the people the
    full order puts first (fewest minutes, then cost, home area, name), ties on minutes
    across the page's edge included."""
    shifts = [r[0] for r in session.db.execute(
        "SELECT shift_id FROM assignments WHERE status = 'planned' GROUP BY shift_id "
        "ORDER BY shift_id LIMIT 3")]
    ties_at_an_edge = 0
    for shift_id in shifts:
        everyone = candidates_for(session, shift_id, "officer")
        area = session.db.execute("SELECT area_id FROM shifts WHERE id = ?", [shift_id]).fetchone()[0]
        assert area
        free = [c for c in everyone if c.ranked.eligible]
        assert len(free) < len(everyone), "someone is already on the patrol"
        expected = [c.staff_id for c in sorted(free, key=lambda c: (
            c.extra_minutes_4_weeks, _pence(c.ranked.reasons),
            "works in this area" not in c.ranked.reasons, c.name.casefold(), c.staff_id))]
        minutes = {c.staff_id: c.extra_minutes_4_weeks for c in free}
        for limit in (1, 3, 10, 25, 60):
            page = candidates_for(session, shift_id, "officer", limit=limit)
            assert {c.staff_id for c in page} == set(expected[:limit]), (shift_id, limit)
            if limit < len(expected):
                ties_at_an_edge += minutes[expected[limit - 1]] == minutes[expected[limit]]
    assert ties_at_an_edge, "some page edge fell between people with equal minutes"
