"""The dashboard's breach alerts stop at their last row, however many breaches a file holds."""

from __future__ import annotations

from hotspot_tui.store import dashboard


def test_each_kind_of_breach_alert_is_read_from_its_own_index_in_start_order(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        dashboard.breaches_from(db, "2026-11-26T00:00:00Z")
    finally:
        db.conn.set_trace_callback(None)
    reads = [sql for sql in seen if "FROM working_time_breaches b" in sql]
    assert len(reads) == 2
    plans = [[row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()] for sql in reads]
    for plan, index in zip(plans, ("idx_breaches_open_start", "idx_breaches_overridden_start"),
                           strict=True):
        assert plan[0].startswith(f"SEARCH b USING INDEX {index} (start_utc>?)")
        assert not any("TEMP B-TREE" in step for step in plan)
