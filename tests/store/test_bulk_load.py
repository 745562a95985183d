"""Bulk loading keeps the double-booking rule with a set-based check."""

from __future__ import annotations

import pytest

from hotspot_tui.services.sample_data import generate
from hotspot_tui.store import bulk
from hotspot_tui.store.database import create_database


def test_bulk_load_refuses_overlapping_assignments_and_keeps_triggers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = generate(3, "demo")
    clash = dict(data.assignments[0])
    other_shift = next(s for s in data.shifts if s["id"] != clash["shift_id"])
    clash.update(id="clash", shift_id=other_shift["id"])
    data.assignments.append(clash)
    db = create_database(tmp_path / "x.db")
    with pytest.raises(ValueError, match="double-booked"):
        bulk.load_tables(db, data.tables())
    assert db.execute("SELECT count(*) FROM assignments").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM staff").fetchone()[0] == 0
    triggers = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
        " AND tbl_name IN ('assignments', 'audit_log')").fetchone()[0]
    # 2 double-booking, 2 audit, 3 each: patrol_day_totals, patrol cover, weeks, sync
    # capture, patrols worked; 2 approval
    assert triggers == 21
