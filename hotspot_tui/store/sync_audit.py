"""The audit trail across copies: each copy keeps its own hash chain, and the entries made
on another copy are appended to it with their own author and time, remembering where
they came from (so none is taken twice, and none is sent back where it was made)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from hotspot_tui.store.rows import dicts

if TYPE_CHECKING:
    from sqlite_utils import Database

LOCAL_ACTIONS = ("sync.merge", "sync.receive", "sync.reply", "audit.key")
"""A copy's own record of its syncs and the entry binding its own identity and key: part
of its chain, never sent (a merge recorded at each end would otherwise travel for ever)."""
CARRIED = ("at_utc", "actor", "action", "entity", "entity_id", "shift_id", "staff_id", "reason",
           "details")


def new_identity(db: Database) -> None:
    """A checkout is a new database that starts from its hub's chain: it gets its own
    identity and key (kept on the computer it is made for), bound by a new anchor entry;
    the hub's entries before it keep the hub's hashes. Only ever run on the copy a checkout
    has just made, in its first transaction."""
    from hotspot_tui.store import audit, schema_audit_key

    if not audit.has_identity_table(db):
        return
    guard = next(s for s in schema_audit_key.STATEMENTS if "audit_identity_no_delete" in s)
    db.execute("DROP TRIGGER audit_identity_no_delete")
    db.execute("DELETE FROM audit_identity")
    db.execute(guard)
    audit.enrol(db)


def note_head(db: Database) -> None:
    from hotspot_tui.store import audit

    audit.note_head(db)


def last_seq(db: Database) -> int:
    return int(db.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0])


def entries_to_send(db: Database, after: int, *, not_from: str | None, own_id: str) -> list[dict[str, Any]]:
    """Entries after `after`, in order, each with the copy it was made on and its number
    there; less this copy's own record of syncs, and less those made on `not_from`."""
    local = ", ".join(f"'{a}'" for a in LOCAL_ACTIONS)
    rows = dicts(db, f"""
        SELECT a.seq, {', '.join('a.' + c for c in CARRIED)}, a.prev_hash, a.hash,
               coalesce(o.origin, :own) AS origin, coalesce(o.origin_seq, a.seq) AS origin_seq
        FROM audit_log a LEFT JOIN sync_audit_origin o ON o.seq = a.seq
        WHERE a.seq > :after AND a.action NOT IN ({local})
        ORDER BY a.seq
        """, {"after": after, "own": own_id})
    return [r for r in rows if r["origin"] != not_from]


def already_taken(db: Database, origin: str, origin_seq: int) -> bool:
    return db.execute("SELECT 1 FROM sync_audit_origin WHERE origin = ? AND origin_seq = ?",
                      [origin, origin_seq]).fetchone() is not None


def remember_origin(db: Database, seq: int, origin: str, origin_seq: int) -> None:
    db.execute("INSERT INTO sync_audit_origin (seq, origin, origin_seq) VALUES (?, ?, ?)",
               [seq, origin, origin_seq])


def encode(entries: list[dict[str, Any]]) -> bytes:
    return json.dumps(entries, sort_keys=True, separators=(",", ":")).encode()


def decode(data: bytes) -> list[dict[str, Any]]:
    if not data:
        return []
    entries = json.loads(data)
    if not isinstance(entries, list):
        raise ValueError("not a list of entries")
    return entries
