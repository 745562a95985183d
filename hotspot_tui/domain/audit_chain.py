"""The hash chain that makes the audit trail tamper-evident."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

GENESIS_HASH = "0" * 64

CHAINED_FIELDS = (
    "seq",
    "at_utc",
    "actor",
    "action",
    "entity",
    "entity_id",
    "shift_id",
    "staff_id",
    "reason",
    "details",
)


def entry_hash(entry: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 over the previous hash and the entry's fields in canonical JSON."""
    payload = {name: entry.get(name) for name in CHAINED_FIELDS}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


def first_broken(entries: Iterable[dict[str, Any]]) -> tuple[int, str] | None:
    """The seq of the first entry whose chain does not hold, and why; None if intact."""
    prev = GENESIS_HASH
    expected_seq = None
    for entry in entries:
        seq = entry["seq"]
        if expected_seq is not None and seq != expected_seq:
            return seq, f"entries are missing before #{seq}"
        if entry["prev_hash"] != prev:
            return seq, f"entry #{seq} does not follow the entry before it"
        if entry_hash(entry, prev) != entry["hash"]:
            return seq, f"entry #{seq} was changed after it was written"
        prev = entry["hash"]
        expected_seq = seq + 1
    return None
