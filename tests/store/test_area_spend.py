"""The roster's spend per area: every planned and worked assignment's cost, read from one
summary row per area and status, so that it costs the same whatever the years of patrols."""

from __future__ import annotations

from hotspot_tui.store import roster


def test_each_areas_spend_is_the_cost_of_its_planned_and_worked_assignments(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    expected = dict(db.execute(
        "SELECT s.area_id, sum(a.cost_pence) FROM assignments a JOIN shifts s ON s.id = a.shift_id "
        "WHERE a.status IN ('planned', 'worked') GROUP BY s.area_id").fetchall())
    assert expected
    spend = roster.area_spend(db)
    assert {area: pence for area, (pence, _) in spend.items() if pence} == {
        area: pence for area, pence in expected.items() if pence}
    allocations = dict(db.execute("SELECT area_id, allocation_pence FROM area_allocations").fetchall())
    assert {area: allocation for area, (_, allocation) in spend.items()
            if allocation is not None} == allocations


def test_the_spend_is_read_from_the_summary_of_each_area_not_of_each_day(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        roster.area_spend(db)
    finally:
        db.conn.set_trace_callback(None)
    spend = [sql for sql in seen if "sum(pence)" in sql]
    assert len(spend) == 1
    plan = " ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + spend[0]).fetchall())
    assert "area_status_totals" in plan
    assert "patrol_day_totals" not in plan
