"""Opening copies of a database for sync: through apsw, whose SQLite has the session
extension, checked first by the usual opening rules; and the consistent copy a checkout
makes (SQLite's backup API, safe while the file is in use)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import apsw

from hotspot_tui.errors import DatabaseFileError
from hotspot_tui.store.apsw_compat import ApswConnection, as_sqlite3_error
from hotspot_tui.store.database import BUSY_TIMEOUT_MS, open_connection
from hotspot_tui.store.errors import explain_sqlite_error
from hotspot_tui.store.files import OWNER_ONLY, create_private_file

if TYPE_CHECKING:
    from sqlite_utils import Database

CUR, OLD = "sync_cur", "sync_old"
"""In-memory schemas that capture fills with a batch's rows now and as they were."""


@dataclass
class SyncConnection:
    path: Path
    raw: apsw.Connection

    @property
    def db(self) -> Database:
        """sqlite-utils over the same connection: the store's functions, in the sync's
        transaction."""
        from hotspot_tui.store.database import as_database

        return as_database(ApswConnection(self.raw))  # type: ignore[arg-type]  # duck-typed: the sqlite3 connection's methods sqlite-utils calls

    def close(self) -> None:
        self.raw.close()


def _configure(raw: apsw.Connection) -> None:
    raw.set_busy_timeout(BUSY_TIMEOUT_MS)
    raw.execute("PRAGMA foreign_keys = ON")
    raw.execute("PRAGMA recursive_triggers = ON")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute(f"ATTACH ':memory:' AS {CUR}")
    raw.execute(f"ATTACH ':memory:' AS {OLD}")


def open_for_sync(path: Path) -> SyncConnection:
    """The file, checked (missing, not a database, damaged, read-only, newer schema: one
    line) and brought to the current schema like any opening, then reopened through apsw."""
    open_connection(path, verify=True).close()
    try:
        raw = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READWRITE)
        _configure(raw)
    except apsw.Error as exc:
        raise explain_sqlite_error(as_sqlite3_error(exc), path) from None
    return SyncConnection(path, raw)


@contextlib.contextmanager
def opened(path: Path) -> Iterator[SyncConnection]:
    conn = open_for_sync(path)
    try:
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def transaction(conn: SyncConnection) -> Iterator[SyncConnection]:
    """BEGIN IMMEDIATE ... COMMIT on the apsw connection; rolled back whole on any error
    (or interruption), so a file is as it was or fully changed."""
    try:
        conn.raw.execute("BEGIN IMMEDIATE")
    except apsw.Error as exc:
        raise explain_sqlite_error(as_sqlite3_error(exc), conn.path) from None
    try:
        yield conn
    except BaseException:
        if conn.raw.in_transaction:
            conn.raw.execute("ROLLBACK")
        raise
    else:
        try:
            conn.raw.execute("COMMIT")
        except apsw.Error as exc:
            if conn.raw.in_transaction:
                conn.raw.execute("ROLLBACK")
            raise explain_sqlite_error(as_sqlite3_error(exc), conn.path) from None
        _note_audit_head(conn)


def _note_audit_head(conn: SyncConnection) -> None:
    """Remember the newest audit entry beside the database's key, outside the file (as
    every write transaction of the app does)."""
    from hotspot_tui.store.audit import note_head

    with contextlib.suppress(apsw.Error, sqlite3.Error, OSError, DatabaseFileError):
        note_head(conn.db)


def backup_to(conn: SyncConnection, target: Path) -> None:
    """A consistent copy of the file as committed now, owner-only, at a new path: made
    under a temporary name beside it and linked into place, so a copy cut short is never
    taken for a whole one."""
    if target.exists():
        raise DatabaseFileError(f"{target} already exists; choose another name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    create_private_file(partial)
    try:
        dest = apsw.Connection(str(partial))
        try:
            with dest.backup("main", conn.raw, "main") as backup:
                while not backup.done:
                    backup.step(1024)
            dest.execute("PRAGMA journal_mode = WAL")
        finally:
            dest.close()
        os.chmod(partial, OWNER_ONLY)
        try:
            os.link(partial, target)
        except FileExistsError:
            raise DatabaseFileError(f"{target} already exists; choose another name") from None
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
