"""Square cells of a chosen size in metres, for counting police records by place.

The grid is a plate carrée scaled to metres at a fixed standard parallel (52.5°N, the
middle of England and Wales) on the WGS84 ellipsoid: a cell is `size` metres north to south
everywhere, and `size` metres east to west on that parallel (about 6 % wider at 50°N, 8 %
narrower at 55.8°N, under 1 % off across one county). The cell of a point is plain
arithmetic, `floor((lon + 180) * kx)`, `floor((lat + 90) * ky)`, so the store counts cells
with GROUP BY over the records' own columns, and this module and SQL agree bit for bit on
which cell a point falls in: both multiply the same doubles (`Grid.kx`, `Grid.ky`, given to
the query as parameters) and truncate a positive number.

Cells are numbered from 180°W, 90°S, so every index is a non-negative integer and a cell's
number never depends on which records are loaded.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from hotspot_tui.errors import ValidationFailed

STANDARD_PARALLEL = 52.5
_A = 6_378_137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_SIN2 = math.sin(math.radians(STANDARD_PARALLEL)) ** 2
METRES_PER_DEGREE_LAT = math.pi / 180 * _A * (1 - _E2) / (1 - _E2 * _SIN2) ** 1.5
METRES_PER_DEGREE_LON = (math.pi / 180 * _A / math.sqrt(1 - _E2 * _SIN2)
                         * math.cos(math.radians(STANDARD_PARALLEL)))

SMALLEST_CELL = 50
LARGEST_CELL = 5000
DEFAULT_CELL = 250
COORDINATE_PLACES = 6
"""Police data gives coordinates to six decimal places (about 10 cm); cell corners too."""
SPAN_MARGIN = 1e-6
"""Degrees a span of longitudes reaches beyond its columns' edges (`Grid.longitude_spans`):
about 7 cm, far more than the rounding of `Grid.cell_of`'s arithmetic (under 1e-12 degrees)
and far less than the narrowest column (a 50 m cell is 7e-4 degrees wide), so spans of
columns that do not touch never meet."""


def cell_size(metres: int | str) -> int:
    """A cell size typed or given on the command line, in whole metres, or one line why not."""
    try:
        value = int(str(metres).strip().removesuffix("m").strip())
    except ValueError:
        raise ValidationFailed(f"cell size {str(metres).strip()!r} is not a whole number of metres") \
            from None
    if not SMALLEST_CELL <= value <= LARGEST_CELL:
        raise ValidationFailed(
            f"cell size {value} m is out of range: use {SMALLEST_CELL} to {LARGEST_CELL} metres")
    return value


@dataclass(frozen=True)
class Cell:
    size: int
    x: int
    y: int

    @property
    def grid(self) -> Grid:
        return Grid(self.size)

    @property
    def south(self) -> float:
        return round(self.y / self.grid.ky - 90.0, COORDINATE_PLACES)

    @property
    def north(self) -> float:
        return round((self.y + 1) / self.grid.ky - 90.0, COORDINATE_PLACES)

    @property
    def west(self) -> float:
        return round(self.x / self.grid.kx - 180.0, COORDINATE_PLACES)

    @property
    def east(self) -> float:
        return round((self.x + 1) / self.grid.kx - 180.0, COORDINATE_PLACES)

    @property
    def centre(self) -> tuple[float, float]:
        """(latitude, longitude) of the middle of the cell."""
        return (round((self.south + self.north) / 2, COORDINATE_PLACES),
                round((self.west + self.east) / 2, COORDINATE_PLACES))

    def ring(self) -> list[tuple[float, float]]:
        """The cell's outline as GeoJSON writes a polygon's ring: (longitude, latitude)
        corners anticlockwise from the south-west, the first repeated at the end."""
        sw, se = (self.west, self.south), (self.east, self.south)
        ne, nw = (self.east, self.north), (self.west, self.north)
        return [sw, se, ne, nw, sw]

    @property
    def key(self) -> str:
        """A stable name for the cell: its size and numbers, e.g. 250m:52731:53104."""
        return f"{self.size}m:{self.x}:{self.y}"

    def label(self) -> str:
        lat, lon = self.centre
        return f"{self.size} m cell at {lat:.5f}, {lon:.5f}"


@dataclass(frozen=True)
class Grid:
    size: int

    def __post_init__(self) -> None:
        cell_size(self.size)

    @property
    def kx(self) -> float:
        """Cells per degree of longitude."""
        return METRES_PER_DEGREE_LON / self.size

    @property
    def ky(self) -> float:
        """Cells per degree of latitude."""
        return METRES_PER_DEGREE_LAT / self.size

    def cell_of(self, lat: float, lon: float) -> Cell:
        return Cell(self.size, int((lon + 180.0) * self.kx), int((lat + 90.0) * self.ky))

    def longitude_spans(self, columns: Iterable[int]) -> list[tuple[float, float]]:
        """West and east longitudes around each run of adjacent `columns` (cells' x
        numbers), west to east: every point whose cell lies in one of the columns has a
        longitude inside its run's span, and no two spans meet, so records searched span by
        span are each read once."""
        runs: list[list[int]] = []
        for x in sorted(set(columns)):
            if runs and x == runs[-1][1] + 1:
                runs[-1][1] = x
            else:
                runs.append([x, x])
        return [(first / self.kx - 180.0 - SPAN_MARGIN, (last + 1) / self.kx - 180.0 + SPAN_MARGIN)
                for first, last in runs]


def parse_cell_key(key: str) -> Cell:
    """A cell from its key (`Cell.key`), or one line saying why not."""
    try:
        size_text, x, y = key.strip().split(":")
        cell = Cell(cell_size(size_text), int(x), int(y))
    except (ValueError, ValidationFailed):
        raise ValidationFailed(f"{key.strip()!r} is not a grid cell (write it as 250m:X:Y)") from None
    if cell.x < 0 or cell.y < 0:
        raise ValidationFailed(f"{key.strip()!r} is not a grid cell (write it as 250m:X:Y)")
    return cell
