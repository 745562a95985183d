"""Audit entries across syncs: those made on a copy arrive at the hub, and from the hub at
the other copies, with their own author and time; each copy appends them to its own chain
(so `audit verify` holds on every copy) and records the merge in its chain."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from hotspot_tui.store import audit
from hotspot_tui.store import sync_audit as store

if TYPE_CHECKING:
    from sqlite_utils import Database


def own_entries(db: Database, own_id: str, first: int, last: int) -> bytes:
    """This copy's own entries numbered first..last, to send."""
    entries = [e for e in store.entries_to_send(db, first - 1, not_from=None, own_id=own_id)
               if e["seq"] <= last and e["origin"] == own_id]
    return store.encode(entries) if entries else b""


def entries_for(db: Database, own_id: str, after: int, peer: str) -> bytes:
    """Entries of this (hub) copy's chain after `after`, less the peer's own."""
    entries = store.entries_to_send(db, after, not_from=peer, own_id=own_id)
    return store.encode(entries) if entries else b""


def last_seq(db: Database) -> int:
    return store.last_seq(db)


def take(db: Database, data: bytes, *, own_id: str, sender: str, actor: str) -> int:
    """Append the entries made elsewhere that this copy has not got yet; then a merge
    entry naming where they came from and the last one's hash there."""
    taken: list[dict[str, Any]] = []
    for entry in store.decode(data):
        origin, origin_seq = entry["origin"], int(entry["origin_seq"])
        if origin == own_id or store.already_taken(db, origin, origin_seq):
            continue
        seq = audit.append(
            db, actor=entry["actor"], action=entry["action"], entity=entry["entity"],
            entity_id=entry["entity_id"], shift_id=entry["shift_id"], staff_id=entry["staff_id"],
            reason=entry["reason"], details=json.loads(entry["details"] or "{}"),
            at_utc=entry["at_utc"])
        store.remember_origin(db, seq, origin, origin_seq)
        taken.append(entry)
    if taken:
        audit.append(db, actor=actor, action="sync.merge", entity="sync", entity_id=sender,
                     details={"from": sender, "entries": len(taken),
                              "first": [taken[0]["origin"], taken[0]["origin_seq"]],
                              "last": [taken[-1]["origin"], taken[-1]["origin_seq"]],
                              "last_hash_there": taken[-1]["hash"]})
    return len(taken)


def new_identity(db: Database) -> None:
    """The copy a checkout has just made becomes its own database: own identity and key."""
    store.new_identity(db)
