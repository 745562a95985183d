"""patrol_day_totals, each patrol's live cover, each person's minutes per week, each area's
arrests and outcomes, the report's figures per area and day and the money per area and per
day stay equal to a fresh GROUP BY over the rows
they summarise, whatever changes them."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.errors import HotspotError
from hotspot_tui.services.assignments import AssignOptions, assign, book_hours, mark_no_show, unassign
from hotspot_tui.services.costing import recost_all
from hotspot_tui.services.shifts import ShiftDraft, cancel_shift, edit_shift
from hotspot_tui.store import schema_v7, schema_v9, summaries


def _check(db) -> None:  # type: ignore[no-untyped-def]
    assert summaries.stored_totals(db) == summaries.fresh_totals(db)
    assert summaries.stored_cover(db) == summaries.fresh_cover(db)
    assert summaries.stored_weeks(db) == summaries.fresh_weeks(db)
    assert summaries.stored_arrests(db) == summaries.fresh_arrests(db)
    assert summaries.stored_report_totals(db) == summaries.fresh_report_totals(db)
    assert summaries.stored_outcome_totals(db) == summaries.fresh_outcome_totals(db)
    assert summaries.stored_worked_totals(db) == summaries.fresh_worked_totals(db)
    for table in (schema_v9.AREAS, schema_v9.DAYS):
        assert summaries.stored_money(db, table) == summaries.fresh_money(db, table), table


def _pick(db, sql: str, rng: random.Random, params=()):  # type: ignore[no-untyped-def]
    rows = [r[0] for r in db.execute(sql, params)]
    return rng.choice(rows) if rows else None


def test_summary_matches_group_by_after_a_random_mix_of_service_operations(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    _check(db)
    rng = random.Random(20261125)
    done: dict[str, int] = {}
    for step in range(60):
        op = rng.choice(["assign", "assign", "book", "unassign", "no_show", "cancel", "edit",
                         "recost"] if step % 20 else ["recost"])
        try:
            if op == "assign":
                shift = _pick(db, "SELECT id FROM shifts WHERE status = 'planned' "
                              "AND local_date >= '2026-11-01' ORDER BY id", rng)
                person = _pick(db, "SELECT id FROM staff WHERE active = 1 AND kind = 'officer' "
                               "ORDER BY id", rng)
                if shift and person:
                    assign(session, shift, [person], AssignOptions(override_reason="test mix"))
            elif op in ("book", "unassign", "no_show"):
                row = _pick(db, "SELECT id FROM assignments WHERE status = 'planned' ORDER BY id", rng)
                if row is None:
                    continue
                if op == "book":
                    start = from_utc_text(db.execute("SELECT start_utc FROM assignments WHERE id = ?",
                                                     [row]).fetchone()[0])
                    book_hours(session, row, start, start + timedelta(minutes=rng.randint(60, 600)))
                elif op == "unassign":
                    unassign(session, row, "test mix")
                else:
                    mark_no_show(session, row, "test mix")
            elif op == "cancel":
                shift = _pick(db, "SELECT shift_id FROM assignments WHERE status = 'planned' "
                              "ORDER BY shift_id", rng)
                if shift:
                    cancel_shift(session, shift, "test mix")
            elif op == "edit":
                shift_id = _pick(db, "SELECT shift_id FROM assignments WHERE status = 'planned' "
                                 "ORDER BY shift_id", rng)
                if shift_id is None:
                    continue
                s = db.execute("SELECT area_id, local_date, start_utc, need_officer, need_pcso, "
                               "need_ceo, notes FROM shifts WHERE id = ?", [shift_id]).fetchone()
                draft = ShiftDraft(area_id=s[0], day=date.fromisoformat(s[1]),
                                   start=time(rng.randint(6, 14), 0),
                                   end=time(rng.randint(15, 22), 30),
                                   need={"officer": s[3], "pcso": s[4], "ceo": s[5]},
                                   notes=s[6] or "")
                edit_shift(session, shift_id, draft)
            else:
                recost_all(db)
        except HotspotError:
            pass  # a refused change (rules, double booking) changes nothing
        done[op] = done.get(op, 0) + 1
        _check(db)
    assert {"assign", "book", "unassign", "cancel", "edit", "recost"} <= set(done)


def test_rebuild_recreates_the_summary_from_scratch(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    db.execute("DELETE FROM patrol_day_totals")
    db.execute("UPDATE shifts SET have_officer = 0, have_pcso = 0, have_ceo = 0, have_overrides = 0")
    db.execute("DELETE FROM staff_week_minutes")
    db.execute("DELETE FROM area_arrests")
    db.execute("DELETE FROM area_status_totals")
    db.execute("DELETE FROM day_status_totals")
    db.execute("DELETE FROM patrol_day_worked")
    db.execute("DELETE FROM outcome_day_totals")
    db.execute("DELETE FROM area_outcome_totals")
    db.execute("DELETE FROM area_worked_totals")
    summaries.rebuild(db)
    _check(db)
    assert all(summaries.stored_report_totals(db))
    assert summaries.stored_totals(db) and summaries.stored_cover(db) and summaries.stored_weeks(db)
    assert summaries.stored_arrests(db) and summaries.stored_outcome_totals(db)
    assert summaries.stored_worked_totals(db)
    assert summaries.stored_money(db, schema_v9.AREAS) and summaries.stored_money(db, schema_v9.DAYS)


def test_cover_follows_changes_the_services_never_make(session) -> None:  # type: ignore[no-untyped-def]
    """A person changing kind, an assignment moved to another patrol or person, an override
    reason added or dropped, a row deleted: the counts follow in the same statement."""
    db = session.db
    live = ("SELECT x.id, x.shift_id, x.staff_id FROM assignments x JOIN staff p ON p.id = x.staff_id "
            "WHERE x.status = 'planned' AND p.kind = 'officer' ORDER BY x.id")
    (a_id, a_shift, a_person), (b_id, b_shift, _) = db.execute(live).fetchmany(2)
    other_shift = db.execute("SELECT id FROM shifts WHERE id NOT IN (?, ?) AND id NOT IN "
                             "(SELECT shift_id FROM assignments WHERE staff_id = ?) LIMIT 1",
                             [a_shift, b_shift, a_person]).fetchone()[0]
    other_person = db.execute("SELECT id FROM staff WHERE kind = 'pcso' AND id NOT IN "
                              "(SELECT staff_id FROM assignments WHERE shift_id = ?) LIMIT 1",
                              [a_shift]).fetchone()[0]
    before = db.execute("SELECT have_officer, have_pcso, have_ceo FROM shifts WHERE id = ?",
                        [a_shift]).fetchone()
    changes = [
        ("UPDATE staff SET kind = 'pcso', rank = NULL WHERE id = ?", [a_person]),
        ("UPDATE assignments SET override_reason = 'late cover' WHERE id = ?", [a_id]),
        ("UPDATE assignments SET override_reason = NULL WHERE id = ?", [a_id]),
        ("UPDATE assignments SET staff_id = ? WHERE id = ?", [other_person, a_id]),
        ("UPDATE assignments SET shift_id = ? WHERE id = ?", [other_shift, a_id]),
        ("DELETE FROM pay_lines WHERE assignment_id = ?", [b_id]),
        ("DELETE FROM assignments WHERE id = ?", [b_id]),
    ]
    for sql, params in changes:
        with db.conn:
            db.execute(sql, params)
        _check(db)
    after = db.execute("SELECT have_officer, have_pcso, have_ceo FROM shifts WHERE id = ?",
                       [a_shift]).fetchone()
    assert sum(after) == sum(before) - 1, "the moved assignment left its first patrol"


def test_weekly_minutes_follow_a_patrol_moving_week_and_hours_changing_outside_the_services(session) -> None:  # type: ignore[no-untyped-def]
    """A patrol moved to the next week and back within a week, worked minutes corrected,
    an assignment marked a no-show and back: each person's week follows at once."""
    db = session.db
    shift_id, day, staff_id = db.execute(
        "SELECT s.id, s.local_date, x.staff_id FROM shifts s JOIN assignments x ON x.shift_id = s.id "
        "WHERE x.status = 'planned' GROUP BY s.id HAVING count(*) >= 2 ORDER BY s.id LIMIT 1"
    ).fetchone()
    a_id = db.execute("SELECT id FROM assignments WHERE shift_id = ? AND staff_id = ?",
                      [shift_id, staff_id]).fetchone()[0]
    worked = db.execute("SELECT id FROM assignments WHERE status = 'worked' ORDER BY id LIMIT 1"
                        ).fetchone()[0]
    changes = [
        ("UPDATE shifts SET local_date = date(local_date, '+7 days') WHERE id = ?", [shift_id]),
        ("UPDATE shifts SET local_date = date(local_date, '-7 days') WHERE id = ?", [shift_id]),
        ("UPDATE shifts SET local_date = date(local_date, '+1 days') WHERE id = ?", [shift_id]),
        ("UPDATE shifts SET local_date = ? WHERE id = ?", [day, shift_id]),
        ("UPDATE assignments SET worked_minutes = worked_minutes + 45 WHERE id = ?", [worked]),
        ("UPDATE assignments SET status = 'no_show', reason = 'ill' WHERE id = ?", [a_id]),
        ("UPDATE assignments SET status = 'planned', reason = NULL WHERE id = ?", [a_id]),
        ("UPDATE assignments SET end_utc = datetime(end_utc, '+1 hour') WHERE id = ?", [a_id]),
    ]
    weeks = []
    for sql, params in changes:
        with db.conn:
            db.execute(sql, params)
        _check(db)
        weeks.append(db.execute("SELECT week, minutes FROM staff_week_minutes WHERE staff_id = ? "
                                "ORDER BY week", [staff_id]).fetchall())
    assert weeks[0] != weeks[1] == weeks[3], "the patrol's minutes moved week and came back"
    assert weeks[5] != weeks[6]


