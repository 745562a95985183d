"""The dashboard's lists of patrols short of people and of patrols not booked read the
patrols in start order from the index of start times and stop at their last row: no sort
of every patrol of the days, however many patrols a day holds."""

from __future__ import annotations

from typing import Any

from hotspot_tui.store import dashboard


def _plans(db: Any, read: Any, marker: str) -> list[list[str]]:
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        read()
    finally:
        db.conn.set_trace_callback(None)
    reads = [sql for sql in seen if marker in sql]
    assert reads
    return [[row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
            for sql in reads]


def test_patrols_short_of_people_are_read_in_start_order(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    for plan in _plans(db, lambda: dashboard.cover_gaps(db, "2026-11-25", "2026-12-01", 50),
                       "have_officer < s.need_officer"):
        assert plan[0].startswith("SEARCH s USING INDEX idx_shifts_start (start_utc>? AND start_utc<?)")
        assert not any("TEMP B-TREE" in step for step in plan)


def test_patrols_not_booked_are_read_in_start_order(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    days = [day for day, _ in dashboard.planned_days_until(db, "2026-12-02")]
    assert days
    plans = _plans(db, lambda: dashboard.oldest_unbooked(db, days, "2026-12-02T09:00:00Z", 3),
                   "AS people")
    for plan in plans:
        assert plan[0].startswith("SEARCH s USING INDEX idx_shifts_start (start_utc>? AND start_utc<?)")
        assert not any("TEMP B-TREE" in step for step in plan)
