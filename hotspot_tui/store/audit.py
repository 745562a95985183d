"""The append-only audit log: every change a supervisor makes, chained by hash."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hotspot_tui.domain.audit_chain import (
    GENESIS_HASH,
    Checkpoint,
    checkpoint_of,
    entry_hash,
    entry_mac,
    first_broken,
    mac_holds,
)
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.text import ACTOR_MAX, REASON_MAX, plain_text_problem
from hotspot_tui.errors import DatabaseFileError, ValidationFailed
from hotspot_tui.store import audit_keys
from hotspot_tui.store.audit_keys import AuditKey
from hotspot_tui.store.schema_history import SqlReader

if TYPE_CHECKING:
    from sqlite_utils import Database


IDENTITY_TABLE = "audit_identity"
ANCHOR_ACTION = "audit.key"
SYSTEM_ACTOR = "hotspot-tui"


@dataclass(frozen=True)
class Identity:
    """Who this database is, and the entry that binds that identity and its key."""

    database_id: str
    anchor_seq: int


def identity(db: SqlReader) -> Identity | None:
    """The database's identity; None before the audit-key schema (no such table) or when lost."""
    try:
        row = db.execute(
            f"SELECT database_id, anchor_seq FROM {IDENTITY_TABLE} WHERE id = 1"
        ).fetchone()
    except sqlite3.OperationalError:
        return None
    return Identity(str(row[0]), int(row[1])) if row else None


def has_identity_table(db: SqlReader) -> bool:
    return db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [IDENTITY_TABLE]
    ).fetchone() is not None


def _key(ident: Identity | None, key_dir: Path | None = None) -> AuditKey | None:
    if ident is None or not audit_keys.valid_database_id(ident.database_id):
        return None
    return audit_keys.load_key(ident.database_id, key_dir)


def append(
    db: SqlReader,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None = None,
    shift_id: str | None = None,
    staff_id: str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    at_utc: str | None = None,
) -> int:
    """Append one entry; call inside the write transaction of the change it records.

    Once the database has an identity, each entry also carries the HMAC of its hash under
    the database's key, when this computer holds the key (else none, which verification
    with the key reports).

    The who and the why are refused (and with them the change) if they hold control
    characters or run too long: the log is append-only and read on terminals."""
    for what, text, longest in (("The user name", actor, ACTOR_MAX),
                                ("The reason", reason or "", REASON_MAX)):
        problem = plain_text_problem(text, longest)
        if problem:
            raise ValidationFailed(f"{what} {problem}")
    last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev_hash = last[1] if last else GENESIS_HASH
    seq = (last[0] + 1) if last else 1
    entry: dict[str, Any] = {
        "seq": seq,
        "at_utc": at_utc or utc_now_text(),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "shift_id": shift_id,
        "staff_id": staff_id,
        "reason": reason,
        "details": json.dumps(details or {}, sort_keys=True, separators=(",", ":")),
    }
    entry["prev_hash"] = prev_hash
    entry["hash"] = entry_hash(entry, prev_hash)
    ident = identity(db)
    if ident is not None:
        key = _key(ident)
        entry["mac"] = entry_mac(key.secret, ident.database_id, seq, entry["hash"]) if key else None
    columns = ", ".join(entry)
    marks = ", ".join("?" for _ in entry)
    db.execute(f"INSERT INTO audit_log ({columns}) VALUES ({marks})", list(entry.values()))
    return seq


def database_file(db: SqlReader) -> Path | None:
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2]).resolve()
    return None


