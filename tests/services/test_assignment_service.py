"""Assigning, overriding, taking off and booking: each one transaction with its audit row."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.errors import RuleViolation, ValidationFailed
from hotspot_tui.services.assignments import (
    AssignOptions,
    assign,
    book_hours,
    mark_no_show,
    unassign,
)


def _future_shifts(session, n=2):  # type: ignore[no-untyped-def]
    rows = session.db.execute(
        "SELECT id FROM shifts WHERE status = 'planned' AND local_date >= '2026-11-26' "
        "ORDER BY start_utc LIMIT ?", [n]
    ).fetchall()
    return [r[0] for r in rows]


def _free_officers(session, n=2):  # type: ignore[no-untyped-def]
    rows = session.db.execute(
        "SELECT id FROM staff WHERE kind = 'officer' AND id NOT IN "
        "(SELECT staff_id FROM assignments WHERE start_utc >= '2026-11-01') ORDER BY id LIMIT ?",
        [n],
    ).fetchall()
    return [r[0] for r in rows]


def _audit(session, action):  # type: ignore[no-untyped-def]
    return session.db.execute(
        "SELECT actor, entity_id, reason FROM audit_log WHERE action = ? ORDER BY seq", [action]
    ).fetchall()


def test_assign_several_people_writes_rows_and_audit(session) -> None:  # type: ignore[no-untyped-def]
    shift = _future_shifts(session, 1)[0]
    people = _free_officers(session, 2)
    made = assign(session, shift, people, AssignOptions(rest_day=True))
    assert len(made) == 2
    statuses = session.db.execute(
        "SELECT status, rest_day FROM assignments WHERE id IN (?, ?)", made
    ).fetchall()
    assert statuses == [("planned", 1), ("planned", 1)]
    assert [row[1] for row in _audit(session, "assignment.create")] == made
    assert all(row[0] == "PS Tester" for row in _audit(session, "assignment.create"))


def test_double_booking_is_refused_and_nothing_written(session) -> None:  # type: ignore[no-untyped-def]
    shift = _future_shifts(session, 1)[0]
    person = _free_officers(session, 1)[0]
    assign(session, shift, [person], AssignOptions())
    start = session.db.execute("SELECT start_utc FROM shifts WHERE id = ?", [shift]).fetchone()[0]
    other = session.db.execute(
        "SELECT id FROM shifts WHERE start_utc = ? AND id <> ? LIMIT 1", [start, shift]
    ).fetchone()
    assert other is not None, "the demo data has patrols starting at the same time"
    before = session.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(RuleViolation, match="already on a patrol"):
        assign(session, other[0], [person], AssignOptions(override_reason="short of cover"))
    assert session.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_multi_assign_is_all_or_nothing(session) -> None:  # type: ignore[no-untyped-def]
    shift = _future_shifts(session, 1)[0]
    person = _free_officers(session, 1)[0]
    assign(session, shift, [person], AssignOptions())
    count = session.db.execute("SELECT count(*) FROM assignments").fetchone()[0]
    newcomer = _free_officers(session, 2)[1]
    with pytest.raises(ValidationFailed, match="already on this patrol"):
        assign(session, shift, [newcomer, person], AssignOptions())
    assert session.db.execute("SELECT count(*) FROM assignments").fetchone()[0] == count


def test_unassign_needs_a_reason_and_is_audited(session) -> None:  # type: ignore[no-untyped-def]
    shift = _future_shifts(session, 1)[0]
    [made] = assign(session, shift, _free_officers(session, 1), AssignOptions())
    with pytest.raises(ValidationFailed, match="say why"):
        unassign(session, made, "   ")
    unassign(session, made, "Court warning")
    status, reason = session.db.execute(
        "SELECT status, reason FROM assignments WHERE id = ?", [made]
    ).fetchone()
    assert (status, reason) == ("cancelled", "Court warning")
    assert _audit(session, "assignment.cancel")[-1][2] == "Court warning"


def test_book_hours_records_minutes_from_instants(session) -> None:  # type: ignore[no-untyped-def]
    shift = _future_shifts(session, 1)[0]
    [made] = assign(session, shift, _free_officers(session, 1), AssignOptions())
    start = from_utc_text(session.db.execute(
        "SELECT start_utc FROM shifts WHERE id = ?", [shift]).fetchone()[0])
    minutes = book_hours(session, made, start, start + timedelta(hours=8, minutes=45))
    assert minutes == 525
    row = session.db.execute(
        "SELECT status, worked_minutes FROM assignments WHERE id = ?", [made]).fetchone()
    assert row == ("worked", 525)
    with pytest.raises(ValidationFailed, match="after the on-duty time"):
        book_hours(session, made, start, start)


def test_no_show_clears_times(session) -> None:  # type: ignore[no-untyped-def]
    shift = _future_shifts(session, 1)[0]
    [made] = assign(session, shift, _free_officers(session, 1), AssignOptions())
    mark_no_show(session, made, "Did not attend")
    row = session.db.execute(
        "SELECT status, actual_start_utc, reason FROM assignments WHERE id = ?", [made]).fetchone()
    assert row == ("no_show", None, "Did not attend")