def test_a_patrol_days_week_is_the_monday_on_or_before_it() -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    first = date(2024, 1, 1)
    days = [first + timedelta(days=n) for n in range(365 * 5)]
    weeks = conn.execute(
        f"WITH RECURSIVE d(day) AS (SELECT ? UNION ALL SELECT date(day, '+1 day') FROM d "
        f"WHERE day < ?) SELECT {schema_v7.week_of('day')} FROM d",
        [days[0].isoformat(), days[-1].isoformat()]).fetchall()
    assert [w for (w,) in weeks] == [(d - timedelta(days=d.weekday())).isoformat() for d in days]


def test_area_arrests_follow_outcomes_recorded_corrected_moved_and_removed(session) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.services.outcomes import record_outcomes

    db = session.db
    area_of = dict(db.execute("SELECT id, area_id FROM shifts").fetchall())
    fresh = db.execute("SELECT id FROM shifts WHERE id NOT IN (SELECT shift_id FROM outcomes) "
                       "ORDER BY id LIMIT 1").fetchone()[0]
    recorded = db.execute("SELECT shift_id FROM outcomes WHERE arrests > 0 ORDER BY shift_id "
                          "LIMIT 1").fetchone()[0]
    other_area = db.execute("SELECT id FROM areas WHERE id <> ? ORDER BY id LIMIT 1",
                            [area_of[recorded]]).fetchone()[0]

    def arrests(area: str) -> int:
        row = db.execute("SELECT arrests FROM area_arrests WHERE area_id = ?", [area]).fetchone()
        return row[0] if row else 0

    before = arrests(area_of[fresh])
    # Confirmed: whoever is on the patrol, these are the figures the test needs.
    record_outcomes(session, fresh, {"arrests": 3}, confirmed=True)
    _check(db)
    assert arrests(area_of[fresh]) == before + 3
    record_outcomes(session, fresh, {"arrests": 1}, confirmed=True)
    _check(db)
    assert arrests(area_of[fresh]) == before + 1
    for sql, params in [
        ("UPDATE shifts SET area_id = ? WHERE id = ?", [other_area, recorded]),
        ("UPDATE outcomes SET arrests = arrests + 2 WHERE shift_id = ?", [recorded]),
        ("UPDATE shifts SET area_id = ? WHERE id = ?", [area_of[recorded], recorded]),
        ("DELETE FROM outcomes WHERE shift_id = ?", [recorded]),
        ("DELETE FROM outcomes", []),
    ]:
        with db.conn:
            db.execute(sql, params)
        _check(db)
    assert summaries.stored_arrests(db) == []


