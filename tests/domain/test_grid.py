"""Grid cells in metres, and what a hotspot question may ask."""

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotspot_tui.domain.grid import Grid, cell_size, parse_cell_key
from hotspot_tui.domain.hotspots import (
    RankPlan,
    crime_type,
    district_of,
    hotspot_query,
    plan,
    trend_of,
    trend_text,
)
from hotspot_tui.domain.months import Month, month_range
from hotspot_tui.errors import ValidationFailed

latitudes = st.floats(49.8, 60.9, allow_nan=False)
longitudes = st.floats(-8.7, 1.8, allow_nan=False)
sizes = st.integers(50, 5000)


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of the mean Earth radius (an independent check)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


@given(latitudes, longitudes, sizes)
def test_a_point_lies_in_its_cell(lat: float, lon: float, size: int) -> None:
    cell = Grid(size).cell_of(lat, lon)
    tolerance = 1e-6
    assert cell.south - tolerance <= lat <= cell.north + tolerance
    assert cell.west - tolerance <= lon <= cell.east + tolerance
    assert cell.x >= 0 and cell.y >= 0
    assert parse_cell_key(cell.key) == cell


@pytest.mark.parametrize("size", [50, 250, 1000])
def test_cells_are_their_size_in_metres_in_hertfordshire(size: int) -> None:
    cell = Grid(size).cell_of(51.75, -0.34)
    height = _metres(cell.south, cell.west, cell.north, cell.west)
    width = _metres(cell.south, cell.west, cell.south, cell.east)
    assert height == pytest.approx(size, rel=0.01)
    assert width == pytest.approx(size, rel=0.02)


def test_cells_stay_within_ten_per_cent_across_england_and_wales() -> None:
    for lat in (50.0, 52.5, 55.8):
        cell = Grid(1000).cell_of(lat, -1.5)
        width = _metres(cell.south, cell.west, cell.south, cell.east)
        assert width == pytest.approx(1000, rel=0.1)


def test_neighbouring_points_share_a_cell_and_far_ones_do_not() -> None:
    grid = Grid(250)
    a = grid.cell_of(51.655600, -0.396000)
    assert grid.cell_of(51.655601, -0.396001) in (a, grid.cell_of(51.655601, -0.396001))
    assert grid.cell_of(51.66, -0.396) != a
    assert grid.cell_of(*a.centre) == a


@given(st.lists(st.tuples(latitudes, st.floats(-0.9, 0.3, allow_nan=False)), min_size=1, max_size=40),
       st.sampled_from([50, 250, 1000]), st.data())
def test_the_spans_of_some_columns_hold_their_points_once(points: list[tuple[float, float]], size: int,
                                                           data: st.DataObject) -> None:
    """Every point whose cell lies in the chosen columns has its longitude in exactly one
    span; spans run west to east and never meet, even where columns touch."""
    grid = Grid(size)
    columns = {grid.cell_of(lat, lon).x for lat, lon in points}
    chosen = data.draw(st.sets(st.sampled_from(sorted(columns)), min_size=1))
    edges = [round(x / grid.kx - 180.0, 6) for x in chosen] + [round((x + 1) / grid.kx - 180.0, 6)
                                                                 for x in chosen]
    spans = grid.longitude_spans(chosen)
    assert all(west < east < next_west for (west, east), (next_west, _) in itertools.pairwise(spans))
    for lat, lon in [*points, *((52.0, edge) for edge in edges)]:
        holding = [span for span in spans if span[0] <= lon <= span[1]]
        if grid.cell_of(lat, lon).x in chosen:
            assert len(holding) == 1


def test_touching_columns_make_one_span() -> None:
    grid = Grid(250)
    (west, east), (far_west, _) = grid.longitude_spans([10_002, 10_000, 10_001, 10_004])
    assert grid.cell_of(52.0, west + 2e-6).x == 10_000 and grid.cell_of(52.0, east - 2e-6).x == 10_002
    assert grid.cell_of(52.0, far_west + 2e-6).x == 10_004


