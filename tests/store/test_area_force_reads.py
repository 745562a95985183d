"""An area's forces are found by a seek for each force in the index by area and force
(schema 0032), not by reading every month's counts: the same answer, at a cost that does
not grow with the months imported."""

from __future__ import annotations

from hotspot_tui.store import police_data
from hotspot_tui.store.schema_area_force_index import INDEX

EVERY_COUNT = ("SELECT DISTINCT area_id, force FROM area_crime_counts WHERE force != '' "
               "ORDER BY area_id, force")


def _every_count(db) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(r[0], r[1]) for r in db.execute(EVERY_COUNT)]


def test_each_area_s_forces_are_those_its_counts_hold(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    expected = _every_count(db)
    assert expected, "the demo holds police data inside its areas"
    assert police_data.area_forces(db) == expected
    some = sorted({a for a, _ in expected})[:3]
    assert police_data.area_forces(db, some) == [p for p in expected if p[0] in some]
    assert police_data.area_forces(db, []) == []


def test_a_second_force_and_counts_kept_without_one_are_told_apart(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    area_id, force = _every_count(db)[0]
    month = db.execute("SELECT min(month) FROM area_crime_counts WHERE area_id = ?",
                       [area_id]).fetchone()[0]
    with db.conn:
        db.execute("INSERT INTO area_crime_counts (area_id, month, crime_type, force, records) "
                   "VALUES (?, ?, 'Drugs', 'zz-second-force', 2), (?, ?, 'Drugs', '', 3)",
                   [area_id, month, area_id, month])
    found = [f for a, f in police_data.area_forces(db, [area_id])]
    assert found == sorted({force, "zz-second-force"} | {f for a, f in _every_count(db) if a == area_id})
    assert "" not in found


def test_the_forces_are_found_by_seeks_in_the_area_and_force_index(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        police_data.area_forces(db, ["a", "b"])
    finally:
        db.conn.set_trace_callback(None)
    (sql,) = [s for s in seen if "area_crime_counts" in s]
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    reads = [step for step in plan if step.startswith(("SCAN c", "SEARCH c"))]
    assert reads, plan
    assert all(step == f"SEARCH c USING COVERING INDEX {INDEX} (area_id=? AND force>?)"
               for step in reads), plan
