"""Where an area lies travels by sync; the police data does not (each copy imports its own),
and the copy that receives a geography counts its own records inside it again."""

from __future__ import annotations

from pathlib import Path

from fresh_operation import build
from sync_helpers import checkout, must, reading, sync

from tests.police.street_files import generated_month

WATFORD = (51.6562, -0.3965)


def _counts(db: Path) -> list[tuple[object, ...]]:
    with reading(db) as conn:
        return conn.execute(
            "SELECT a.name, c.month, c.crime_type, c.records FROM area_crime_counts c "
            "JOIN areas a ON a.id = c.area_id ORDER BY 1, 2, 3").fetchall()


def _where(db: Path) -> list[tuple[object, ...]]:
    with reading(db) as conn:
        return conn.execute("SELECT a.name, g.kind, g.radius_m, g.lsoa_codes FROM area_geographies g "
                            "JOIN areas a ON a.id = g.area_id ORDER BY 1").fetchall()


def test_a_geography_set_on_a_laptop_is_counted_at_the_hub_and_back(tmp_path: Path) -> None:
    hub = build(tmp_path)
    month = tmp_path / "2026-10-hertfordshire-street.csv"
    month.write_text(generated_month("2026-10", 1500, seed=4, centre=WATFORD, spread=0.01),
                     encoding="utf-8")
    must("import", "crime", str(month), "--db", str(hub))
    laptop = checkout(hub, tmp_path / "laptop.db")
    assert _counts(laptop) == [] == _counts(hub), "no area is placed yet"

    must("area", "geography", "Watford", "--centre", f"{WATFORD[0]},{WATFORD[1]}", "--radius", "500",
         "--db", str(laptop))
    placed = _counts(laptop)
    assert placed and all(name == "Watford" for name, *_ in placed)
    sync(laptop, hub)
    assert _where(hub) == _where(laptop) == [("Watford", "circle", 500, None)]
    assert _counts(hub) == placed, "the hub counted its own records inside the area"

    must("area", "geography", "Watford", "--lsoa", "E01023316,E01023317", "--db", str(hub))
    sync(laptop, hub)
    assert _where(laptop) == [("Watford", "lsoa", None, '["E01023316", "E01023317"]')]
    assert _counts(laptop) == _counts(hub) != placed
    with reading(laptop) as conn:
        police = conn.execute("SELECT count(*) FROM police_records").fetchone()
    assert police == (len(month.read_text().splitlines()) - 1,), "records stay as each copy imported them"
