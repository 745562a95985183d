"""Turn SQLite failures into one line a supervisor can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hotspot_tui.errors import DatabaseBusyError, DatabaseFileError, HotspotError

_BUSY = ("database is locked", "database table is locked", "database schema is locked", "busy")
"""SQLite's words for another connection holding the file (a trigger's refusal may say
"locked" too, of a pay period)."""


def explain_sqlite_error(exc: sqlite3.Error, path: Path | None) -> HotspotError:
    where = f"{path}" if path else "the database"
    text = str(exc).lower()
    if any(words in text for words in _BUSY):
        return DatabaseBusyError(
            f"{where} is busy: another hotspot-tui is writing to it; try again in a moment."
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseFileError(f"{where} is read-only; nothing was changed.")
    if "not a database" in text or "file is encrypted" in text:
        return DatabaseFileError(f"{where} is not a SQLite database.")
    if "malformed" in text or "corrupt" in text:
        return DatabaseFileError(
            f"{where} is damaged (corrupt); restore it from a backup copy."
        )
    if "unable to open" in text:
        return DatabaseFileError(f"cannot open {where}: check the path and its permissions.")
    if "disk i/o" in text or "full" in text:
        return DatabaseFileError(f"cannot write {where}: the disk is full or failing.")
    if isinstance(exc, sqlite3.IntegrityError):
        return HotspotError(f"the change breaks a rule of the database: {exc}")
    return DatabaseFileError(f"{where}: {exc}")
