"""Areas' geographies: what is accepted, what is refused in one line, and what is inside."""

from __future__ import annotations

import json

import pytest

from hotspot_tui.domain import geography as geo


def test_lsoa_codes_any_case_and_separator_once_each() -> None:
    assert geo.lsoa_set("e01023320, E01023321;W01000001 E01023320").codes == \
        ("E01023320", "E01023321", "W01000001")
    for bad in ("E0102332", "S01000001", "E01023320X", ""):
        with pytest.raises(geo.GeographyError):
            geo.lsoa_set(bad)


def test_radius_and_centre_ranges() -> None:
    assert geo.parse_radius("400") == 400 and geo.parse_radius("1.5km") == 1500
    assert geo.parse_radius("50 m") == 50 and geo.parse_radius(5000) == 5000
    for bad in ("49", "5001", "nan", "inf", "-400", "far"):
        with pytest.raises(geo.GeographyError, match="radius"):
            geo.parse_radius(bad)
    assert geo.parse_centre(" 51.656 , -0.396 ") == (51.656, -0.396)
    for bad in ("-0.396,51.656", "48.8566,2.3522", "51.6", "a,b", "51.6,-0.3,1"):
        with pytest.raises(geo.GeographyError):
            geo.parse_centre(bad)


def test_haversine_against_a_known_distance() -> None:
    assert geo.haversine_m(51.0, -0.4, 52.0, -0.4) == pytest.approx(111_195.08, abs=0.01)  # πR/180
    assert 343_000 < geo.haversine_m(51.5074, -0.1278, 48.8566, 2.3522) < 344_500  # London–Paris
    assert geo.haversine_m(51.7, -0.3, 51.7, -0.3) == 0


def test_a_circle_holds_what_lies_within_its_radius_and_its_box_holds_the_circle() -> None:
    c = geo.circle(51.6560, -0.3960, 400)
    north = 51.6560 + 399 / 111_195
    south = 51.6560 - 401 / 111_195
    assert c.inside([(north, -0.3960, None), (south, -0.3960, None), (None, None, "E01023320")]) == \
        [True, False, False]
    box = c.box()
    for lat, lon in ((51.6560 + 0.0036, -0.3960), (51.6560, -0.3960 - 0.0058)):
        if geo.haversine_m(51.6560, -0.3960, lat, lon) <= 400:
            assert box.min_lat <= lat <= box.max_lat and box.min_lon <= lon <= box.max_lon


def _square(west: float, south: float, size: float) -> list[list[float]]:
    return [[west, south], [west + size, south], [west + size, south + size], [west, south + size],
            [west, south]]


def test_polygons_from_a_geometry_a_feature_or_a_collection() -> None:
    square = {"type": "Polygon", "coordinates": [_square(-0.40, 51.65, 0.01)]}
    for text in (json.dumps(square),
                 json.dumps({"type": "Feature", "properties": {"name": "[/]"}, "geometry": square}),
                 json.dumps({"type": "FeatureCollection", "features": [
                     {"type": "Feature", "properties": {}, "geometry": square}]})):
        p = geo.polygon(text)
        assert p.inside([(51.655, -0.395, None), (51.665, -0.395, None), (51.65, -0.395, None),
                         (None, None, None)]) == [True, False, True, False]
        assert p.box() == geo.Box(51.65, -0.40, 51.66, -0.39)
    two = geo.polygon(json.dumps({"type": "MultiPolygon", "coordinates": [
        [_square(-0.40, 51.65, 0.01)], [_square(-0.30, 51.75, 0.01)]]}))
    assert two.inside([(51.755, -0.295, None), (51.70, -0.35, None)]) == [True, False]
    assert "2 parts" in two.describe()


@pytest.mark.parametrize("text, message", [
    ("not json", "not GeoJSON"),
    ('{"type": "Point", "coordinates": [-0.4, 51.6]}', "not a Polygon"),
    ('{"type": "Polygon", "coordinates": [[[-0.4, 51.6], [-0.3, 51.7], [-0.4, 51.7], [-0.3, 51.6], '
     '[-0.4, 51.6]]]}', "not valid"),
    ('{"type": "Polygon", "coordinates": [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], '
     '[2.35, 48.85]]]}', "not in Great Britain"),
    ('{"type": "Polygon", "coordinates": "oops"}', "unreadable coordinates"),
    ('{"type": "FeatureCollection", "features": []}', "has no features"),
    ("[]", "not an object"),
])
def test_bad_polygons_are_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(geo.GeographyError, match=message) as caught:
        geo.polygon(text)
    assert "\n" not in str(caught.value)