def enrol(db: SqlReader, *, key_dir: Path | None = None) -> Identity:
    """Give the database its identity and key, and append the entry that binds them.

    Run once, by the migration that adds the identity (so at creation, and on the upgrade
    of an older file). That entry also names the newest entry before it, so the whole
    earlier chain is covered by the key from then on."""
    last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    path = database_file(db)
    if last is not None and path is not None:
        earlier = audit_keys.keyed_here(path, key_dir)
        if earlier:
            raise DatabaseFileError(
                f"{path} was given an audit key on this computer before (database {earlier[-1]}) "
                "but has lost that identity: its log may have been rebuilt. Restore it from a "
                "backup, or move that key aside if this is a different file"
            )
    database_id = new_id()
    anchor_seq = (last[0] + 1) if last else 1
    db.execute(
        f"INSERT INTO {IDENTITY_TABLE} (id, database_id, anchor_seq, created_utc) "
        "VALUES (1, ?, ?, ?)",
        [database_id, anchor_seq, utc_now_text()],
    )
    audit_keys.create_key(database_id, path, key_dir)
    append(db, actor=SYSTEM_ACTOR, action=ANCHOR_ACTION, entity="database", entity_id=database_id,
           details={"database_id": database_id, "covers_seq": last[0] if last else 0,
                    "covers_hash": last[1] if last else GENESIS_HASH})
    return Identity(database_id, anchor_seq)


def head(db: SqlReader) -> tuple[int, str] | None:
    row = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else None


def note_head(db: SqlReader) -> None:
    """After a commit: remember the newest entry beside the key (if this computer holds it)."""
    ident = identity(db)
    if ident is None or not audit_keys.valid_database_id(ident.database_id):
        return
    if not audit_keys.key_file(ident.database_id).exists():
        return
    newest, path = head(db), database_file(db)
    if newest is not None and path is not None:
        audit_keys.record_head(ident.database_id, path, *newest)


def checkpoint(db: SqlReader, seq: int | None = None) -> Checkpoint | None:
    """The checkpoint of entry `seq` (default: the newest); None when there is none."""
    if seq is None:
        newest = head(db)
    else:
        row = db.execute("SELECT seq, hash FROM audit_log WHERE seq = ?", [seq]).fetchone()
        newest = (int(row[0]), str(row[1])) if row else None
    return checkpoint_of(*newest) if newest else None


def last_entry_about(db: SqlReader, entity: str, entity_id: str, action: str) -> int | None:
    row = db.execute(
        "SELECT seq FROM audit_log WHERE entity = ? AND entity_id = ? AND action = ? "
        "ORDER BY seq DESC LIMIT 1", [entity, entity_id, action]).fetchone()
    return int(row[0]) if row else None


def iter_entries(db: SqlReader) -> Iterator[dict[str, Any]]:
    cursor = db.execute("SELECT * FROM audit_log ORDER BY seq")
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


@dataclass(frozen=True)
class Verdict:
    """What checking the log found: entries, the first break, and whether the key took part."""

    entries: int
    broken: tuple[int, str] | None
    database_id: str | None = None
    authenticated: bool = False
    note: str | None = None
    """Why the chain was checked without its key (no key here, or not keyed yet)."""


def examine(db: SqlReader, *, database_path: Path | None = None,
            key_dir: Path | None = None) -> Verdict:
    """Check the chain, the database's identity and, where this computer holds the key,
    every entry's MAC and the last entry it saw committed."""
    has_table = has_identity_table(db)
    ident = identity(db) if has_table else None
    problem: tuple[int, str] | None = None
    key: AuditKey | None = None
    note: str | None = None
    if not has_table:
        note = "this database has no audit key yet (an older file: `db migrate` gives it one)"
        path = database_path or database_file(db)
        earlier = audit_keys.keyed_here(Path(path).resolve(), key_dir) if path else []
        if earlier:
            problem = (1, f"this file was given an audit key on this computer (database "
                          f"{earlier[-1]}) and has lost it: the log was rebuilt")
    elif ident is None:
        problem = (1, "the database's identity record is missing: the log was rebuilt or emptied")
    elif not audit_keys.valid_database_id(ident.database_id):
        problem = (1, f"the database's identity {ident.database_id!r} is malformed")
    else:
        problem = _anchor_problem(db, ident)
        key = _key(ident, key_dir)
        if key is None:
            note = (f"no key here for database {ident.database_id}: "
                    "chain checked without authentication")

    count = 0
    last_seq = 0

    def tracked() -> Iterator[dict[str, Any]]:
        nonlocal count, last_seq
        for entry in iter_entries(db):
            count += 1
            last_seq = entry["seq"]
            yield entry

    authentic = None
    if key is not None and ident is not None:
        secret, database_id = key.secret, ident.database_id
        authentic = lambda entry: mac_holds(secret, database_id, entry)  # noqa: E731
    broken = first_broken(tracked(), authentic=authentic,
                          keyed_from=ident.anchor_seq if ident else None)
    if broken is None:
        recorded = recorded_last_seq(db)
        if recorded > last_seq:
            broken = (last_seq + 1, f"entries after #{last_seq} are missing (the log reached #{recorded})")
    here = database_file(db)
    if broken is None and key is not None and ident is not None and here is not None:
        seen = audit_keys.read_head(ident.database_id, here, key_dir)
        if seen is not None:
            broken = _head_problem(db, seen, last_seq)
    if problem is not None and (broken is None or problem[0] <= broken[0]):
        broken = problem
    return Verdict(count, broken, ident.database_id if ident else None, key is not None, note)


