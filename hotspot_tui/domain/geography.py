"""Where an area lies: a set of LSOAs, a circle round a centre, or a polygon; and whether a
police record falls inside it.

- LSOA codes are England's (E01) or Wales's (W01) followed by six digits; a record is
  inside when its LSOA code is one of them.
- A circle is a centre in Great Britain and a radius of 50 m to 5 km; a record is inside
  when its great-circle (haversine) distance from the centre, on a sphere of the Earth's
  mean radius, is at most the radius. Over a few kilometres this differs from the
  ellipsoidal distance by under 0.5 %, far less than the anonymised snap points move.
- A polygon is GeoJSON (a Polygon or MultiPolygon geometry, a Feature holding one, or a
  FeatureCollection of them) in longitude/latitude (WGS 84, as GeoJSON is), valid and
  inside Great Britain; a record is inside when its point is in the polygon or on its
  edge. Shapely (GEOS) does the geometry.

Circles and polygons give a bounding box, so the store picks out candidate records by an
index before the exact test here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

LSOA_PATTERN = re.compile(r"[EW]01\d{6}")
RADIUS_MIN_M = 50
RADIUS_MAX_M = 5000
LATITUDES = (49.8, 61.0)
"""Great Britain (with the Scilly Isles and Shetland), and Northern Ireland's latitudes."""
LONGITUDES = (-8.7, 2.0)
LSOA_MAX = 500
POLYGON_MAX_POINTS = 20_000
EARTH_RADIUS_M = 6_371_008.8
"""The Earth's mean radius (IUGG)."""

Kind = Literal["lsoa", "circle", "polygon"]


class GeographyError(ValueError):
    """A geography that cannot be used; the message is one plain line."""


