"""Files and folders holding names, pay and keys are created readable by their owner only."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from hotspot_tui.os_support import has_fchmod

OWNER_ONLY = 0o600
OWNER_ONLY_FOLDER = 0o700


def restrict(fd: int, path: Path, mode: int = OWNER_ONLY, *, fchmod: bool | None = None) -> None:
    """Set `mode` on an open file, by descriptor where the platform can, else by name."""
    by_descriptor = getattr(os, "fchmod", None)  # missing on Windows before Python 3.13
    if by_descriptor is not None and (has_fchmod() if fchmod is None else fchmod):
        by_descriptor(fd, mode)
    else:
        os.chmod(path, mode)


def create_private_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    os.close(fd)
    os.chmod(path, OWNER_ONLY)


def private_folders(folder: Path) -> None:
    """Create `folder` and any missing parents readable by the owner only (0700), whatever
    the umask: `mkdir(mode)` is filtered by the umask, so each new folder is set again.
    Folders that already exist are left as they are."""
    folder = Path(folder)
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for new in reversed(missing):
        try:
            new.mkdir(mode=OWNER_ONLY_FOLDER)
        except FileExistsError:
            continue
        os.chmod(new, OWNER_ONLY_FOLDER)


def private_copy(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of a live database via the SQLite backup API, owner-only."""
    create_private_file(target)
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.chmod(target, OWNER_ONLY)