def _anchor_problem(db: SqlReader, ident: Identity) -> tuple[int, str] | None:
    anchor = get_entry(db, ident.anchor_seq)
    details: dict[str, Any] = {}
    if anchor is not None:
        try:
            details = json.loads(anchor["details"] or "{}")
        except ValueError:
            details = {}
    if anchor is None or anchor["action"] != ANCHOR_ACTION \
            or details.get("database_id") != ident.database_id:
        return (ident.anchor_seq, f"entry #{ident.anchor_seq}, which binds this database's "
                                  "identity and key, is missing or changed: the log was rebuilt or emptied")
    return None


def _head_problem(db: SqlReader, seen: tuple[int, str], last_seq: int) -> tuple[int, str] | None:
    seq, hash_ = seen
    entry = get_entry(db, seq)
    if entry is None:
        return (min(seq, last_seq + 1), f"entries up to #{seq}, seen committed on this computer, "
                                        f"are missing: the log now ends at #{last_seq}")
    if entry["hash"] != hash_:
        return (seq, f"entry #{seq} is not the one this computer saw committed: the log was rewritten")
    return None


def verify(db: SqlReader) -> tuple[int, tuple[int, str] | None]:
    """(entries checked, first break or None)."""
    verdict = examine(db)
    return verdict.entries, verdict.broken


def recorded_last_seq(db: SqlReader) -> int:
    """The highest seq SQLite ever handed out for the log (AUTOINCREMENT never reuses one)."""
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").fetchone()
    return int(row[0]) if row else 0


def get_entry(db: SqlReader, seq: int) -> dict[str, Any] | None:
    cursor = db.execute("SELECT * FROM audit_log WHERE seq = ?", [seq])
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    return dict(zip(names, row, strict=True)) if row else None


AUDIT_FILTERS = {
    "actor": "actor = :actor",
    "staff_id": "staff_id = :staff_id",
    "shift_id": "shift_id = :shift_id",
    "since": "at_utc >= :since",
    "until": "at_utc < :until",
    "action": "action = :action",
}


def page(
    db: Database,
    *,
    before_seq: int | None = None,
    limit: int = 50,
    shift_ids: list[str] | None = None,
    **filters: str | None,
) -> list[dict[str, Any]]:
    """Newest first, keyset-paged on seq.

    Filters: actor, staff_id, shift_id, action (exact), since/until (UTC text, [since, until)),
    and shift_ids (any of several patrols).
    """
    where = [AUDIT_FILTERS[k] for k, v in filters.items() if v is not None]
    params: dict[str, Any] = {k: v for k, v in filters.items() if v is not None}
    if shift_ids is not None:
        marks = []
        for i, shift_id in enumerate(shift_ids[:200]):
            params[f"shift_{i}"] = shift_id
            marks.append(f":shift_{i}")
        where.append(f"shift_id IN ({', '.join(marks)})" if marks else "0")
    if before_seq is not None:
        where.append("seq < :before_seq")
        params["before_seq"] = before_seq
    sql = (
        "SELECT seq, at_utc, actor, action, entity, entity_id, shift_id, staff_id, reason,"
        " details FROM audit_log"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq DESC LIMIT :limit"
    params["limit"] = limit
    return list(db.query(sql, params))
