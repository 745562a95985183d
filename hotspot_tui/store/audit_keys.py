"""Each database's audit key, kept outside the database, in the user's config folder.

A key file `<database id>.key` (owner-only, in an owner-only folder) holds 32 random bytes
used to authenticate every audit entry (HMAC-SHA256). Beside it, `<database id>.head`
records, for each place the file is kept, the last entry this computer saw committed, so a
log cut short is found even after its counter was reset. Neither is ever written into the database.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hotspot_tui.config import audit_key_dir
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.errors import DatabaseFileError
from hotspot_tui.store.files import OWNER_ONLY, private_folders, restrict

KEY_BYTES = 32
_DATABASE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class AuditKey:
    database_id: str
    secret: bytes
    file: Path


def valid_database_id(text: object) -> bool:
    return isinstance(text, str) and _DATABASE_ID.fullmatch(text) is not None


def key_file(database_id: str, key_dir: Path | None = None) -> Path:
    if not valid_database_id(database_id):
        raise DatabaseFileError(f"the database's identity {database_id!r} is malformed")
    return (key_dir or audit_key_dir()) / f"{database_id}.key"


def _head_file(database_id: str, key_dir: Path | None) -> Path:
    return key_file(database_id, key_dir).with_suffix(".head")


def _write_private(path: Path, text: str, *, exclusive: bool) -> None:
    """Write a small owner-only file; `exclusive` refuses to replace one (keys), else it is
    replaced whole through a temporary file (heads)."""
    target = path if exclusive else path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    fd = os.open(target, flags, OWNER_ONLY)
    try:
        restrict(fd, target)
        os.write(fd, text.encode())
        if exclusive:  # a key must survive a power cut; a head may fall behind
            os.fsync(fd)
    finally:
        os.close(fd)
    if not exclusive:
        os.replace(target, path)


def create_key(database_id: str, database_path: Path | None, key_dir: Path | None = None) -> AuditKey:
    """Make a new random key for a new database identity."""
    path = key_file(database_id, key_dir)
    secret = secrets.token_bytes(KEY_BYTES)
    record = {
        "database_id": database_id,
        "key": secret.hex(),
        "created_utc": utc_now_text(),
        "database": str(database_path) if database_path else None,
    }
    try:
        private_folders(path.parent)
        _write_private(path, json.dumps(record, indent=1) + "\n", exclusive=True)
    except OSError as exc:
        raise DatabaseFileError(
            f"cannot create the audit key {path}: {exc.strerror or exc}"
        ) from None
    return AuditKey(database_id, secret, path)


_LOADED: dict[tuple[Path, int, int], AuditKey] = {}
"""Keys read, by file and its change time and size: a key never changes once made, and a
sync appends hundreds of entries in one transaction."""


def load_key(database_id: str, key_dir: Path | None = None) -> AuditKey | None:
    """The database's key when this computer holds it, else None."""
    path = key_file(database_id, key_dir)
    try:
        seen = path.stat()
    except FileNotFoundError:
        return None
    except OSError:
        seen = None
    if seen is not None and (path, seen.st_mtime_ns, seen.st_size) in _LOADED:
        return _LOADED[(path, seen.st_mtime_ns, seen.st_size)]
    key = _read_key(path, database_id)
    if key is not None and seen is not None:
        _LOADED[(path, seen.st_mtime_ns, seen.st_size)] = key
    return key


def _read_key(path: Path, database_id: str) -> AuditKey | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        secret = bytes.fromhex(record["key"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DatabaseFileError(f"the audit key {path} cannot be read ({exc}); restore it from "
                                "your backup of the key folder") from None
    if record.get("database_id") != database_id or len(secret) != KEY_BYTES:
        raise DatabaseFileError(f"the audit key {path} is not this database's key")
    return AuditKey(database_id, secret, path)


def keyed_here(database_path: Path, key_dir: Path | None = None) -> list[str]:
    """Identities of databases keyed on this computer at `database_path`."""
    folder = key_dir or audit_key_dir()
    wanted = str(database_path)
    found = []
    with contextlib.suppress(OSError):
        for file in sorted(folder.glob("*.key")):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                record = json.loads(file.read_text(encoding="utf-8"))
                if record.get("database") == wanted:
                    found.append(str(record.get("database_id")))
    return found


def _heads(database_id: str, key_dir: Path | None) -> dict[str, list[Any]]:
    try:
        heads = json.loads(_head_file(database_id, key_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return heads if isinstance(heads, dict) else {}


def read_head(database_id: str, database_path: Path,
              key_dir: Path | None = None) -> tuple[int, str] | None:
    """The last entry this computer saw committed to the database at `database_path`.

    Heads are kept per file location: a backup copy elsewhere is not held to what the
    working file has seen since."""
    try:
        seq, hash_ = _heads(database_id, key_dir)[str(database_path)]
        return int(seq), str(hash_)
    except (KeyError, ValueError, TypeError):
        return None


def record_head(database_id: str, database_path: Path, seq: int, hash_: str,
                key_dir: Path | None = None) -> None:
    """Note the newest committed entry (only ever forward). Best effort: a head left behind
    by a failed write only makes the check weaker, never wrong."""
    heads = _heads(database_id, key_dir)
    current = heads.get(str(database_path))
    if isinstance(current, list) and current and isinstance(current[0], int) and current[0] >= seq:
        return
    heads[str(database_path)] = [seq, hash_]
    with contextlib.suppress(OSError):
        _write_private(_head_file(database_id, key_dir), json.dumps(heads, indent=1) + "\n",
                       exclusive=False)
