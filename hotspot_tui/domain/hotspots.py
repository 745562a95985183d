"""Find hotspots: places ranked by police-recorded counts over chosen months, with a trend.

A place is a grid cell (`domain.grid`) or an LSOA. The store counts and ranks them, most
first; this module fixes what is asked (`HotspotQuery`), which months the count and the
trend cover (`plan`: the trend pairs each chosen month with the month as many months
earlier as the span is long, both loaded, as `domain.evidence` pairs months; each place's
own trend keeps the pairs loaded for the forces whose records lie in it, `trend_of`), and
what a ranked place says.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

from hotspot_tui.domain.evidence import Comparison, compare, pct_text
from hotspot_tui.domain.grid import DEFAULT_CELL, Cell, cell_size
from hotspot_tui.domain.months import Month, describe, month_range, parse_month
from hotspot_tui.errors import ValidationFailed

CRIME_TYPES = (
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs",
    "Other crime", "Other theft", "Possession of weapons", "Public order", "Robbery",
    "Shoplifting", "Theft from the person", "Vehicle crime", "Violence and sexual offences",
)
"""The crime types of data.police.uk street-level files."""
ALL_TYPES = "All crime"
"""How a count over every crime type (anti-social behaviour included) is named."""
LONGEST_SPAN = 36
DEFAULT_LIMIT = 20
LARGEST_LIMIT = 500

PlaceKind = Literal["cell", "lsoa"]
PLACE_KINDS: tuple[PlaceKind, ...] = ("cell", "lsoa")


def crime_type(text: str | None) -> str | None:
    """A crime type as typed (any case; "ASB" for anti-social behaviour) in its official
    spelling; None (every type) for blank or "all"."""
    typed = " ".join((text or "").split())
    if not typed or typed.lower() in ("all", ALL_TYPES.lower()):
        return None
    if typed.lower() == "asb":
        return CRIME_TYPES[0]
    for name in CRIME_TYPES:
        if name.lower() == typed.lower():
            return name
    raise ValidationFailed(f"{typed!r} is not a police crime type: use one of {', '.join(CRIME_TYPES)}")


def limit(value: int | str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationFailed(f"limit {str(value).strip()!r} is not a whole number") from None
    if not 1 <= number <= LARGEST_LIMIT:
        raise ValidationFailed(f"limit {number} is out of range: use 1 to {LARGEST_LIMIT}")
    return number


@dataclass(frozen=True)
class HotspotQuery:
    first: Month
    last: Month
    crime_type: str | None = None
    by: PlaceKind = "cell"
    cell_size: int = DEFAULT_CELL
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    @property
    def months(self) -> list[Month]:
        return month_range(self.first, self.last)

    @property
    def subject(self) -> str:
        return self.crime_type or ALL_TYPES


def hotspot_query(first: str, last: str, *, crime: str | None = None, by: str = "cell",
                  size: int | str = DEFAULT_CELL, count: int | str = DEFAULT_LIMIT) -> HotspotQuery:
    """The question as typed on the command line or in the Hotspots section, checked."""
    start, end = parse_month(first, "the first month"), parse_month(last, "the last month")
    if end < start:
        raise ValidationFailed(f"the last month {end} is before the first month {start}")
    if end.index - start.index + 1 > LONGEST_SPAN:
        raise ValidationFailed(f"{start} to {end} is more than {LONGEST_SPAN} months: choose fewer")
    place = by.strip().lower()
    if place not in PLACE_KINDS:
        raise ValidationFailed(f"rank by {by.strip()!r}? use cell or lsoa")
    return HotspotQuery(start, end, crime_type(crime), "lsoa" if place == "lsoa" else "cell",
                        cell_size(size), limit(count))


@dataclass(frozen=True)
class RankPlan:
    """Which months a ranking counts: `months` (the chosen months that are loaded) for the
    count, and `trend`'s pairs (counts zero here) for the trend."""

    chosen: tuple[Month, ...]
    months: tuple[Month, ...]
    trend: Comparison

    @property
    def not_loaded(self) -> tuple[Month, ...]:
        return tuple(m for m in self.chosen if m not in self.months)

    def describe(self) -> str:
        """The periods in a line: what is counted, against what, and what is not loaded."""
        if not self.months:
            return f"No police data loaded for {describe(self.chosen)}."
        text = f"{describe(self.months)}"
        if self.not_loaded:
            text += f" ({describe(self.not_loaded)} not loaded)"
        if self.trend.months:
            text += f"; trend: {self.trend.during_text} against {self.trend.before_text}"
        else:
            text += "; no trend: the months before are not loaded"
        return text


def plan(query: HotspotQuery, loaded: Collection[Month]) -> RankPlan:
    """What a ranking counts, `loaded` being the months some force holds."""
    chosen = tuple(query.months)
    months = tuple(m for m in chosen if m in loaded)
    return RankPlan(chosen, months, trend_of(query, loaded, {}))


def trend_of(query: HotspotQuery, loaded: Collection[Month], counts: Mapping[Month, int]) -> Comparison:
    """A place's trend: each chosen month against the month as many months earlier as the
    span is long, over the pairs loaded for the place (`domain.coverage`), with its counts."""
    chosen = query.months
    return compare(query.subject, chosen, len(chosen), loaded, counts)


@dataclass(frozen=True)
class Place:
    """A ranked place: its count over the plan's months, and its trend. `name` is where it
    is: an LSOA's name, a cell's main LSOA's (else its label); `latitude` and `longitude`
    are the middle of its records over the months counted and compared."""

    kind: PlaceKind
    key: str
    name: str
    count: int
    trend: Comparison
    latitude: float | None
    longitude: float | None
    lsoa_code: str | None = None
    lsoa_name: str | None = None
    cell: Cell | None = None
    inside: tuple[str, ...] = field(default=())
    """The names of the areas the place already lies in."""

    @property
    def trend_text(self) -> str:
        return trend_text(self.trend)


def trend_text(trend: Comparison) -> str:
    """A trend in a table cell: "+25 %", "−10 %", "new", "same", or "–" with no months."""
    if not trend.months:
        return "–"
    pct = trend.change_pct
    if trend.before == trend.during:
        return "same"
    if pct is None:
        return "new"
    return f"{'+' if pct > 0 else '−'}{pct_text(pct)} %"


def district_of(lsoa_name: str | None) -> str | None:
    """The local authority an LSOA belongs to, read from its name ("Watford 005A" is in
    Watford): the name less its trailing code."""
    if not lsoa_name:
        return None
    head, _, code = lsoa_name.strip().rpartition(" ")
    if not head.strip() or not code[:3].isdigit():
        return None
    return head.strip()
