"""A working session: one open database, who is acting, and a lock for writes.

Screens run service calls in worker threads; the lock keeps one transaction at a time on
the shared connection.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hotspot_tui.store.database import open_database, write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class Session:
    path: Path
    actor: str
    db: Database
    lock: threading.RLock = field(default_factory=threading.RLock)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Database]:
        with self.lock:
            yield self.db

    @contextlib.contextmanager
    def writing(self) -> Iterator[Database]:
        """One write transaction (BEGIN IMMEDIATE); rolled back whole on any error."""
        with self.lock, write_transaction(self.db):
            yield self.db

    def close(self) -> None:
        with self.lock:
            self.db.conn.close()


def open_session(path: Path, actor: str, *, create: bool = False, verify: bool = False) -> Session:
    """`verify` runs SQLite's quick check before use (the app does, so a damaged file is
    refused in one line instead of failing on the first screen that reads it).

    A file upgraded from schema 1 has live assignments but no pay lines yet; it is costed
    here, once, so every screen shows real costs (one cheap query when already costed).
    """
    from hotspot_tui.services.costing import ensure_costed  # costing imports Session

    session = Session(path=path, actor=actor, db=open_database(path, create=create, verify=verify))
    try:
        ensure_costed(session)
    except BaseException:
        session.close()
        raise
    return session