def test_the_ring_is_a_closed_polygon_anticlockwise() -> None:
    cell = Grid(250).cell_of(51.9, -0.2)
    ring = cell.ring()
    assert ring[0] == ring[-1] and len(ring) == 5
    area2 = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))
    assert area2 > 0


@pytest.mark.parametrize("text", ["49", "5001", "abc", "", "-250", "2.5"])
def test_a_bad_cell_size_is_one_line(text: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        cell_size(text)
    assert "\n" not in str(caught.value)


def test_cell_size_reads_metres() -> None:
    assert cell_size("250") == 250
    assert cell_size("500m") == 500
    assert cell_size(50) == 50


@pytest.mark.parametrize("key", ["250m:1:2:3", "x:1:2", "250m:-1:3", "10m:1:2", "250m:a:b"])
def test_a_bad_cell_key_is_refused(key: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_cell_key(key)


def test_crime_types_are_matched_to_their_official_spelling() -> None:
    assert crime_type("anti-social behaviour") == "Anti-social behaviour"
    assert crime_type("ASB") == "Anti-social behaviour"
    assert crime_type("  Violence  and sexual offences ") == "Violence and sexual offences"
    assert crime_type("") is None
    assert crime_type("all") is None
    with pytest.raises(ValidationFailed, match="not a police crime type"):
        crime_type("Burglry")


def test_a_query_is_checked() -> None:
    query = hotspot_query("2025-10", "2026-03", crime="asb", by="LSOA", size="100", count="5")
    assert (query.first, query.last, query.crime_type, query.by, query.cell_size, query.limit) == (
        Month(2025, 10), Month(2026, 3), "Anti-social behaviour", "lsoa", 100, 5)
    for args, message in [(("2026-03", "2025-10"), "before the first month"),
                          (("2023-01", "2026-03"), "more than 36 months"),
                          (("2026-13", "2026-12"), "not a month")]:
        with pytest.raises(ValidationFailed, match=message):
            hotspot_query(*args)
    with pytest.raises(ValidationFailed, match="cell or lsoa"):
        hotspot_query("2026-01", "2026-02", by="ward")
    with pytest.raises(ValidationFailed, match="limit 0"):
        hotspot_query("2026-01", "2026-02", count=0)


def test_the_plan_counts_loaded_months_and_trends_over_loaded_pairs() -> None:
    query = hotspot_query("2026-01", "2026-06")
    loaded = set(month_range(Month(2025, 8), Month(2026, 5)))
    chosen: RankPlan = plan(query, loaded)
    assert chosen.months == tuple(month_range(Month(2026, 1), Month(2026, 5)))
    assert chosen.not_loaded == (Month(2026, 6),)
    assert chosen.trend.during_months == tuple(month_range(Month(2026, 2), Month(2026, 5)))
    assert chosen.trend.before_months == tuple(month_range(Month(2025, 8), Month(2025, 11)))
    assert chosen.describe() == ("Jan–May 2026 (Jun 2026 not loaded); trend: Feb–May 2026 "
                                 "against Aug–Nov 2025")
    assert plan(query, set()).describe() == "No police data loaded for Jan–Jun 2026."


def test_trend_text() -> None:
    query = hotspot_query("2026-01", "2026-01")
    both = {Month(2025, 12), Month(2026, 1)}
    jan, dec = Month(2026, 1), Month(2025, 12)
    assert trend_text(trend_of(query, both, {jan: 10, dec: 8})) == "+25 %"
    assert trend_text(trend_of(query, both, {jan: 6, dec: 8})) == "−25 %"
    assert trend_text(trend_of(query, both, {jan: 3})) == "new"
    assert trend_text(trend_of(query, both, {jan: 3, dec: 3})) == "same"
    assert trend_text(trend_of(query, {jan}, {jan: 3})) == "–"


def test_district_is_read_from_an_lsoa_name() -> None:
    assert district_of("Watford 005A") == "Watford"
    assert district_of("East Hertfordshire 012C") == "East Hertfordshire"
    assert district_of("King's Lynn and West Norfolk 001A") == "King's Lynn and West Norfolk"
    assert district_of("Watford") is None
    assert district_of(None) is None
