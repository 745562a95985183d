"""Create a database filled with deterministic sample data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from hotspot_tui.domain.geography import Circle
from hotspot_tui.domain.operation import TOWN_CENTRES
from hotspot_tui.services import sample_data
from hotspot_tui.services.area_geography import place_area
from hotspot_tui.services.costing import recost_all
from hotspot_tui.services.sample_police import COUNTY_VOLUME, DEMO_VOLUME, load_sample_police_data
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
) -> dict[str, int]:
    """Generate and write the sample; returns row counts by table."""
    dataset = sample_data.generate(seed, scale, progress)
    total = sum(len(rows) for _, rows in dataset.tables())
    written = 0

    def on_rows(table: str, count: int) -> None:
        nonlocal written
        written += count
        if progress:
            progress(f"writing {table}", written, total)

    db = create_database(path)
    try:
        bulk.load_tables(db, dataset.tables(), on_rows)
        with write_transaction(db):
            audit.append(
                db,
                actor=sample_data.GENERATOR,
                action="sample.generate",
                entity="database",
                details={"seed": seed, "scale": scale},
                at_utc=dataset.budget[0]["updated_at"],
            )
        recost_all(db, progress)
        if scale == "demo":
            with write_transaction(db):
                check_everyone(db, sample_data.GENERATOR, cause=BULK,
                               at_utc=dataset.budget[0]["updated_at"])
        _police_data(db, dataset, seed, scale, progress)
        bulk.analyze(db)
        bulk.make_self_contained(db)
    finally:
        db.conn.close()
    return {name: len(rows) for name, rows in dataset.tables()}


def _police_data(db: Database, dataset: sample_data.SampleDataset, seed: int, scale: sample_data.Scale,
                 progress: Callable[[str, int, int], None] | None) -> None:
    """Each area placed at its town centre, and police data from twelve months before the
    operation started to the last full month, generated and imported as sample data: the
    demo's few hundred records a month, or a county force's twelve thousand or so."""
    at = dataset.budget[0]["updated_at"]
    starts = date.fromisoformat(dataset.budget[0]["starts_on"])
    spec = sample_data.DEMO if scale == "demo" else sample_data.COUNTY
    last = spec.as_of.replace(day=1) - timedelta(days=1)
    with write_transaction(db):
        for area in dataset.areas:
            place_area(db, area["id"], area["name"], Circle(*TOWN_CENTRES[area["name"]]),
                       sample_data.GENERATOR, at)
        load_sample_police_data(
            db, seed=seed,
            areas=[(a["name"], a["district"], *TOWN_CENTRES[a["name"]]) for a in dataset.areas],
            first_month=date(starts.year - 1, starts.month, 1), last_month=last, starts=starts,
            actor=sample_data.GENERATOR, at_utc=at, progress=progress,
            volume=DEMO_VOLUME if scale == "demo" else COUNTY_VOLUME)