def test_money_per_area_and_day_follows_patrols_and_assignments_changed_outside_the_services(session) -> None:  # type: ignore[no-untyped-def]
    """A patrol moved to another area and day, a cost corrected, minutes booked, a status
    changed, an assignment deleted: the per-area and per-day money follow in the same
    statement, and a total that reaches nothing leaves no row behind."""
    db = session.db
    a_id, shift = db.execute("SELECT id, shift_id FROM assignments WHERE status = 'planned' "
                             "ORDER BY id LIMIT 1").fetchone()
    area, day = db.execute("SELECT area_id, local_date FROM shifts WHERE id = ?", [shift]).fetchone()
    other_area = db.execute("SELECT id FROM areas WHERE id <> ? ORDER BY id LIMIT 1",
                            [area]).fetchone()[0]
    empty_day = "2031-06-01"
    changes = [
        ("UPDATE shifts SET area_id = ?, local_date = ? WHERE id = ?", [other_area, empty_day, shift]),
        ("UPDATE assignments SET cost_pence = cost_pence + 1234 WHERE id = ?", [a_id]),
        ("UPDATE assignments SET status = 'worked', worked_minutes = 95, "
         "actual_start_utc = start_utc, actual_end_utc = end_utc WHERE id = ?", [a_id]),
        ("UPDATE assignments SET worked_minutes = 125 WHERE id = ?", [a_id]),
        ("UPDATE shifts SET area_id = ?, local_date = ? WHERE id = ?", [area, day, shift]),
        ("UPDATE shifts SET local_date = ? WHERE id = ?", [empty_day, shift]),
        ("DELETE FROM pay_lines WHERE assignment_id IN (SELECT id FROM assignments WHERE shift_id = ?)",
         [shift]),
        ("DELETE FROM assignments WHERE shift_id = ?", [shift]),
    ]
    for sql, params in changes:
        with db.conn:
            db.execute(sql, params)
        _check(db)
    assert not db.execute("SELECT 1 FROM day_status_totals WHERE local_date = ?",
                          [empty_day]).fetchall()


