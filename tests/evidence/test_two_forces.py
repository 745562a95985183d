"""Two forces, one a month behind the other: an area's month is loaded only when the force
whose records lie inside it has that month imported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hotspot_tui.domain.monthly_return import FORCE_NOT_LOADED, police_note
from hotspot_tui.services.monthly_return import monthly_return
from hotspot_tui.services.police_data import area_counts_by_month
from hotspot_tui.services.session import open_session
from tests.cli.fresh_operation import ok
from tests.evidence.police_files import ASB, CHIPPING_BARNET, MET, hertfordshire, metropolitan

BARNET = "Chipping [/] Barnet"
BARNET_AREA = f"""

[[areas]]
name = "{BARNET}"
district = "Barnet"
cost_code = "HAF-BA-CHB"
centre = [{CHIPPING_BARNET.lat}, {CHIPPING_BARNET.lon}]
radius_metres = 300
"""


@pytest.fixture(scope="module")
def two_forces(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example operation with an area over the county boundary; Hertfordshire's police
    data imported to Oct 2026, the Metropolitan Police's only to Sep 2026."""
    folder = tmp_path_factory.mktemp("two-forces")
    db = folder / "station.db"
    ok(db, "db", "init")
    operation = folder / "operation.toml"
    operation.write_text(ok(db, "setup", "--example") + BARNET_AREA, encoding="utf-8")
    ok(db, "setup", str(operation))
    ok(db, "import", "crime", *map(str, hertfordshire(folder) + metropolitan(folder)))
    ok(db, "area", "geography", "Watford", "--centre", "51.6556,-0.3960", "--radius", "300")
    return db


@pytest.fixture
def station(two_forces: Path, tmp_path: Path) -> Path:
    db = tmp_path / "station.db"
    shutil.copyfile(two_forces, db)
    db.chmod(0o600)
    return db


def _asb_by_month(db: Path) -> dict[str, dict[str, int]]:
    session = open_session(db, "PS Tester")
    try:
        return {a.name: a.months for a in area_counts_by_month(session, "2026-09", "2026-10", crime_type=ASB)}
    finally:
        session.close()


def test_a_month_is_loaded_for_an_area_only_when_its_force_has_it(station: Path, tmp_path: Path) -> None:
    counts = _asb_by_month(station)
    assert counts["Watford"] == {"2026-09": 5, "2026-10": 5}
    assert counts[BARNET] == {"2026-09": 4}, "October is not loaded for the Metropolitan Police"
    ok(station, "import", "crime", *map(str, metropolitan(tmp_path, "2026-10", "2026-10")))
    assert _asb_by_month(station)[BARNET] == {"2026-09": 4, "2026-10": 4}


def test_the_report_compares_each_area_over_its_own_forces_months(station: Path) -> None:
    data = json.loads(ok(station, "report", "--format", "json"))
    areas = {a["area"]: a for a in data["by_area"]}
    watford, barnet = areas["Watford"], areas[BARNET]
    assert (watford["asb_before"], watford["asb_during"]) == (60, 30)
    assert watford["asb_during_months"] == "May–Oct 2026"
    assert (barnet["asb_before"], barnet["asb_during"]) == (20, 20)
    assert (barnet["asb_during_months"], barnet["asb_before_months"]) == ("May–Sep 2026", "May–Sep 2025")
    assert barnet["asb_claim"] == ("ASB unchanged (20 → 20, May–Sep 2026 against May–Sep 2025; "
                                   "Oct 2026 left out: Oct 2026 not loaded)")
    placed = [a for a in data["by_area"] if a["asb_before"] is not None]
    assert data["asb_before"] == sum(a["asb_before"] for a in placed)
    assert data["asb_during"] == sum(a["asb_during"] for a in placed)
    assert data["asb_during_months"] == "May–Oct 2026"
    assert f"; {BARNET} over May–Sep 2026 against May–Sep 2025" in data["asb_claim"]


def test_the_monthly_return_has_no_count_for_an_area_whose_force_is_not_in(station: Path) -> None:
    session = open_session(station, "PS Tester")
    try:
        ret = monthly_return(session, "2026-10")
    finally:
        session.close()
    areas = {a.area: a for a in ret.areas}
    assert areas["Watford"].asb_incidents == 5
    assert areas[BARNET].asb_incidents is None
    assert areas[BARNET].incidents_note == FORCE_NOT_LOADED
    assert ret.total.asb_incidents == sum(a.asb_incidents or 0 for a in ret.areas)
    assert BARNET in ret.total.incidents_note
    waiting = police_note(ret).split("No count yet for ")[1].split(": the month is")[0]
    assert BARNET in waiting.split(", ") and "Watford" not in waiting


def test_a_place_over_the_boundary_trends_over_its_forces_months(station: Path) -> None:
    data = json.loads(ok(station, "hotspots", "--from", "2025-11", "--to", "2026-10", "--type", "ASB",
                         "--by", "lsoa", "--json"))
    barnet = next(p for p in data["places"] if p["key"] == CHIPPING_BARNET.lsoa)
    assert barnet["count"] == 44
    trend = barnet["trend"]
    assert (trend["before"], trend["during"], trend["change_pct"]) == (44, 44, 0.0)
    assert "2026-10" not in barnet["trend"]["during_months"]
    assert "2025-10" not in barnet["trend"]["before_months"]
    watford = next(p for p in data["places"] if p["key"] == "E01023838")
    assert watford["trend"]["during_months"] == data["trend_during_months"]
    text = ok(station, "hotspots", "--from", "2025-11", "--to", "2026-10", "--type", "ASB", "--by", "lsoa")
    assert "trend over Nov 2025–Sep 2026 against Nov 2024–Sep 2025 (Oct 2026 left out: Oct 2026 not loaded)" \
        in text


def test_counts_kept_without_their_force_by_an_older_file_are_split_when_it_is_opened(station: Path) -> None:
    """A file of the schema before counts kept their force, holding a month both forces had
    imported: upgraded and opened, its counts are those a fresh count gives."""
    import sqlite3

    from hotspot_tui.store import schema_area_force_index, schema_police

    conn = sqlite3.connect(station)
    counted = "SELECT area_id, month, crime_type, force, records FROM area_crime_counts"
    fresh = sorted(conn.execute(counted))
    assert {r[3] for r in fresh} == {"Hertfordshire Constabulary", MET}
    old_table = next(s for s in schema_police.STATEMENTS if "CREATE TABLE area_crime_counts" in s)
    with conn:
        conn.execute("CREATE TEMP TABLE kept AS SELECT area_id, month, crime_type, sum(records) AS records "
                     "FROM area_crime_counts GROUP BY area_id, month, crime_type")
        conn.execute("DROP TABLE area_crime_counts")
        conn.execute(old_table)
        conn.execute("INSERT INTO area_crime_counts SELECT * FROM kept")
        # The table of that schema has none of the later indexes on it either.
        gone = ("0025_area_counts_by_force", schema_area_force_index.MIGRATION_NAME)
        conn.execute("DELETE FROM _sqlite_migrations WHERE name IN (?, ?)", gone)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {version - len(gone)}")
    conn.close()
    session = open_session(station, "PS Tester")
    session.close()
    conn = sqlite3.connect(station)
    upgraded = sorted(conn.execute(counted))
    conn.close()
    assert upgraded == fresh
    assert _asb_by_month(station)[BARNET] == {"2026-09": 4}
