"""`hotspot-tui report`: police-recorded ASB in each area and overall, before and during the
operation, against counts made from the files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli.fresh_operation import ok
from tests.evidence.police_files import ASB, HIGH_STREET, count, months

DURING = months("2026-05", "2026-10")
A_YEAR_BEFORE = months("2025-05", "2025-10")


def test_json_has_asb_before_during_and_change_per_area_and_overall(built: tuple[Path, list[Path]]) -> None:
    db, files = built
    data = json.loads(ok(db, "report", "--format", "json"))
    areas = {a["area"]: a for a in data["by_area"]}
    watford, st_albans = areas["Watford"], areas["St Albans"]
    near = (HIGH_STREET.lat, HIGH_STREET.lon, 300)
    assert watford["asb_before"] == count(files, months_=A_YEAR_BEFORE, crime_type=ASB, near=near) == 60
    assert watford["asb_during"] == count(files, months_=DURING, crime_type=ASB, near=near) == 30
    assert watford["asb_change_pct"] == -50.0
    assert (watford["asb_during_months"], watford["asb_before_months"]) == ("May–Oct 2026", "May–Oct 2025")
    assert watford["asb_claim"] == "ASB down 50 % (60 → 30, May–Oct 2026 against May–Oct 2025)"
    assert st_albans["asb_before"] == count(files, months_=A_YEAR_BEFORE, crime_type=ASB,
                                            lsoa="E01023686") == 36
    assert st_albans["asb_change_pct"] == 0.0
    placed = [a for a in data["by_area"] if a["asb_before"] is not None]
    assert data["asb_before"] == sum(a["asb_before"] for a in placed)
    assert data["asb_during"] == sum(a["asb_during"] for a in placed)
    assert data["asb_during_months"] == "May–Oct 2026"
    assert data["police_data_sample"] is False
    for area in data["by_area"]:
        assert {"asb_before", "asb_during", "asb_change_pct"} <= set(area)
        if area["asb_before"] is None:
            assert area["asb_change_pct"] is None and "no place set" in area["asb_claim"]


def test_one_area_and_a_range_of_days(built: tuple[Path, list[Path]]) -> None:
    db, _ = built
    data = json.loads(ok(db, "report", "--format", "json", "--area", "Watford", "--from", "2026-09-01",
                         "--to", "2026-12-31"))
    assert [a["area"] for a in data["by_area"]] == ["Watford"]
    watford = data["by_area"][0]
    assert (watford["asb_before"], watford["asb_during"]) == (20, 10)
    assert watford["asb_during_months"] == "Sep–Oct 2026"
    assert (data["asb_before"], data["asb_during"]) == (20, 10)


def test_csv_and_markdown_carry_the_counts_with_their_months(built: tuple[Path, list[Path]]) -> None:
    db, _ = built
    rows = list(csv.DictReader(io.StringIO(ok(db, "report", "--format", "csv"))))
    watford = next(r for r in rows if r["area"] == "Watford")
    assert (watford["asb_before"], watford["asb_during"], watford["asb_change_pct"]) == ("60", "30", "-50.0")
    assert watford["asb_during_months"] == "May–Oct 2026"
    total = next(r for r in rows if r["area"] == "Total")
    assert int(total["asb_before"]) >= 96
    text = ok(db, "report", "--format", "md")
    assert "## Anti-social behaviour recorded by the police" in text
    assert "SAMPLE DATA" not in text
    assert "| Watford | 60 | 30 | -50.0 % | May–Oct 2026 against May–Oct 2025 |" in text
    for line in text.splitlines():
        if "%" in line and "ASB" in line:
            assert "→" in line and "against" in line
