"""The sync bookkeeping of one copy: who it is, what it has sent and not yet heard back
about (outbox), the changes it has applied in order (log, on a hub), how far each copy
that syncs with it has got (peers), and the conflicts found."""

from __future__ import annotations

import json
from typing import Any

from hotspot_tui.store.apsw_compat import ApswConnection
from hotspot_tui.store.sync_db import SyncConnection


def _dicts(conn: SyncConnection, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    cursor = ApswConnection(conn.raw).execute(sql, params)
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _one(conn: SyncConnection, sql: str, params: Any = ()) -> Any:
    rows = conn.raw.execute(sql, params).fetchall()
    return rows[0][0] if rows else None


IDENTITY_COLUMNS = ("copy_id", "lineage", "secret", "hub_id", "hub_path", "hub_seq",
                    "hub_audit_seq", "audit_sent", "next_batch", "last_sync_at", "created_at")


def identity(conn: SyncConnection) -> dict[str, Any] | None:
    rows = conn.raw.execute(f"SELECT {', '.join(IDENTITY_COLUMNS)} FROM sync_identity").fetchall()
    return dict(zip(IDENTITY_COLUMNS, rows[0], strict=True)) if rows else None


def set_identity(conn: SyncConnection, **values: Any) -> None:
    conn.raw.execute("DELETE FROM sync_identity")
    row = {"id": 1, **values}
    conn.raw.execute(
        f"INSERT INTO sync_identity ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        tuple(row.values()),
    )


def update_identity(conn: SyncConnection, **values: Any) -> None:
    sets = ", ".join(f"{k} = ?" for k in values)
    conn.raw.execute(f"UPDATE sync_identity SET {sets}", tuple(values.values()))


def forget_bookkeeping(conn: SyncConnection) -> None:
    """A checkout starts with none of its hub's log, peers or outbox."""
    for table in ("sync_outbox", "sync_log", "sync_peers"):
        conn.raw.execute(f"DELETE FROM {table}")


# The outbox: batches captured here, sent, not yet answered.

def add_to_outbox(conn: SyncConnection, batch: int, changeset: bytes, rows: int,
                  audit_from: int, audit_to: int, at_utc: str) -> None:
    conn.raw.execute(
        "INSERT INTO sync_outbox (batch, changeset, rows, audit_from, audit_to, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", (batch, changeset, rows, audit_from, audit_to, at_utc))


def outbox(conn: SyncConnection) -> list[dict[str, Any]]:
    return _dicts(conn, "SELECT * FROM sync_outbox ORDER BY batch")


def drop_outbox_through(conn: SyncConnection, batch: int) -> None:
    conn.raw.execute("DELETE FROM sync_outbox WHERE batch <= ?", (batch,))


def outbox_summary(conn: SyncConnection) -> tuple[int, int]:
    """(batches, rows) waiting in the outbox."""
    row = conn.raw.execute("SELECT count(*), coalesce(sum(rows), 0) FROM sync_outbox").fetchall()[0]
    return _int(row[0]), _int(row[1])


# The log: everything applied on a hub, in order.

def append_log(conn: SyncConnection, *, origin: str, batch: int | None, changeset: bytes,
               correction: bytes | None, rows: int, audit_from: int, audit_to: int,
               at_utc: str) -> int:
    conn.raw.execute(
        "INSERT INTO sync_log (origin, batch, changeset, correction, rows, audit_from, audit_to,"
        " at_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (origin, batch, changeset, correction, rows, audit_from, audit_to, at_utc))
    return int(conn.raw.last_insert_rowid())


def last_log_seq(conn: SyncConnection) -> int:
    return int(_one(conn, "SELECT coalesce(max(seq), 0) FROM sync_log"))


def log_after(conn: SyncConnection, seq: int) -> list[dict[str, Any]]:
    return _dicts(conn, "SELECT * FROM sync_log WHERE seq > ? ORDER BY seq", (seq,))


def log_rows_after(conn: SyncConnection, seq: int, excluding: str) -> tuple[int, int]:
    """(entries, rows) of the log after `seq` that did not come from `excluding`."""
    row = conn.raw.execute(
        "SELECT count(*), coalesce(sum(rows), 0) FROM sync_log WHERE seq > ? AND origin <> ?",
        (seq, excluding)).fetchall()[0]
    return _int(row[0]), _int(row[1])


# Peers: the copies that sync with this hub.

def peer(conn: SyncConnection, copy_id: str) -> dict[str, Any] | None:
    rows = _dicts(conn, "SELECT * FROM sync_peers WHERE copy_id = ?", (copy_id,))
    return rows[0] if rows else None


def peers(conn: SyncConnection) -> list[dict[str, Any]]:
    return _dicts(conn, "SELECT * FROM sync_peers ORDER BY last_sync_at DESC, copy_id")


def save_peer(conn: SyncConnection, copy_id: str, *, last_batch: int, at_utc: str | None,
              path: str | None) -> None:
    conn.raw.execute(
        "INSERT INTO sync_peers (copy_id, last_batch, last_sync_at, path) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (copy_id) DO UPDATE SET last_batch = excluded.last_batch, "
        "last_sync_at = coalesce(excluded.last_sync_at, last_sync_at), "
        "path = coalesce(excluded.path, path)",
        (copy_id, last_batch, at_utc, path))


# Conflicts (a synced table: both copies list them).

CONFLICT_COLUMNS = (
    "id", "kind", "table_name", "row_key", "shift_id", "staff_id", "here_copy", "there_copy",
    "here_version", "there_version", "kept", "message", "found_at", "resolved_at", "resolved_by",
    "choice", "resolution_reason",
)


def put_conflict(conn: SyncConnection, row: dict[str, Any]) -> None:
    """Record a conflict found; one still open with its id takes the newest versions (it
    keeps the time it was first found)."""
    values = {**row}
    for name in ("here_version", "there_version"):
        values[name] = json.dumps(values[name], sort_keys=True, default=str)
    values["row_key"] = json.dumps(values["row_key"], sort_keys=True)
    newest = [k for k in values if k not in ("id", "found_at")]
    conn.raw.execute(
        f"INSERT INTO sync_conflicts ({', '.join(values)}) "
        f"VALUES ({', '.join('?' for _ in values)}) ON CONFLICT (id) DO UPDATE SET "
        + ", ".join(f"{k} = excluded.{k}" for k in newest)
        + " WHERE resolved_at IS NULL", tuple(values.values()))


def conflict_by_id(conn: SyncConnection, conflict_id: str) -> dict[str, Any] | None:
    rows = _dicts(conn, "SELECT id, kind, resolved_at, choice FROM sync_conflicts WHERE id = ?",
                  (conflict_id,))
    return rows[0] if rows else None


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    for name in ("here_version", "there_version", "row_key"):
        row[name] = json.loads(row[name])
    return row


def conflicts(conn: SyncConnection, *, open_only: bool = True) -> list[dict[str, Any]]:
    where = "WHERE resolved_at IS NULL" if open_only else ""
    return [_decoded(r) for r in _dicts(
        conn, f"SELECT * FROM sync_conflicts {where} ORDER BY found_at, id")]


def get_conflict(conn: SyncConnection, conflict_id: str) -> dict[str, Any] | None:
    rows = _dicts(conn, "SELECT * FROM sync_conflicts WHERE id = ? OR id LIKE ? ORDER BY id",
                  (conflict_id, f"{conflict_id}%"))
    return _decoded(rows[0]) if len(rows) == 1 else None


def resolve_conflict(conn: SyncConnection, conflict_id: str, *, choice: str, by: str,
                     at_utc: str, reason: str | None) -> None:
    conn.raw.execute(
        "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, choice = ?, "
        "resolution_reason = ? WHERE id = ?", (at_utc, by, choice, reason, conflict_id))


def count_open_conflicts(conn: SyncConnection) -> int:
    return int(_one(conn, "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL"))
