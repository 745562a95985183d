"""Costing keeps cost_pence equal to the pay lines, through every assignment change."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.services.assignments import AssignOptions, assign, book_hours, mark_no_show, unassign
from hotspot_tui.services.costing import lines_for_assignment, recost_all, recost_for_change
from tests.payroll.helpers import a_worked_assignment, mismatched_costs


def test_sample_is_costed_and_costs_equal_lines(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    assert mismatched_costs(session) == 0
    worked = db.execute("SELECT count(*) FROM assignments WHERE status = 'worked' AND cost_pence > 0"
                        ).fetchone()[0]
    assert worked > 1000
    dead = db.execute("SELECT count(*) FROM assignments a JOIN pay_lines l ON l.assignment_id = a.id"
                      " WHERE a.status IN ('cancelled', 'no_show')").fetchone()[0]
    assert dead == 0
    bases = dict(db.execute("SELECT a.status, count(DISTINCT l.basis) FROM pay_lines l JOIN assignments a"
                            " ON a.id = l.assignment_id GROUP BY a.status").fetchall())
    assert set(bases) <= {"worked", "planned"}
    assert db.execute("SELECT count(*) FROM pay_lines l JOIN assignments a ON a.id = l.assignment_id"
                      " WHERE (a.status = 'worked') <> (l.basis = 'worked')").fetchone()[0] == 0


def test_recost_all_is_repeatable(session) -> None:  # type: ignore[no-untyped-def]
    before = session.db.execute("SELECT sum(cost_pence), count(*) FROM assignments").fetchone()
    lines = session.db.execute("SELECT count(*) FROM pay_lines").fetchone()[0]
    assert recost_all(session.db) == lines
    assert session.db.execute("SELECT sum(cost_pence), count(*) FROM assignments").fetchone() == before
    assert mismatched_costs(session) == 0


def _free_shift_and_officer(session):  # type: ignore[no-untyped-def]
    shift = session.db.execute(
        "SELECT id, start_utc, end_utc FROM shifts WHERE status = 'planned' AND local_date >= '2026-11-26'"
        " ORDER BY start_utc LIMIT 1").fetchone()
    person = session.db.execute(
        "SELECT id FROM staff WHERE kind = 'officer' AND rank = 'constable' AND id NOT IN "
        "(SELECT staff_id FROM assignments WHERE start_utc >= '2026-11-01') ORDER BY id LIMIT 1"
    ).fetchone()[0]
    return shift, person


@pytest.mark.usefixtures("pinned_clock")  # locks and books by a fixed day
def test_cost_follows_assign_book_unassign(session) -> None:  # type: ignore[no-untyped-def]
    (shift_id, start, end), person = _free_shift_and_officer(session)
    [made] = assign(session, shift_id, [person], AssignOptions(rest_day=True))
    planned = session.db.execute("SELECT cost_pence FROM assignments WHERE id = ?", [made]).fetchone()[0]
    lines = lines_for_assignment(session.db, made)
    assert planned > 0 and planned == sum(line["amount_pence"] for line in lines)
    assert {line["basis"] for line in lines} == {"estimate"}
    assert mismatched_costs(session) == 0

    book_hours(session, made, from_utc_text(start), from_utc_text(end) + timedelta(hours=2))
    booked = session.db.execute("SELECT cost_pence FROM assignments WHERE id = ?", [made]).fetchone()[0]
    lines = lines_for_assignment(session.db, made)
    assert booked > planned and booked == sum(line["amount_pence"] for line in lines)
    assert {line["basis"] for line in lines} == {"worked"}
    assert mismatched_costs(session) == 0

    [again] = assign(session, *_second_assignment(session, person, shift_id))
    unassign(session, again, "Court warning")
    assert session.db.execute("SELECT cost_pence FROM assignments WHERE id = ?", [again]).fetchone()[0] == 0
    assert lines_for_assignment(session.db, again) == []
    mark_no_show(session, made, "did not attend")
    assert session.db.execute("SELECT cost_pence FROM assignments WHERE id = ?", [made]).fetchone()[0] == 0
    assert mismatched_costs(session) == 0


def _second_assignment(session, person, not_shift):  # type: ignore[no-untyped-def]
    shift = session.db.execute(
        "SELECT id FROM shifts WHERE status = 'planned' AND local_date >= '2026-11-28' AND id <> ?"
        " ORDER BY start_utc LIMIT 1", [not_shift]).fetchone()[0]
    return shift, [person], AssignOptions()


def test_pcso_week_is_recosted_when_an_earlier_duty_changes(session) -> None:  # type: ignore[no-untyped-def]
    # A part-time PCSO (30 h) is paid plain time until 37 h in the week: taking away an
    # earlier duty in the week lets a later one fall back under the threshold.
    db = session.db
    row = db.execute(
        """
        SELECT a.staff_id, a.id FROM assignments a JOIN staff st ON st.id = a.staff_id
        WHERE st.kind = 'pcso' AND st.contracted_weekly_minutes = 1800 AND a.status = 'worked'
        ORDER BY a.start_utc LIMIT 1
        """).fetchone()
    assert row is not None
    staff_id, first = row
    lines = lines_for_assignment(db, first)
    assert lines[0]["code"] == "PCSO_PLAIN"
    # Pretend 10 h more normal work that week: everything goes past the threshold.
    db.execute("UPDATE staff SET contracted_weekly_minutes = 2220 WHERE id = ?", [staff_id])
    a = db.execute("SELECT start_utc, end_utc FROM assignments WHERE id = ?", [first]).fetchone()
    with session.writing(Permission.UPKEEP) as wdb:
        recost_for_change(wdb, staff_id, a[0], a[1])
    assert {line["code"] for line in lines_for_assignment(db, first)} <= {"PCSO_1_5", "PCSO_2_0"}
    assert mismatched_costs(session) == 0


def test_late_booking_in_a_worked_month_keeps_the_contract(session) -> None:  # type: ignore[no-untyped-def]
    a = a_worked_assignment(session, "2026-06")
    book_hours(session, a["id"], from_utc_text(a["start"]), from_utc_text(a["end"]) + timedelta(hours=1))
    cost = session.db.execute("SELECT cost_pence FROM assignments WHERE id = ?", [a["id"]]).fetchone()[0]
    assert cost > a["cost"]
    assert mismatched_costs(session) == 0
