"""`hotspot-tui hotspots`: places ranked by police records, against counts made from the files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.cli.fresh_operation import ok, run
from tests.evidence.police_files import ASB, HIGH_STREET, ST_PETERS, count, months

YEAR = months("2025-11", "2026-10")
YEAR_BEFORE = months("2024-11", "2025-10")


def hotspots(db: Path, *args: str) -> dict:  # type: ignore[type-arg]
    return json.loads(ok(db, "hotspots", *args, "--json"))


def test_cells_are_ranked_by_asb_with_their_trend_and_area(built: tuple[Path, list[Path]]) -> None:
    db, files = built
    data = hotspots(db, "--from", "2025-11", "--to", "2026-10", "--type", "anti-social behaviour")
    assert data["months"] == YEAR and data["not_loaded"] == []
    assert data["trend_before_months"] == YEAR_BEFORE
    first, second = data["places"][:2]
    high_street = count(files, months_=YEAR, crime_type=ASB, near=(HIGH_STREET.lat, HIGH_STREET.lon, 1))
    assert (first["count"], first["lsoa_code"], first["inside_areas"]) == (high_street, "E01023838",
                                                                           ["Watford"])
    assert first["count"] == 6 * 10 + 6 * 5
    assert first["trend"]["before"] == count(files, months_=YEAR_BEFORE, crime_type=ASB,
                                             near=(HIGH_STREET.lat, HIGH_STREET.lon, 1)) == 120
    assert first["trend"]["change_pct"] == -25.0
    cell = first["cell"]
    assert cell["south"] <= HIGH_STREET.lat <= cell["north"]
    assert cell["west"] <= HIGH_STREET.lon <= cell["east"]
    assert (second["count"], second["inside_areas"]) == (72, ["St Albans"])
    assert second["trend"]["change_pct"] == 0.0
    assert [p["rank"] for p in data["places"]] == list(range(1, len(data["places"]) + 1))
    assert all(not {"Watford", "St Albans"} & set(p["inside_areas"]) for p in data["places"][2:])


def test_every_crime_type_counts_when_none_is_chosen(built: tuple[Path, list[Path]]) -> None:
    db, files = built
    data = hotspots(db, "--from", "2025-11", "--to", "2026-10", "--limit", "3")
    assert len(data["places"]) == 3 and data["more"] is True
    assert data["places"][0]["count"] == count(files, months_=YEAR,
                                               near=(ST_PETERS.lat, ST_PETERS.lon, 1))
    assert data["places"][1]["count"] == count(files, months_=YEAR,
                                               near=(HIGH_STREET.lat, HIGH_STREET.lon, 1))


def test_lsoas_are_ranked_and_placed(built: tuple[Path, list[Path]]) -> None:
    db, files = built
    data = hotspots(db, "--from", "2025-11", "--to", "2026-10", "--type", "ASB", "--by", "lsoa")
    first, second = data["places"][:2]
    assert (first["key"], first["name"], first["inside_areas"]) == ("E01023838", "Watford 007B", ["Watford"])
    assert first["count"] == count(files, months_=YEAR, crime_type=ASB, lsoa="E01023838")
    assert (second["key"], second["inside_areas"]) == ("E01023686", ["St Albans"])
    assert "cell" not in first
    assert first["latitude"] == pytest.approx(HIGH_STREET.lat)


def test_months_not_loaded_are_named_and_left_out(built: tuple[Path, list[Path]]) -> None:
    db, _ = built
    data = hotspots(db, "--from", "2026-06", "--to", "2026-12", "--type", "ASB")
    assert data["months"] == months("2026-06", "2026-10")
    assert data["not_loaded"] == ["2026-11", "2026-12"]
    assert data["trend_during_months"] == months("2026-06", "2026-10")
    assert data["trend_before_months"] == months("2025-11", "2026-03")
    early = hotspots(db, "--from", "2025-01", "--to", "2025-06", "--type", "ASB")
    assert early["trend_during_months"] == ["2025-05", "2025-06"]
    assert early["trend_before_months"] == ["2024-11", "2024-12"]
    top = early["places"][0]
    assert top["count"] == 60 and top["trend"]["during"] == 20 and top["trend"]["before"] == 20
    text = ok(db, "hotspots", "--from", "2025-01", "--to", "2025-06", "--type", "ASB")
    assert "trend: May–Jun 2025 against Nov–Dec 2024" in text


def test_the_table_names_its_periods_and_places(built: tuple[Path, list[Path]]) -> None:
    db, _ = built
    text = ok(db, "hotspots", "--from", "2025-11", "--to", "2026-10", "--type", "ASB",
              "--cell-size", "500", "--limit", "2")
    lines = text.splitlines()
    assert lines[0] == ("Anti-social behaviour by 500 m cell: Nov 2025–Oct 2026; trend: "
                        "Nov 2025–Oct 2026 against Nov 2024–Oct 2025")
    assert "Watford 007B" in text and "−25 %" in text and "Watford" in lines[2]
    assert lines[1].split()[2:6] == ["count", "before", "after", "trend"]
    assert lines[2].split()[3:7] == ["90", "120", "90", "−25"]
    assert "more places follow" in lines[-1]


def test_no_police_data_says_so(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    ok(db, "db", "init")
    text = ok(db, "hotspots", "--from", "2026-01", "--to", "2026-03")
    assert text.strip() == "All crime by 250 m cell: No police data loaded for Jan–Mar 2026."


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2026-13", "--to", "2026-12"], "not a month"),
    (["--from", "2026-10", "--to", "2026-01"], "before the first month"),
    (["--from", "2026-01", "--to", "2026-02", "--by", "ward"], "cell or lsoa"),
    (["--from", "2026-01", "--to", "2026-02", "--cell-size", "10"], "cell size"),
    (["--from", "2026-01", "--to", "2026-02", "--limit", "0"], "limit"),
    (["--from", "2026-01", "--to", "2026-02", "--type", "Burglry"], "not a police crime type"),
    (["--from", "2026-01"], "--to"),
])
def test_bad_arguments_are_one_line_and_exit_2(built: tuple[Path, list[Path]], args: list[str],
                                                message: str) -> None:
    db, _ = built
    result = run(db, "hotspots", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("by", ["cell", "lsoa"])
def test_the_one_month_published_ranks_without_a_trend(tmp_path: Path, by: str) -> None:
    """The real file of one month, with no month before it loaded: the places are ranked by
    their records, and no trend is claimed."""
    real = Path(__file__).resolve().parents[1] / "fixtures" / "2018-12-hertfordshire-street.head.csv"
    db = tmp_path / "station.db"
    ok(db, "db", "init")
    ok(db, "import", "crime", str(real))
    found = hotspots(db, "--from", "2018-12", "--to", "2018-12", "--by", by, "--limit", "500")
    with real.open(encoding="utf-8", newline="") as handle:
        located = [row for row in csv.DictReader(handle) if row["Longitude"]]
    assert sum(place["count"] for place in found["places"]) == len(located)
    assert found["places"][0]["count"] >= found["places"][-1]["count"]
    assert all(place["trend"]["change_pct"] is None for place in found["places"])
    text = ok(db, "hotspots", "--from", "2018-12", "--to", "2018-12", "--by", by)
    assert "Traceback" not in text and "internal error" not in text
