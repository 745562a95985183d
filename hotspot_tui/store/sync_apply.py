"""Applying a changeset with SQLite's session extension, and building the changesets that
put a row right (corrections) with its changeset builder.

What to do with a change that cannot be applied as it stands is decided outside the store
(`domain.sync_policy` through `services.sync`): this module turns SQLite's conflict into
plain rows (column name to value) and the decision back into SQLite's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import apsw

from hotspot_tui.store.sync_db import SyncConnection
from hotspot_tui.store.sync_tables import BY_NAME, columns, primary_key

_REASONS = {
    apsw.SQLITE_CHANGESET_DATA: "data",
    apsw.SQLITE_CHANGESET_NOTFOUND: "notfound",
    apsw.SQLITE_CHANGESET_CONFLICT: "conflict",
    apsw.SQLITE_CHANGESET_CONSTRAINT: "constraint",
    apsw.SQLITE_CHANGESET_FOREIGN_KEY: "foreign_key",
}
ANSWERS = {
    "omit": apsw.SQLITE_CHANGESET_OMIT,
    "replace": apsw.SQLITE_CHANGESET_REPLACE,
    "abort": apsw.SQLITE_CHANGESET_ABORT,
}


@dataclass(frozen=True)
class RowChange:
    """One change of a changeset, by column name. `old` holds the values the change
    expects (only the columns it changes, and the key); `new` the values it writes."""

    table: str
    op: str
    key: dict[str, Any]
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    current: dict[str, Any] | None = None
    """The row here that the change met (in a conflict)."""
    reason: str = ""


@dataclass
class Applied:
    changes: int = 0
    conflicts: list[RowChange] = field(default_factory=list)
    refused: list[tuple[RowChange, str]] = field(default_factory=list)


class _Columns:
    def __init__(self, conn: SyncConnection) -> None:
        self.raw = conn.raw
        self._cols: dict[str, list[str]] = {}
        self._pk: dict[str, list[str]] = {}

    def of(self, table: str) -> list[str]:
        if table not in self._cols:
            self._cols[table] = columns(self.raw, table)
            self._pk[table] = primary_key(self.raw, table)
        return self._cols[table]

    def key(self, table: str) -> list[str]:
        self.of(table)
        return self._pk[table]


def _named(cols: list[str], values: Any) -> dict[str, Any] | None:
    if values is None:
        return None
    return {c: v for c, v in zip(cols, values, strict=False) if v is not apsw.no_change}


def view(cols: _Columns, change: apsw.TableChange, reason: str = "") -> RowChange:
    names = cols.of(change.name)
    old, new = _named(names, change.old), _named(names, change.new)
    current = _named(names, change.conflict) if reason else None
    source = old if old is not None else new or {}
    key = {k: source.get(k) for k in cols.key(change.name)}
    return RowChange(change.name, change.op, key, old, new, current, reason)


def iter_changes(conn: SyncConnection, changeset: bytes) -> list[RowChange]:
    """Every change of a changeset, by column name."""
    if not changeset:
        return []
    cols = _Columns(conn)
    return [view(cols, change) for change in apsw.Changeset.iter(changeset)]


Decide = Callable[[RowChange], str]
Refuse = Callable[[RowChange], "str | None"]


def apply(conn: SyncConnection, changeset: bytes, decide: Decide, refuse: Refuse | None = None) -> Applied:
    """Apply inside the sync's transaction. `decide` answers each conflict ('omit',
    'replace' or 'abort'); `refuse` may turn a change away before it is tried (with why)."""
    applied = Applied()
    if not changeset:
        return applied
    cols = _Columns(conn)

    def on_conflict(reason: int, change: apsw.TableChange) -> int:
        row = view(cols, change, _REASONS.get(reason, str(reason)))
        answer = decide(row)
        applied.conflicts.append(row)
        return ANSWERS[answer]

    def on_change(change: apsw.TableChange) -> bool:
        applied.changes += 1
        if refuse is None:
            return True
        row = view(cols, change)
        why = refuse(row)
        if why is None:
            return True
        applied.refused.append((row, why))
        return False

    apsw.Changeset.apply(changeset, conn.raw, filter_change=on_change, conflict=on_conflict)
    return applied


def build(conn: SyncConnection, changes: list[RowChange]) -> bytes:
    """A changeset of the given changes (for a correction), checked against this schema."""
    if not changes:
        return b""
    builder = apsw.ChangesetBuilder()
    try:
        builder.schema(conn.raw, "main")
        cols = _Columns(conn)
        for change in changes:
            names = cols.of(change.table)

            def values(row: dict[str, Any] | None, names: list[str] = names) -> tuple[Any, ...]:
                row = row or {}
                return tuple(row.get(c, apsw.no_change) for c in names)

            if change.op == "INSERT":
                builder.add_insert(change.table, False, tuple((change.new or {}).get(c) for c in names))
            elif change.op == "DELETE":
                builder.add_delete(change.table, False, tuple((change.old or {}).get(c) for c in names))
            else:
                key = set(cols.key(change.table))
                old = {**(change.old or {}), **change.key}
                new = {k: v for k, v in (change.new or {}).items() if k not in key}
                builder.add_update(change.table, False, values(old), values(new))
        return builder.output()
    finally:
        builder.close()


def put_rows(conn: SyncConnection, changes: list[RowChange]) -> None:
    """Write each change's row as it is given, whatever the row here holds now (the hub's
    corrections: its final version of rows it decided; a row the hub removed goes)."""
    for change in changes:
        where = " AND ".join(f"[{k}] IS ?" for k in change.key)
        if change.op == "DELETE":
            conn.raw.execute(f"DELETE FROM [{change.table}] WHERE {where}", tuple(change.key.values()))
            continue
        derived = set(BY_NAME[change.table].derived) if change.table in BY_NAME else set()
        values = {k: v for k, v in (change.new or {}).items()
                  if k not in change.key and k not in derived}
        there = conn.raw.execute(f"SELECT 1 FROM [{change.table}] WHERE {where}",
                                 tuple(change.key.values())).fetchall()
        if there and values:
            # only a row that differs is written: a row its own rules keep as it is (a
            # locked pay period, a final export) may be given as it already stands
            sets = ", ".join(f"[{k}] = ?" for k in values)
            same = " AND ".join(f"[{k}] IS ?" for k in values)
            conn.raw.execute(f"UPDATE [{change.table}] SET {sets} WHERE {where} AND NOT ({same})",
                             (*values.values(), *change.key.values(), *values.values()))
        if change.op == "INSERT" and not there:
            row = {**values, **change.key}
            names = ", ".join(f"[{k}]" for k in row)
            conn.raw.execute(f"INSERT INTO [{change.table}] ({names}) "
                             f"VALUES ({', '.join('?' for _ in row)})", tuple(row.values()))


def current_row(conn: SyncConnection, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    names = columns(conn.raw, table)
    where = " AND ".join(f"[{k}] IS ?" for k in key)
    rows = conn.raw.execute(f"SELECT * FROM [{table}] WHERE {where}", tuple(key.values())).fetchall()
    return dict(zip(names, rows[0], strict=True)) if rows else None


def concat(changesets: list[bytes]) -> bytes:
    """One changeset with the effect of these, in order (SQLite's change group)."""
    parts = [c for c in changesets if c]
    if not parts:
        return b""
    if len(parts) == 1:
        return parts[0]
    builder = apsw.ChangesetBuilder()
    try:
        for part in parts:
            builder.add(part)
        return builder.output()
    finally:
        builder.close()
