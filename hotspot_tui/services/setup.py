"""First use: an empty database with the force as an employer and the default rules."""

from __future__ import annotations

from pathlib import Path

from hotspot_tui.store import audit
from hotspot_tui.store.database import create_database, write_transaction


def initialise_database(path: Path, actor: str) -> None:
    db = create_database(path)
    try:
        with write_transaction(db):
            audit.append(db, actor=actor, action="database.create", entity="database")
    finally:
        db.conn.close()
