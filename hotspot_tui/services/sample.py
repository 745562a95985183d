"""Create a database filled with deterministic sample data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hotspot_tui.services import sample_data
from hotspot_tui.services.costing import recost_all
from hotspot_tui.services.worktime import check_everyone
from hotspot_tui.store import audit, bulk
from hotspot_tui.store.database import create_database, write_transaction


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
                check_everyone(db, sample_data.GENERATOR)
        bulk.analyze(db)
        bulk.make_self_contained(db)
    finally:
        db.conn.close()
    return {name: len(rows) for name, rows in dataset.tables()}
