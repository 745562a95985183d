"""Create a database filled with deterministic sample data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hotspot_tui.domain.geography import Circle
from hotspot_tui.services import sample_data
from hotspot_tui.services.area_geography import place_area
from hotspot_tui.services.costing import recost_all
from hotspot_tui.services.sample_areas import CENTRES
from hotspot_tui.services.sample_police import load_sample_police_data
from hotspot_tui.services.worktime_scan import BULK, check_everyone
from hotspot_tui.store import audit, bulk
from hotspot_tui.store.database import create_database, write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database


def create_sample_database(
    path: Path,
    *,
    seed: int,
    scale: sample_data.Scale,
    progress: Callable[[str, int, int], None] | None = None,
    spec: sample_data.ScaleSpec | None = None,
) -> dict[str, int]:
    """Generate and write the sample (of `spec`: by default the scale's own); returns row
    counts by table. The breaches table ends as the full working-time check fills it."""
    spec = spec or sample_data.SPECS[scale]
    counts: Counter[str] = Counter()
    kept: dict[str, list[dict[str, Any]]] = {}

    def parts() -> Iterator[sample_data.Part]:
        for name, rows in sample_data.generate_parts(seed, scale, progress, spec):
            counts[name] += len(rows)
            if name in ("areas", "budget"):
                kept[name] = rows
            yield name, rows

    db = create_database(path)
    try:
        bulk.load_tables(db, parts())
        at = kept["budget"][0]["updated_at"]
        with write_transaction(db):
            audit.append(
                db,
                actor=sample_data.GENERATOR,
                action="sample.generate",
                entity="database",
                details={"seed": seed, "scale": scale},
                at_utc=at,
            )
        recost_all(db, progress)
        with write_transaction(db):
            check_everyone(db, sample_data.GENERATOR, cause=BULK, at_utc=at, progress=_checking(progress))
        _police_data(db, kept["areas"], kept["budget"][0], seed, spec, progress)
        bulk.analyze(db)
        bulk.make_self_contained(db)
    finally:
        db.conn.close()
    return dict(counts)


def _checking(progress: Callable[[str, int, int], None] | None) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress("working-time checks", done, total)


def _police_data(db: Database, areas: list[dict[str, Any]], budget: dict[str, Any], seed: int,
                 spec: sample_data.ScaleSpec, progress: Callable[[str, int, int], None] | None) -> None:
    """Each area placed at its town centre, and police data from twelve months before the
    operation started to the last full month, generated and imported as sample data: the
    demo's few hundred records a month, a county force's twelve thousand or so, or three
    times that over the national sample's region."""
    at = budget["updated_at"]
    starts = date.fromisoformat(budget["starts_on"])
    last = spec.as_of.replace(day=1) - timedelta(days=1)
    with write_transaction(db):
        for area in areas:
            place_area(db, area["id"], area["name"], Circle(*CENTRES[area["name"]]),
                       sample_data.GENERATOR, at)
        load_sample_police_data(
            db, seed=seed,
            areas=[(a["name"], a["district"], *CENTRES[a["name"]]) for a in areas],
            first_month=date(starts.year - 1, starts.month, 1), last_month=last, starts=starts,
            actor=sample_data.GENERATOR, at_utc=at, progress=progress,
            volume=spec.police)
