"""The hash chain that makes the audit trail tamper-evident."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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


def first_broken(
    entries: Iterable[dict[str, Any]],
    *,
    authentic: Callable[[dict[str, Any]], bool] | None = None,
    keyed_from: int | None = None,
) -> tuple[int, str] | None:
    """The seq of the first entry whose chain does not hold, and why; None if intact.

    With `authentic` (the key's check), every entry from `keyed_from` on must also carry
    the key's MAC: a chain rebuilt with the program's own hash function fails here."""
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
        if authentic is not None and keyed_from is not None and seq >= keyed_from \
                and not authentic(entry):
            return seq, (f"entry #{seq} is not signed with this database's key "
                         "(changed, or written where the key was missing)")
        prev = entry["hash"]
        expected_seq = seq + 1
    return None


def entry_mac(key: bytes, database_id: str, seq: int, hash_: str) -> str:
    """HMAC-SHA256 of an entry's hash under the database's key: binds the entry to this
    database and this position, and cannot be recomputed without the key."""
    message = f"{database_id}|{seq}|{hash_}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def mac_holds(key: bytes, database_id: str, entry: dict[str, Any]) -> bool:
    mac = entry.get("mac")
    if not mac:
        return False
    return hmac.compare_digest(mac, entry_mac(key, database_id, entry["seq"], entry["hash"]))


CODE_HEX = 16
"""Hex digits of the entry's hash in a checkpoint code: 64 bits, so no forger can find
another chain whose entry matches it."""


@dataclass(frozen=True)
class Checkpoint:
    """A point in the log, written down outside the file: entry number and hash prefix."""

    seq: int
    hash_prefix: str

    @property
    def code(self) -> str:
        """`1234-9f3a-2b7c-41d0-e5f6`: short enough for a pocket book."""
        groups = [self.hash_prefix[i:i + 4] for i in range(0, len(self.hash_prefix), 4)]
        return "-".join([str(self.seq), *groups])

    def matches(self, entry_hash_: str) -> bool:
        return entry_hash_.lower().startswith(self.hash_prefix)


def checkpoint_of(seq: int, hash_: str) -> Checkpoint:
    return Checkpoint(seq, hash_[:CODE_HEX].lower())


_CODE = re.compile(r"#?\s*(\d{1,12})\s*[-:\s]\s*((?:[0-9a-fA-F]{4}[-\s]?){3}[0-9a-fA-F]{4})")
FOOTER_LABEL = "Audit checkpoint"
_IN_TEXT = re.compile(
    r"audit[ _]checkpoint[^0-9A-Za-z#]{0,8}(#?\d{1,12}(?:-[0-9a-fA-F]{4}){4})",
    re.IGNORECASE,
)


def parse_checkpoint(text: str) -> Checkpoint:
    """Read a code as written down (`1234-9f3a-2b7c-41d0-e5f6`, spaces or `#` allowed)."""
    found = _CODE.fullmatch(text.strip())
    if not found:
        raise ValueError(
            f"{text.strip()!r} is not a checkpoint code (like 1234-9f3a-2b7c-41d0-e5f6)"
        )
    hex_part = re.sub(r"[-\s]", "", found.group(2)).lower()
    return Checkpoint(int(found.group(1)), hex_part)


def checkpoints_in_text(text: str) -> list[Checkpoint]:
    """Every checkpoint written after the `Audit checkpoint` label in a document's text
    (a CSV footer row, a report's last line, a JSON field)."""
    return [parse_checkpoint(m.group(1)) for m in _IN_TEXT.finditer(text)]
