"""An apsw connection seen as the sqlite3 connection sqlite-utils expects.

Sync applies changesets through apsw (SQLite's session extension is not in Python's
sqlite3 module). What a received change implies (a patrol's cover, pay costed again, the
audit entries and conflicts it brings) is written by the store's usual functions, through
sqlite-utils, on the same apsw connection, so the whole sync is one transaction. Errors
are raised as sqlite3's, so the callers' handling is unchanged.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import apsw
import apsw.ext

_ERRORS: tuple[tuple[type[BaseException], type[sqlite3.Error]], ...] = (
    (apsw.ConstraintError, sqlite3.IntegrityError),
    (apsw.BusyError, sqlite3.OperationalError),
    (apsw.LockedError, sqlite3.OperationalError),
    (apsw.SQLError, sqlite3.OperationalError),
    (apsw.ReadOnlyError, sqlite3.OperationalError),
    (apsw.CorruptError, sqlite3.DatabaseError),
    (apsw.NotADBError, sqlite3.DatabaseError),
    (apsw.Error, sqlite3.DatabaseError),
)


def as_sqlite3_error(exc: BaseException) -> sqlite3.Error:
    """The sqlite3 error that says what an apsw error says."""
    for apsw_type, sqlite_type in _ERRORS:
        if isinstance(exc, apsw_type):
            text = str(exc)
            if isinstance(exc, apsw.BusyError | apsw.LockedError):
                text = "database is locked"
            elif ": " in text and text.split(": ", 1)[0].endswith("Error"):
                text = text.split(": ", 1)[1]
            return sqlite_type(text)
    return sqlite3.DatabaseError(str(exc))


class Cursor:
    """The part of sqlite3.Cursor that sqlite-utils and the store use."""

    def __init__(self, conn: ApswConnection) -> None:
        self._conn = conn
        self._cursor = conn.raw.cursor()
        self._rows: Iterator[Any] = iter(())
        self.description: Sequence[tuple[Any, ...]] | None = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    def execute(self, sql: str, parameters: Any = None) -> Cursor:
        raw = self._conn.raw
        before = raw.total_changes()
        try:
            self._rows = iter(self._cursor.execute(sql, parameters if parameters is not None else ()))
            try:
                self.description = self._cursor.description
            except apsw.ExecutionCompleteError:
                self.description = _description(raw, sql, parameters)
        except apsw.Error as exc:
            raise as_sqlite3_error(exc) from None
        self.rowcount = raw.total_changes() - before
        self.lastrowid = raw.last_insert_rowid()
        return self

    def executemany(self, sql: str, seq: Iterable[Any]) -> Cursor:
        raw = self._conn.raw
        before = raw.total_changes()
        try:
            for _ in self._cursor.executemany(sql, seq):
                pass
        except apsw.Error as exc:
            raise as_sqlite3_error(exc) from None
        self.rowcount = raw.total_changes() - before
        return self

    def fetchone(self) -> Any:
        try:
            return next(self._rows, None)
        except apsw.Error as exc:
            raise as_sqlite3_error(exc) from None

    def fetchall(self) -> list[Any]:
        return list(self)

    def fetchmany(self, size: int = 100) -> list[Any]:
        out = []
        for _ in range(size):
            row = self.fetchone()
            if row is None:
                break
            out.append(row)
        return out

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._rows
        except apsw.Error as exc:
            raise as_sqlite3_error(exc) from None

    def close(self) -> None:
        self._cursor.close()


_DESCRIBED: weakref.WeakKeyDictionary[apsw.Connection, dict[str, Sequence[tuple[Any, ...]] | None]] = \
    weakref.WeakKeyDictionary()
"""Descriptions worked out, by connection and statement (the columns of a statement do not
depend on its parameters; working them out prepares it again)."""


def _description(raw: apsw.Connection, sql: str, parameters: Any) -> Sequence[tuple[Any, ...]] | None:
    """Column names of a statement that returned no rows (apsw has none to describe)."""
    known = _DESCRIBED.setdefault(raw, {})
    if sql in known:
        return known[sql]
    try:
        info = apsw.ext.query_info(raw, sql, parameters)
    except apsw.Error:
        return None
    found = (tuple((d[0], None, None, None, None, None, None) for d in info.description)
             if info.description else None)
    if len(known) < 2000:
        known[sql] = found
    return found


class ApswConnection:
    """What sqlite-utils and the store call on a connection, done by apsw."""

    isolation_level = None

    def __init__(self, raw: apsw.Connection) -> None:
        self.raw = raw

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    def cursor(self) -> Cursor:
        return Cursor(self)

    def execute(self, sql: str, parameters: Any = None) -> Cursor:
        return Cursor(self).execute(sql, parameters)

    def executemany(self, sql: str, seq: Iterable[Any]) -> Cursor:
        return Cursor(self).executemany(sql, seq)

    def create_function(self, name: str, narg: int, func: Callable[..., Any], *,
                        deterministic: bool = False) -> None:
        self.raw.create_scalar_function(name, func, narg, deterministic=deterministic)

    def commit(self) -> None:
        if self.raw.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        if self.raw.in_transaction:
            self.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()
