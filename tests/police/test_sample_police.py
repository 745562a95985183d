"""The demo database's police data: generated in the official format, imported through the
import production uses, marked sample and said to be so, covering twelve months before the
operation to the last full month, with anti-social behaviour down in the patrolled areas;
and the counts inside the areas equal a count made here from the records."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

from hotspot_tui.domain.operation import TOWN_CENTRES
from hotspot_tui.services.police_data import area_counts_by_month, police_data_summary
from hotspot_tui.services.session import open_reading_session
from tests.police.street_files import haversine_m

ASB = "Anti-social behaviour"


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_demo_carries_sample_police_data_from_a_year_before_the_start(demo_db: Path) -> None:
    months = [r[0] for r in _rows(demo_db, "SELECT month FROM police_force_months ORDER BY month")]
    assert months[0] == "2025-05" and months[-1] == "2026-10" and len(months) == 18
    assert _rows(demo_db, "SELECT DISTINCT sample, force FROM police_force_months") == \
        [(1, "Hertfordshire Constabulary")]
    imports = _rows(demo_db, "SELECT actor, details FROM audit_log WHERE action = 'police_data.import'")
    assert len(imports) == 18, "each month went in through the import, audited"
    assert all(json.loads(str(d))["sample"] is True for _, d in imports)
    assert _rows(demo_db, "SELECT count(*) FROM police_records WHERE crime_id IS NULL AND "
                          "crime_type <> 'Anti-social behaviour'") == [(0,)]
    assert _rows(demo_db, "SELECT count(*) > 0 FROM police_records WHERE latitude IS NULL") == [(1,)]
    session = open_reading_session(demo_db, "PS Tester")
    try:
        summary = police_data_summary(session)
        assert summary.sample and "SAMPLE DATA" in summary.describe()
        assert "2025-05 to 2026-10 (18 months" in summary.describe()
        counts = area_counts_by_month(session, "2025-05", "2026-10", crime_type=ASB)
    finally:
        session.close()
    assert len(counts) == 12
    total_before = total_during = 0
    for area in counts:
        before = sum(area.months[f"2025-{m:02d}"] for m in range(5, 11))
        during = sum(area.months[f"2026-{m:02d}"] for m in range(5, 11))
        assert during < before, (area.name, before, during)
        total_before, total_during = total_before + before, total_during + during
    assert total_during < total_before * 0.75


def test_the_counts_inside_the_areas_equal_a_fresh_count(demo_db: Path) -> None:
    records = _rows(demo_db, "SELECT month, crime_type, latitude, longitude FROM police_records "
                             "WHERE latitude IS NOT NULL")
    areas = dict(_rows(demo_db, "SELECT id, name FROM areas"))
    expected: Counter[tuple[str, str, str]] = Counter()
    for area_id, name in areas.items():
        lat, lon, radius = TOWN_CENTRES[str(name)]
        for month, crime_type, r_lat, r_lon in records:
            if haversine_m(lat, lon, float(r_lat), float(r_lon)) <= radius:  # type: ignore[arg-type]
                expected[(str(area_id), str(month), str(crime_type))] += 1
    stored = {(str(a), str(m), str(t)): n for a, m, t, n in _rows(
        demo_db, "SELECT area_id, month, crime_type, records FROM area_crime_counts")}
    assert stored == dict(expected)
    assert sum(expected.values()) > 5000


def test_the_county_scale_has_a_county_forces_volume_with_hotspots_outside_the_areas(tmp_path: Path) -> None:
    """`sample --scale county`'s police data: about as many records a month as
    Hertfordshire publishes (10,000 to 15,000), marked sample, with busy places outside
    the areas for the Hotspots section to find."""
    from datetime import date

    from hotspot_tui.domain.geography import Circle
    from hotspot_tui.domain.hotspots import hotspot_query
    from hotspot_tui.domain.operation import ALL_AREAS
    from hotspot_tui.services.area_geography import place_area
    from hotspot_tui.services.hotspots import find_hotspots
    from hotspot_tui.services.organisation import insert_area
    from hotspot_tui.services.sample_police import COUNTY_VOLUME, load_sample_police_data
    from hotspot_tui.store.database import create_database, write_transaction

    db = create_database(tmp_path / "county.db")
    try:
        with write_transaction(db):
            for name, district, code in ALL_AREAS:
                area = insert_area(db, "sample-generator", name, district, code)
                place_area(db, area["id"], name, Circle(*TOWN_CENTRES[name]), "sample-generator")
            rows = load_sample_police_data(
                db, seed=2026, areas=[(n, d, *TOWN_CENTRES[n]) for n, d, _ in ALL_AREAS],
                first_month=date(2026, 9, 1), last_month=date(2026, 10, 1), starts=date(2024, 5, 1),
                actor="sample-generator", at_utc="2024-04-17T07:00:00Z", volume=COUNTY_VOLUME)
    finally:
        db.conn.close()
    path = tmp_path / "county.db"
    months = _rows(path, "SELECT month, rows, sample FROM police_force_months ORDER BY month")
    assert [m for m, _, _ in months] == ["2026-09", "2026-10"]
    assert all(10_000 <= int(str(n)) <= 15_000 and s == 1 for _, n, s in months), months
    assert rows == sum(int(str(n)) for _, n, _ in months)
    inside = _rows(path, "SELECT sum(records) FROM area_crime_counts")[0][0]
    assert 0.2 * rows < int(str(inside)) < 0.6 * rows, "most records lie outside the areas"
    session = open_reading_session(path, "PS Tester")
    try:
        ranking = find_hotspots(session, hotspot_query("2026-09", "2026-10", crime="ASB", count="20"))
    finally:
        session.close()
    outside = [p for p in ranking.places if not p.inside]
    assert outside and outside[0].count > 20, "busy places no area covers yet"
