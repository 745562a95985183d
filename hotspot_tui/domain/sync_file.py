"""The changes file carried between copies (`.hsync`): a header, its sections, and a seal.

    HSYNC 1 | header length (4 bytes) | header (JSON) | sections | HMAC-SHA256

The seal is keyed with the operation's sync secret, which every copy of the operation
holds (a checkout copies it) and nobody else: a file from another operation, cut short
or changed on the way is refused before anything in it is read as data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from hotspot_tui.errors import HotspotError

MAGIC = b"HSYNC\x00\x01\n"
FORMAT = 1
SEAL = 32
HEADER_MAX = 1 << 20


class SyncFileError(HotspotError):
    """A changes file that cannot be used: the message says why, in one line."""


@dataclass
class SyncFile:
    header: dict[str, Any]
    sections: list[tuple[str, bytes]] = field(default_factory=list)

    def section(self, name: str) -> bytes:
        for section_name, data in self.sections:
            if section_name == name:
                return data
        return b""

    def named(self, prefix: str) -> list[tuple[str, bytes]]:
        return [(n, d) for n, d in self.sections if n.startswith(prefix)]


def encode(file: SyncFile, secret: str) -> bytes:
    header = {**file.header, "format": FORMAT,
              "sections": [{"name": n, "length": len(d)} for n, d in file.sections]}
    head = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    body = MAGIC + len(head).to_bytes(4, "big") + head + b"".join(d for _, d in file.sections)
    return body + hmac.new(secret.encode(), body, hashlib.sha256).digest()


def read_header(data: bytes, where: str) -> tuple[dict[str, Any], int]:
    """The header (not yet trusted) and where the sections start."""
    if not data.startswith(MAGIC[:5]):
        raise SyncFileError(f"{where} is not a hotspot-tui changes file")
    if not data.startswith(MAGIC):
        raise SyncFileError(f"{where} was written by another version of hotspot-tui's sync; "
                            "sync with copies of the same version")
    start = len(MAGIC) + 4
    if len(data) < start:
        raise SyncFileError(f"{where} is cut short (truncated); make it again")
    size = int.from_bytes(data[len(MAGIC):start], "big")
    if size > HEADER_MAX or len(data) < start + size:
        raise SyncFileError(f"{where} is cut short (truncated); make it again")
    try:
        header = json.loads(data[start:start + size])
    except (UnicodeDecodeError, ValueError):
        raise SyncFileError(f"{where} is damaged or has been changed; make it again") from None
    if not isinstance(header, dict):
        raise SyncFileError(f"{where} is damaged or has been changed; make it again")
    return header, start + size


def decode(data: bytes, secret: str, *, lineage: str, where: str) -> SyncFile:
    header, offset = read_header(data, where)
    if header.get("lineage") != lineage:
        name = header.get("operation") or "another operation"
        raise SyncFileError(f"{where} belongs to {name}, not to this database's operation; "
                            "nothing was changed")
    sections = header.get("sections")
    if not isinstance(sections, list) or not all(
            isinstance(s, dict) and isinstance(s.get("length"), int) and s["length"] >= 0
            and isinstance(s.get("name"), str) for s in sections):
        raise SyncFileError(f"{where} is damaged or has been changed; make it again")
    end = offset + sum(s["length"] for s in sections)
    if len(data) < end + SEAL:
        raise SyncFileError(f"{where} is cut short (truncated); make it again")
    expected = hmac.new(secret.encode(), data[:end], hashlib.sha256).digest()
    if len(data) != end + SEAL or not hmac.compare_digest(expected, data[end:]):
        raise SyncFileError(f"{where} is damaged or has been changed since it was written; "
                            "nothing was changed")
    out = SyncFile(header)
    for section in sections:
        out.sections.append((section["name"], data[offset:offset + section["length"]]))
        offset += section["length"]
    return out
