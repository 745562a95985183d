"""Work an upgrade left owing (`upkeep_due`, see `schema_upkeep`): whether a job is owed,
and its row struck off in the transaction that does it."""

from __future__ import annotations

from hotspot_tui.store.schema_history import SqlReader
from hotspot_tui.store.schema_upkeep import WORKING_TIME_CHECKS

__all__ = ["WORKING_TIME_CHECKS", "done", "is_due"]


def is_due(db: SqlReader, job: str) -> bool:
    """Whether `job` is owed (never, in a file of a schema before the table)."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'upkeep_due'"
                      ).fetchone():
        return False
    return db.execute("SELECT 1 FROM upkeep_due WHERE job = ?", [job]).fetchone() is not None


def done(db: SqlReader, job: str) -> None:
    db.execute("DELETE FROM upkeep_due WHERE job = ?", [job])
