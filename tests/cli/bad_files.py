"""Every kind of database file the program must refuse, made from a copy of sample.db."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(120)
"""


def _copy(path: Path) -> Path:
    shutil.copyfile(SAMPLE, path)
    path.chmod(0o600)
    return path


def missing(path: Path) -> Path:
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    return path


def zero_bytes(path: Path) -> Path:
    path.touch(mode=0o600)
    return path


def not_sqlite(path: Path) -> Path:
    path.write_text("Payroll number,Name,Kind\nHC1001,PC Smith,PC\n")  # a CSV saved as .db
    return path


def other_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.commit()
    conn.close()
    return path


def empty_sqlite(path: Path) -> Path:
    """A valid SQLite file with no tables at all (made by another tool, or by hand)."""
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("DROP TABLE scratch")
    conn.commit()
    conn.close()
    return path


def _overwrite(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(data)


def corrupt_header(path: Path) -> Path:
    _copy(path)
    _overwrite(path, 16, b"\xff" * 84)  # page size, versions and counters after the magic string
    return path


def corrupt_schema_page(path: Path) -> Path:
    _copy(path)
    _overwrite(path, 100, b"\x00\x13" * 2000)  # the sqlite_master b-tree on page 1
    return path


def corrupt_data_page(path: Path) -> Path:
    """Damage deep inside the file that only a full read finds."""
    _copy(path)
    page = sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute("PRAGMA page_size").fetchone()[0]
    _overwrite(path, page * 3, b"\xff" * page * 4)
    return path


def truncated(path: Path) -> Path:
    data = SAMPLE.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def read_only(path: Path) -> Path:
    _copy(path)
    path.chmod(0o400)
    return path


def newer_schema(path: Path) -> Path:
    _copy(path)
    conn = sqlite3.connect(str(path))
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('hotspot_tui', '9999_from_the_future', '2030-01-01T00:00:00Z')"
    )
    conn.commit()
    conn.close()
    return path


def pipe(path: Path) -> Path:
    """A named pipe: opening it for reading would wait for a writer forever."""
    os.mkfifo(path)
    return path


def locked(path: Path) -> tuple[Path, subprocess.Popen[str]]:
    """A rollback-journal copy on which another process holds an exclusive lock."""
    _copy(path)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return path, holder


# Files every command must refuse with one line and exit 2 (`db init` and `setup` make a
# database of a missing file or an empty SQLite file: see MAKES_A_DATABASE_OF).
REFUSED: dict[str, Callable[[Path], Path]] = {
    "missing": missing,
    "folder": folder,
    "zero-bytes": zero_bytes,
    "not-sqlite": not_sqlite,
    "other-sqlite": other_sqlite,
    "empty-sqlite": empty_sqlite,
    "corrupt-header": corrupt_header,
    "corrupt-schema": corrupt_schema_page,
    "truncated": truncated,
    "newer-schema": newer_schema,
    **({"pipe": pipe} if hasattr(os, "mkfifo") else {}),
}
MAKES_A_DATABASE_OF = {("db", "init"): {"missing", "empty-sqlite"}, ("setup",): {"missing", "empty-sqlite"}}
# Files that read-only commands may still read, but that the app (which writes) must refuse.
REFUSED_BY_THE_APP: dict[str, Callable[[Path], Path]] = {
    "read-only": read_only,
    "corrupt-data-page": corrupt_data_page,
}


def fingerprint(path: Path) -> tuple[object, ...]:
    """The file's bytes (or kind) and everything beside it: proof that nothing was written."""
    folder_listing = tuple(sorted(os.listdir(path.parent)))
    if path.is_file():
        content: object = hashlib.sha256(path.read_bytes()).hexdigest()
        mode: object = path.stat().st_mode
    else:
        content = "dir" if path.is_dir() else "absent"
        mode = None
    return content, mode, folder_listing