@dataclass(frozen=True)
class Box:
    min_lat: float
    min_lon: float
    max_lat: float
    max_lon: float


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points given in degrees."""
    return distances_m(lat1, lon1, [(lat2, lon2)])[0]


def distances_m(lat: float, lon: float, points: Sequence[tuple[float, float]]) -> list[float]:
    """Great-circle (haversine) distance in metres from (lat, lon) to each (latitude,
    longitude), all in degrees; what depends on the first point alone is worked out once."""
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    p1 = radians(lat)
    cos_p1 = cos(p1)
    diameter = 2 * EARTH_RADIUS_M
    out = []
    for lat2, lon2 in points:
        p2 = radians(lat2)
        a = sin((p2 - p1) / 2) ** 2 + cos_p1 * cos(p2) * sin(radians(lon2 - lon) / 2) ** 2
        out.append(diameter * asin(min(1.0, sqrt(a))))
    return out


@dataclass(frozen=True)
class LsoaSet:
    codes: tuple[str, ...]
    kind: Kind = "lsoa"

    def box(self) -> Box | None:
        return None

    def inside(self, points: Sequence[tuple[float | None, float | None, str | None]]) -> list[bool]:
        """For each (latitude, longitude, LSOA code): whether it is in the area."""
        codes = set(self.codes)
        return [code in codes for _, _, code in points]

    def summary(self) -> str:
        return f"{len(self.codes)} LSOA{'s' if len(self.codes) > 1 else ''}"

    def describe(self) -> str:
        more = len(self.codes) - 3
        shown = ", ".join(self.codes[:3]) + (f" and {more} more" if more > 0 else "")
        return f"LSOA{'s' if len(self.codes) > 1 else ''} {shown}"


@dataclass(frozen=True)
class Circle:
    lat: float
    lon: float
    radius_m: int
    kind: Kind = "circle"

    def box(self) -> Box:
        # A little wider than the circle: the exact test is the haversine distance.
        dlat = math.degrees(self.radius_m / EARTH_RADIUS_M) * 1.01
        dlon = dlat / max(math.cos(math.radians(abs(self.lat) + dlat)), 1e-6)
        return Box(self.lat - dlat, self.lon - dlon, self.lat + dlat, self.lon + dlon)

    def inside(self, points: Sequence[tuple[float | None, float | None, str | None]]) -> list[bool]:
        located = [(lat, lon) for lat, lon, _ in points if lat is not None and lon is not None]
        near = iter([d <= self.radius_m for d in distances_m(self.lat, self.lon, located)])
        return [lat is not None and lon is not None and next(near) for lat, lon, _ in points]

    def summary(self) -> str:
        return f"{self.radius_m:,} m circle"

    def describe(self) -> str:
        return f"{self.radius_m:,} m round {self.lat:.5f}, {self.lon:.5f}"


@dataclass(frozen=True)
class Polygon:
    geojson: str
    """The geometry alone (Polygon or MultiPolygon), as compact GeoJSON."""
    kind: Kind = "polygon"

    def _shape(self) -> BaseGeometry:
        from shapely.geometry import shape

        return shape(json.loads(self.geojson))

    def box(self) -> Box:
        min_lon, min_lat, max_lon, max_lat = self._shape().bounds
        return Box(min_lat, min_lon, max_lat, max_lon)

    def inside(self, points: Sequence[tuple[float | None, float | None, str | None]]) -> list[bool]:
        import shapely

        located = [(i, lat, lon) for i, (lat, lon, _) in enumerate(points)
                   if lat is not None and lon is not None]
        out = [False] * len(points)
        if not located:
            return out
        geometry = self._shape()
        shapely.prepare(geometry)
        hits = shapely.intersects_xy(geometry, [p[2] for p in located], [p[1] for p in located])
        for (i, _, _), hit in zip(located, hits, strict=True):
            out[i] = bool(hit)
        return out

    def summary(self) -> str:
        return "polygon"

    def describe(self) -> str:
        shape = json.loads(self.geojson)
        rings = shape["coordinates"] if shape["type"] == "MultiPolygon" else [shape["coordinates"]]
        points = sum(len(ring) - 1 for polygon in rings for ring in polygon[:1])
        parts = f"{len(rings)} parts, " if len(rings) > 1 else ""
        return f"polygon ({parts}{points} corners)"


Geography = LsoaSet | Circle | Polygon


def lsoa_set(codes: Sequence[str] | str) -> LsoaSet:
    """LSOA codes from a list or a comma/space separated text (any case); duplicates kept once."""
    items = re.split(r"[\s,;]+", codes) if isinstance(codes, str) else list(codes)
    found: list[str] = []
    for item in items:
        code = item.strip().upper()
        if not code:
            continue
        if not LSOA_PATTERN.fullmatch(code):
            raise GeographyError(f"{item.strip()[:20]!r} is not an LSOA code (E01 or W01 and six "
                                 "digits, e.g. E01023791)")
        if code not in found:
            found.append(code)
    if not found:
        raise GeographyError("give at least one LSOA code (e.g. E01023791)")
    if len(found) > LSOA_MAX:
        raise GeographyError(f"{len(found)} LSOAs is more than {LSOA_MAX}; an area is a hotspot, "
                             "not a county")
    return LsoaSet(tuple(found))


def _check_point(lat: float, lon: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise GeographyError("latitude and longitude must be numbers")
    if not LATITUDES[0] <= lat <= LATITUDES[1]:
        raise GeographyError(f"latitude {lat:g} is not in Great Britain "
                             f"({LATITUDES[0]:g} to {LATITUDES[1]:g}; latitude comes first)")
    if not LONGITUDES[0] <= lon <= LONGITUDES[1]:
        raise GeographyError(f"longitude {lon:g} is not in Great Britain "
                             f"({LONGITUDES[0]:g} to {LONGITUDES[1]:g})")


def parse_centre(text: str) -> tuple[float, float]:
    """'LAT,LON' in decimal degrees, e.g. '51.6560,-0.3960'."""
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    if len(parts) != 2 or not all(parts):
        raise GeographyError(f"the centre {text.strip()[:40]!r} should be LATITUDE,LONGITUDE, "
                             "e.g. 51.6560,-0.3960")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise GeographyError(f"the centre {text.strip()[:40]!r} should be two numbers, "
                             "LATITUDE,LONGITUDE, e.g. 51.6560,-0.3960") from None
    _check_point(lat, lon)
    return lat, lon


def parse_radius(text: str | int | float) -> int:
    """A radius in whole metres, 50 to 5,000 ('400', '400m', '1.5km')."""
    raw = str(text).strip().lower().replace(",", "").replace(" ", "")
    scale = 1.0
    if raw.endswith("km"):
        raw, scale = raw[:-2], 1000.0
    elif raw.endswith("m"):
        raw = raw[:-1]
    try:
        metres = float(raw) * scale
    except ValueError:
        raise GeographyError(f"the radius {str(text).strip()[:20]!r} should be metres, e.g. 400") from None
    if not math.isfinite(metres) or not RADIUS_MIN_M <= metres <= RADIUS_MAX_M:
        raise GeographyError(f"the radius must be {RADIUS_MIN_M} m to {RADIUS_MAX_M:,} m "
                             f"({RADIUS_MAX_M // 1000} km)")
    return round(metres)


def circle(lat: float, lon: float, radius_m: int | float | str) -> Circle:
    _check_point(lat, lon)
    return Circle(lat, lon, parse_radius(radius_m))


def _geometry_of(data: Any) -> list[Any]:
    """The polygon geometries a GeoJSON object holds."""
    if not isinstance(data, dict):
        raise GeographyError("the GeoJSON is not an object")
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or not features:
            raise GeographyError("the GeoJSON FeatureCollection has no features")
        return [g for f in features for g in _geometry_of(f)]
    if kind == "Feature":
        return _geometry_of(data.get("geometry"))
    if kind in ("Polygon", "MultiPolygon"):
        return [data]
    raise GeographyError(f"the GeoJSON is a {str(kind)[:20]}, not a Polygon or MultiPolygon")


def polygon(text: str) -> Polygon:
    """A polygon from GeoJSON text: checked valid, non-empty and inside Great Britain."""
    import shapely
    from shapely.errors import GEOSException
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union
    from shapely.validation import explain_validity

    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise GeographyError(f"not GeoJSON: {str(exc).splitlines()[0][:80]}") from None
    shapes = []
    for geometry in _geometry_of(data):
        try:
            item = shape(geometry)
        except (GEOSException, ValueError, TypeError, KeyError, IndexError, AttributeError):
            raise GeographyError(f"the GeoJSON {geometry.get('type')} has unreadable coordinates") from None
        if item.is_empty:
            raise GeographyError("the GeoJSON polygon is empty (it encloses no area)")
        if not item.is_valid:
            raise GeographyError(f"the GeoJSON polygon is not valid: {explain_validity(item)[:80]}")
        if item.area <= 0:
            raise GeographyError("the GeoJSON polygon is empty (it encloses no area)")
        shapes.append(item)
    merged = unary_union(shapes) if len(shapes) > 1 else shapes[0]
    if merged.geom_type not in ("Polygon", "MultiPolygon"):
        raise GeographyError("the GeoJSON does not make a polygon")
    count = int(shapely.get_num_coordinates(merged))
    if count > POLYGON_MAX_POINTS:
        raise GeographyError(f"the polygon has {count:,} corners; simplify it below {POLYGON_MAX_POINTS:,}")
    min_lon, min_lat, max_lon, max_lat = merged.bounds
    for lat, lon in ((min_lat, min_lon), (max_lat, max_lon)):
        _check_point(lat, lon)
    return Polygon(json.dumps(mapping(merged), separators=(",", ":")))


def from_stored(kind: str, *, lsoa_codes: str | None = None, centre_lat: float | None = None,
                centre_lon: float | None = None, radius_m: int | None = None,
                polygon_json: str | None = None) -> Geography:
    """The geography as stored (trusted: it was checked when it was set)."""
    if kind == "lsoa":
        return LsoaSet(tuple(json.loads(lsoa_codes or "[]")))
    if kind == "circle":
        assert centre_lat is not None and centre_lon is not None and radius_m is not None
        return Circle(centre_lat, centre_lon, radius_m)
    if kind == "polygon":
        assert polygon_json is not None
        return Polygon(polygon_json)
    raise GeographyError(f"unknown geography kind {kind!r}")
