"""Keep `area_crime_counts` exact: the police records inside each area by month, crime type
and the force that recorded them, counted again for the months an import changes and for
an area whose geography changes (always inside the write that made the change)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from hotspot_tui.domain.geography import Geography, LsoaSet, from_stored
from hotspot_tui.store import police_data as store


def geography_of(row: dict[str, Any]) -> Geography:
    """The domain geography of a stored `area_geographies` row."""
    return from_stored(row["kind"], lsoa_codes=row["lsoa_codes"], centre_lat=row["centre_lat"],
                       centre_lon=row["centre_lon"], radius_m=row["radius_m"],
                       polygon_json=row["polygon"])


def count_inside(db: Any, geography: Geography, months: Sequence[str] | None,
                 forces: dict[int, str] | None = None) -> Counter[tuple[str, str, str]]:
    """(month, crime type, force) → records inside the geography, over `months` (None:
    all); `forces` names each force-month id (read from the file when not given)."""
    names = store.force_names(db) if forces is None else forces
    counts: Counter[tuple[str, str, str]] = Counter()
    if isinstance(geography, LsoaSet):
        for month, crime_type, force_month, n in store.lsoa_counts(db, geography.codes, months):
            counts[(month, crime_type, names[force_month])] += n
        return counts
    box = geography.box()
    candidates = store.records_in_box(db, box, months)
    inside = geography.inside([(lat, lon, None) for _, _, lat, lon, _ in candidates])
    for (month, crime_type, _, _, force_month), hit in zip(candidates, inside, strict=True):
        if hit:
            counts[(month, crime_type, names[force_month])] += 1
    return counts


def recount(db: Any, *, months: Sequence[str] | None = None,
            area_ids: Iterable[str] | None = None) -> None:
    """Count again, for `months` (None: every month) and `area_ids` (None: every area with a
    geography); an area named that has no geography now loses its counts."""
    wanted = None if area_ids is None else sorted(set(area_ids))
    rows = store.geographies(db, wanted)
    forces = store.force_names(db) if rows else {}
    for row in rows:
        store.replace_area_counts(db, row["area_id"], months,
                                  count_inside(db, geography_of(row), months, forces))
    if wanted is not None:
        placed = {row["area_id"] for row in rows}
        for area_id in wanted:
            if area_id not in placed:
                store.delete_area_counts(db, area_id)