def test_patrols_worked_count_each_patrol_once_and_follow_every_change(session) -> None:  # type: ignore[no-untyped-def]
    """A second person working a patrol does not count it again; the last worked row going
    (status changed, moved to another patrol, deleted) stops it counting; a patrol moving
    area or day takes its count and its outcomes with it."""
    db = session.db
    shift, area, day = db.execute(
        "SELECT s.id, s.area_id, s.local_date FROM shifts s WHERE (SELECT count(*) FROM assignments a "
        "WHERE a.shift_id = s.id AND a.status = 'planned') >= 2 AND NOT EXISTS (SELECT 1 FROM "
        "assignments a WHERE a.shift_id = s.id AND a.status = 'worked') ORDER BY s.id LIMIT 1").fetchone()
    first, second = (r[0] for r in db.execute(
        "SELECT id FROM assignments WHERE shift_id = ? AND status = 'planned' ORDER BY id LIMIT 2",
        [shift]))
    other = db.execute("SELECT id FROM shifts WHERE id <> ? AND NOT EXISTS (SELECT 1 FROM "
                       "assignments a WHERE a.shift_id = shifts.id AND (a.status = 'worked' OR "
                       "a.staff_id = (SELECT staff_id FROM assignments WHERE id = ?))) "
                       "ORDER BY id LIMIT 1", [shift, second]).fetchone()[0]
    other_area = db.execute("SELECT id FROM areas WHERE id <> ? ORDER BY id LIMIT 1", [area]).fetchone()[0]
    empty_day = "2031-06-02"

    def worked(area_id: str, local_date: str) -> int:
        row = db.execute("SELECT patrols FROM patrol_day_worked WHERE area_id = ? AND local_date = ?",
                         [area_id, local_date]).fetchone()
        return row[0] if row else 0

    before = worked(area, day)
    work = ("UPDATE assignments SET status = 'worked', worked_minutes = 60, "
            "actual_start_utc = start_utc, actual_end_utc = end_utc WHERE id = ?")
    steps: list[tuple[str, list[object], int]] = [
        (work, [first], before + 1),
        (work, [second], before + 1),
        ("INSERT INTO outcomes (shift_id, arrests, weapons, updated_at, updated_by) "
         "VALUES (?, 2, 1, '2026-12-01T10:00:00Z', 't') "
         "ON CONFLICT (shift_id) DO UPDATE SET arrests = 2, weapons = 1", [shift], before + 1),
        ("UPDATE assignments SET status = 'no_show', worked_minutes = NULL WHERE id = ?", [first],
         before + 1),
        ("UPDATE shifts SET area_id = ?, local_date = ? WHERE id = ?", [other_area, empty_day, shift],
         before),
        ("UPDATE shifts SET area_id = ?, local_date = ? WHERE id = ?", [area, day, shift], before + 1),
        ("UPDATE assignments SET shift_id = ? WHERE id = ?", [other, second], before),
        ("UPDATE assignments SET shift_id = ? WHERE id = ?", [shift, second], before + 1),
        ("DELETE FROM pay_lines WHERE assignment_id = ?", [second], before + 1),
        ("DELETE FROM assignments WHERE id = ?", [second], before),
        ("DELETE FROM outcomes WHERE shift_id = ?", [shift], before),
    ]
    for sql, params, expected in steps:
        with db.conn:
            db.execute(sql, params)
        _check(db)
        assert worked(area, day) == expected, sql
    assert not db.execute("SELECT 1 FROM patrol_day_worked WHERE local_date = ? UNION ALL "
                          "SELECT 1 FROM outcome_day_totals WHERE local_date = ?",
                          [empty_day, empty_day]).fetchall()


def test_the_report_totals_keep_every_outcome_count() -> None:
    from hotspot_tui.store import schema_report_totals
    from hotspot_tui.store.outcomes import COUNTS

    assert schema_report_totals.COUNTS == COUNTS
