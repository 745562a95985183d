"""A working session: one open database, who is acting, and a lock for writes.

Screens run service calls in worker threads; the lock keeps one transaction at a time on
the shared connection.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hotspot_tui.errors import DatabaseFileError
from hotspot_tui.store.database import (
    IntegrityCheck,
    deferred_check_needed,
    open_database,
    write_transaction,
)
from hotspot_tui.store.errors import explain_sqlite_error

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class Session:
    path: Path
    actor: str
    db: Database
    lock: threading.RLock = field(default_factory=threading.RLock)
    integrity: IntegrityCheck | None = None
    """The quick check still running in the background (large files), else None."""

    @contextlib.contextmanager
    def reading(self) -> Iterator[Database]:
        with self.lock:
            if self.integrity is None:
                yield self.db
                return
            # While (or after) a background quick check, a read may reach a damaged page:
            # that is the one-line refusal, not a crash of the screen that asked.
            try:
                yield self.db
            except sqlite3.DatabaseError as exc:
                if "malformed" not in str(exc) and "corrupt" not in str(exc):
                    raise
                raise explain_sqlite_error(exc, self.path) from None

    @contextlib.contextmanager
    def writing(self) -> Iterator[Database]:
        """One write transaction (BEGIN IMMEDIATE); rolled back whole on any error.

        Nothing is written to a file whose background quick check has not passed: this
        waits for it, and raises DatabaseFileError (nothing written) if the file is damaged."""
        if self.integrity is not None:
            self.integrity.wait()
        with self.lock, write_transaction(self.db):
            yield self.db

    def damaged(self) -> DatabaseFileError | None:
        """The background quick check's refusal, once it has found damage (else None)."""
        return self.integrity.failure if self.integrity is not None else None

    def close(self) -> None:
        with self.lock:
            self.db.conn.close()


def open_session(
    path: Path, actor: str, *, create: bool = False, verify: bool = False, background_check: bool = False
) -> Session:
    """`verify` runs SQLite's quick check before use (the app does, so a damaged file is
    refused in one line instead of failing on the first screen that reads it).

    With `background_check` a large file already in WAL mode (whose quick check takes
    seconds, and whose opening writes nothing) gets the cheap header and schema checks now
    and the quick check in a background thread (`Session.integrity`): every write waits
    for it to pass, and the app exits with the one-line refusal if it fails."""
    defer = verify and background_check and path.exists() and deferred_check_needed(path)
    db = open_database(path, create=create, verify=verify, defer_check=defer)
    return Session(path=path, actor=actor, db=db, integrity=IntegrityCheck(path) if defer else None)
