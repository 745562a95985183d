"""The picker's order reads the window's weekly minutes as one run of the index by week
(schema 0033), and each person's figure is the sum of their weeks in the window."""

from __future__ import annotations

from hotspot_tui.store import candidates
from hotspot_tui.store.schema_week_index import INDEX

PER_PERSON = (f"SELECT p.id, coalesce((SELECT sum(w.minutes) FROM {candidates.WEEKS} w "
              "WHERE w.staff_id = p.id AND w.week BETWEEN ? AND ?), 0) FROM staff p "
              "WHERE p.kind = ? AND p.active = 1")


def _window(db) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The four busiest consecutive Mondays the demo holds."""
    weeks = [r[0] for r in db.execute(
        f"SELECT week FROM {candidates.WEEKS} GROUP BY week ORDER BY sum(minutes) DESC LIMIT 1")]
    last = weeks[0]
    first = db.execute("SELECT date(?, '-21 days')", [last]).fetchone()[0]
    return first, last


def test_each_person_s_minutes_are_their_weeks_in_the_window(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    first, last = _window(db)
    for kind in ("officer", "pcso", "ceo"):
        expected = dict(db.execute(PER_PERSON, [first, last, kind]).fetchall())
        rows = candidates.people_of_kind(db, kind, first, last)
        assert {r[candidates.ID]: r[candidates.RECENT_MINUTES] for r in rows} == expected
        assert any(expected.values()) and not all(expected.values())
        head = candidates.people_of_kind(db, kind, first, last, fewest=5)
        assert [r[candidates.RECENT_MINUTES] for r in head] == sorted(expected.values())[:len(head)]


def test_the_window_is_one_run_of_the_index_by_week(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        candidates.people_of_kind(db, "officer", "2026-03-02", "2026-03-23", fewest=5)
    finally:
        db.conn.set_trace_callback(None)
    (sql,) = [s for s in seen if candidates.WEEKS in s]
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    reads = [step for step in plan if candidates.WEEKS in step or step.endswith(" w")]
    assert reads == [f"SEARCH w USING COVERING INDEX {INDEX} (week>? AND week<?)"], plan
