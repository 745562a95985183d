"""Schema v11: each patrol's short reference (`shifts.ref`), e.g. ``K7QM3X9D``.

The reference is what a supervisor reads out and types (`hotspot-tui assign K7QM3X9D ...`);
`hotspot_tui.domain.refs` derives it from the patrol's id. A unique index keeps it unique and
finds a patrol by it; triggers refuse a patrol without one. Patrols made before v11 are given
theirs, in the order they were made, by `backfill`.
"""

from __future__ import annotations

from typing import Any

from hotspot_tui.domain.refs import refs_for

COLUMN = "ALTER TABLE shifts ADD COLUMN ref TEXT"
INDEX = "CREATE UNIQUE INDEX idx_shifts_ref ON shifts (ref)"
TRIGGERS = [
    """
    CREATE TRIGGER shifts_ref_required_insert BEFORE INSERT ON shifts
    WHEN NEW.ref IS NULL OR NEW.ref = ''
    BEGIN SELECT RAISE(ABORT, 'a patrol needs a reference'); END
    """,
    """
    CREATE TRIGGER shifts_ref_required_update BEFORE UPDATE OF ref ON shifts
    WHEN NEW.ref IS NULL OR NEW.ref = ''
    BEGIN SELECT RAISE(ABORT, 'a patrol needs a reference'); END
    """,
]


def backfill(db: Any) -> None:
    """Give every existing patrol its reference (ids are UUIDv7: their order is the order
    the patrols were made)."""
    ids = [row[0] for row in db.execute("SELECT id FROM shifts ORDER BY id")]
    refs = refs_for(ids)
    db.conn.executemany("UPDATE shifts SET ref = ? WHERE id = ?",
                        [(ref, patrol_id) for patrol_id, ref in refs.items()])
