"""The audit trail authenticated by a key the file does not hold (migration `0016_audit_key`).

`audit_identity` names the database (a random id, one row, never changed) and the entry
that binds it to its key; each later entry carries `mac`, the HMAC of its hash under that
key (see `hotspot_tui.store.audit_keys`). The key itself lives in the user's config
folder. An index on (entity, entity_id, seq) finds the entry that locked a pay period.
"""

from __future__ import annotations

MIGRATION_NAME = "0016_audit_key"

STATEMENTS = [
    """
    CREATE TABLE audit_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        database_id TEXT NOT NULL,
        anchor_seq INTEGER NOT NULL CHECK (anchor_seq >= 1),
        created_utc TEXT NOT NULL
    )
    """,
    """
    CREATE TRIGGER audit_identity_no_update BEFORE UPDATE ON audit_identity
    BEGIN SELECT RAISE(ABORT, 'the database identity never changes'); END
    """,
    """
    CREATE TRIGGER audit_identity_no_delete BEFORE DELETE ON audit_identity
    BEGIN SELECT RAISE(ABORT, 'the database identity never changes'); END
    """,
    "ALTER TABLE audit_log ADD COLUMN mac TEXT",
    "CREATE INDEX idx_audit_entity ON audit_log (entity, entity_id, seq)",
]
