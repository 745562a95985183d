"""Files holding names and pay are created readable by their owner only."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

OWNER_ONLY = 0o600


def create_private_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    os.close(fd)
    os.chmod(path, OWNER_ONLY)


def private_copy(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of a live database via the SQLite backup API, owner-only."""
    create_private_file(target)
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.chmod(target, OWNER_ONLY)
