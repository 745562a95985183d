"""Open a database file safely: validate before any write, then set pragmas and migrate.

A file that is missing, not SQLite, corrupt, too new, read-only or locked is refused with
one plain line and left byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hotspot_tui.errors import DatabaseFileError
from hotspot_tui.os_support import command_argument
from hotspot_tui.store import schema_history
from hotspot_tui.store.errors import explain_sqlite_error
from hotspot_tui.store.files import create_private_file, private_copy, private_folders

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class FileStatus:
    path: Path
    schema_version: int
    latest_version: int
    read_only: bool

    @property
    def needs_migration(self) -> bool:
        return self.schema_version < self.latest_version


def is_read_only(path: Path) -> bool:
    """True when the file (or its folder) may not be written, honouring the mode bits: a
    file or folder nobody may write is read-only even for root, who could write it anyway
    (a copy on a CD, a locked share, a folder made read-only on purpose)."""
    try:
        mode = path.stat().st_mode
        folder_mode = path.parent.stat().st_mode
    except OSError:
        return False
    if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        return True
    if not folder_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    return not os.access(path.parent, os.W_OK | os.X_OK)


def _wal_in_use(path: Path) -> bool:
    try:
        return path.with_name(f"{path.name}-wal").stat().st_size > 0
    except OSError:
        return False


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection; reading a file nobody may write (a copy on a CD, a locked share) is
    told it will not change, so SQLite creates no side files beside it, unless a
    write-ahead log beside it still holds changes, which must be read."""
    mode = "ro" if read_only else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    if read_only and is_read_only(path) and not _wal_in_use(path):
        uri += "&immutable=1"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def refuse_unreadable_kind(path: Path) -> None:
    """A folder, a pipe (whose first read would block forever) or a device is refused by
    name before anything opens it."""
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder, not a database file")
    if path.exists() and not path.is_file():
        raise DatabaseFileError(f"{path} is not a regular file (a pipe or a device?), not a database")


def empty_file_refusal(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        f"{path} is an empty SQLite file, not a hotspot-tui database; make it one with "
        f"`hotspot-tui db init --db {command_argument(str(path))}` or "
        f"`hotspot-tui setup FILE.toml --db {command_argument(str(path))}`"
    )


def inspect_file(path: Path, *, deep: bool = False, allow_empty: bool = False) -> FileStatus:
    """Read-only checks of an existing file; raises DatabaseFileError when it cannot be used.

    `deep` also runs SQLite's quick check, so damage inside the file is refused up front
    rather than found by the first screen that reads the damaged page. A SQLite file with
    no tables at all is refused too, unless `allow_empty` (creating a database may take
    such a file over; nothing else builds a schema in a file it was not asked to create).
    """
    conn = _checked_connection(path, read_only=True)
    try:
        return _inspect(conn, path, deep=deep, allow_empty=allow_empty)
    finally:
        conn.close()


def _checked_connection(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection to `path` once it is known to be a SQLite file that can be read."""
    _check_kind_and_header(path)
    try:
        return _connect(path, read_only=read_only)
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, path) from None


def _check_kind_and_header(path: Path) -> None:
    if not path.exists():
        raise DatabaseFileError(f"no database at {path}")
    refuse_unreadable_kind(path)
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except PermissionError:
        raise DatabaseFileError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise DatabaseFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if header != SQLITE_HEADER:
        raise DatabaseFileError(f"{path} is not a SQLite database (wrong file?)")


def _inspect(conn: sqlite3.Connection, path: Path, *, deep: bool, allow_empty: bool) -> FileStatus:
    """`inspect_file`'s checks, on a connection to `path` that has written nothing."""
    try:
        tables = schema_history.table_names(conn)
        if tables and schema_history.MIGRATIONS_TABLE not in tables:
            raise DatabaseFileError(f"{path} is a SQLite file but not a hotspot-tui database")
        if not tables and not allow_empty:
            raise empty_file_refusal(path)
        too_new = schema_history.unknown_applied(conn)
        version = schema_history.schema_version(conn)
        if deep:
            _quick_check(conn, path)
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, path) from None
    if too_new:
        raise DatabaseFileError(
            f"{path} was written by a newer hotspot-tui (schema {version}, this version knows "
            f"{schema_history.latest_version()}); upgrade hotspot-tui to open it"
        )
    return FileStatus(path, version, schema_history.latest_version(), is_read_only(path))


def _checked_in_place(path: Path, *, read_only: bool, in_wal_mode: bool) -> bool:
    """Whether the connection kept for use may also be the one that checks the file, so
    that its schema is read once, not twice: only a file in WAL mode with nothing in its
    log, which anyone may write. Opening such a file writes nothing, and closing it again
    (when it is refused) writes nothing either, where closing the last writable connection
    of a file whose log holds changes writes them back into it; a file nobody may write is
    checked as it always was, so that it is refused in the same words."""
    return not read_only and in_wal_mode and not _wal_in_use(path) and not is_read_only(path)


def integrity_problems(db: Database | sqlite3.Connection) -> list[str]:
    """SQLite's full integrity check and foreign-key check, one line per problem; damage
    that stops the check itself is one problem too."""
    try:
        problems = [f"integrity: {row[0]}" for row in db.execute("PRAGMA integrity_check").fetchall()
                    if row[0] != "ok"]
        problems += [f"foreign key: {row[0]} row {row[1]} refers to a missing {row[2]}"
                     for row in db.execute("PRAGMA foreign_key_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [f"damaged: {exc}; restore the file from a backup copy"]
    return problems


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    verdict = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    if verdict != ["ok"]:
        raise DatabaseFileError(f"{path} is damaged (corrupt); restore it from a backup copy.")


# Below this size SQLite's quick check takes milliseconds and is simply done before use;
# above it (a county file takes seconds) `open_database(defer_check=True)` leaves it to a
# background IntegrityCheck.
DEFER_CHECK_ABOVE_BYTES = 64 * 2**20


class IntegrityCheck:
    """SQLite's quick check of a file, run in a background thread on its own read-only
    connection. `wait()` blocks until it has finished and raises DatabaseFileError if the
    file is damaged; `failure` is that error once known (None while running or if fine)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.failure: DatabaseFileError | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            conn = _connect(self.path, read_only=True)
            try:
                _quick_check(conn, self.path)
            finally:
                conn.close()
        except DatabaseFileError as exc:
            self.failure = exc
        except sqlite3.Error as exc:
            found = explain_sqlite_error(exc, self.path)
            self.failure = (found if isinstance(found, DatabaseFileError)
                            else DatabaseFileError(found.message))
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once finished (raising if the file is damaged); False on timeout."""
        if not self._done.wait(timeout):
            return False
        if self.failure is not None:
            raise self.failure
        return True


@contextlib.contextmanager
def damage_explained(path: Path) -> Iterator[None]:
    """Turn SQLite's report of a damaged page, met while reading, into the one-line refusal."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if "malformed" not in str(exc) and "corrupt" not in str(exc):
            raise
        raise explain_sqlite_error(exc, path) from None


MAP_BYTES = 1 << 31
"""How much of the file a read maps into memory (SQLite's own ceiling is 2 GiB)."""


@contextlib.contextmanager
def pragma_meanwhile(db: Database | sqlite3.Connection, name: str, value: int) -> Iterator[None]:
    """The connection's setting `name` at `value` meanwhile, put back as it was after,
    whether or not the work done meanwhile succeeded."""
    before = db.execute(f"PRAGMA {name}").fetchone()[0]
    db.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA {name} = {int(before)}")


def memory_mapped(db: Database | sqlite3.Connection) -> contextlib.AbstractContextManager[None]:
    """The file read memory-mapped meanwhile: each page a query visits is read in place
    rather than copied in by a system call, which is most of a read's cost while SQLite's
    own page cache is cold (the first screen's figures, an export)."""
    return pragma_meanwhile(db, "mmap_size", MAP_BYTES)


def _in_wal_mode(path: Path) -> bool:
    """The header's read/write format versions are 2 once the file is in WAL mode."""
    try:
        with path.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return False
    return header[18:20] == b"\x02\x02"


PAGE_SIZE = 16384
"""Bytes in a page of a new file, four times SQLite's default. A month of police records
is inserted in a fifth less time (fewer pages to split, link and log), and the large
tables' trees are a level shallower; a small change still logs a few pages, well under a
millisecond. A file made before keeps its pages: the size is fixed once it is in
write-ahead mode, and every size works the same."""


def _configure(conn: sqlite3.Connection, *, read_only: bool) -> sqlite3.Connection:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")
    if not read_only:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
                conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def as_database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils' view of an open connection. It is imported here, on first use, so that
    opening a file and reading the first screen's figures (plain SQL) does not wait for it."""
    from sqlite_utils import Database

    # Every connection here comes from `_configure`, which has set recursive triggers.
    return Database(conn, execute_plugins=False, recursive_triggers=False)


def _apply_pending(conn: sqlite3.Connection) -> list[str]:
    from hotspot_tui.store import migrations

    return migrations.apply_pending(as_database(conn))


def backup_before_migration(conn: sqlite3.Connection, path: Path, from_version: int) -> Path:
    target = path.with_name(f"{path.name}.schema-v{from_version}.bak")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.schema-v{from_version}.{counter}.bak")
    private_copy(conn, target)
    return target


def create_database(path: Path) -> Database:
    """Create a new, owner-only database file at the current schema."""
    return as_database(create_connection(path))


def refuse_network_share(path: Path) -> None:
    """One SQLite file is never written by several machines over a network share."""
    from hotspot_tui.store.network_fs import network_share

    share = network_share(path if path.exists() else path.parent)
    if share:
        raise DatabaseFileError(
            f"{path} is on {share if share.startswith('a ') else f'a network share ({share})'}; "
            "a database is only written on this computer's own disk: make a copy here with "
            f"`hotspot-tui sync checkout --from {path} --out COPY.db` on the machine that holds "
            "it, and sync with it (`hotspot-tui sync --help`)")


def create_connection(path: Path) -> sqlite3.Connection:
    if path.exists():
        raise DatabaseFileError(f"{path} already exists; choose another name")
    refuse_network_share(path)
    try:
        private_folders(path.parent)
        create_private_file(path)
    except OSError as exc:
        raise DatabaseFileError(f"cannot create {path}: {exc.strerror or exc}") from None
    conn = None
    try:
        conn = _configure(_connect(path, read_only=False), read_only=False)
        _apply_pending(conn)
    except BaseException as exc:
        # A file that could not be made whole (its audit key could not be written, say)
        # is not left behind half-made.
        if conn is not None:
            conn.close()
        for leftover in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if isinstance(exc, sqlite3.Error):
            raise explain_sqlite_error(exc, path) from None
        raise
    return conn


def open_database(path: Path, **options: bool) -> Database:
    """`open_connection(path, **options)`, seen through sqlite-utils."""
    return as_database(open_connection(path, **options))


def open_connection(
    path: Path,
    *,
    create: bool = False,
    read_only: bool = False,
    migrate: bool = True,
    verify: bool = False,
    defer_check: bool = False,
    allow_empty: bool = False,
    older_schema: bool = False,
) -> sqlite3.Connection:
    """Open `path` for use, creating or migrating it as allowed.

    `allow_empty` lets an existing SQLite file with no tables be made a database (the
    schema is built in it and it becomes readable by its owner only); otherwise it is
    refused like any file that is not a hotspot-tui database.

    Refuses, with the file untouched, anything that is not a current hotspot-tui database
    unless `migrate` lets an older schema be upgraded (after a backup copy). `verify` runs
    SQLite's quick check first (the app does; it reads every page of the file once).

    `defer_check` (with `verify`) skips that quick check when it may safely run later in an
    `IntegrityCheck`: the caller must hold every write until it passes. It is only skipped
    for a large file already in WAL mode that needs no migration, since opening such a file
    writes nothing to it; otherwise the check runs here as usual. `deferred_check_needed`
    tells the caller which happened.

    `older_schema` (with `read_only`) opens a file of an older schema as it is, for checks
    that read only what every schema has (the audit log).
    """
    if not path.exists():
        if create:
            return create_connection(path)
        raise DatabaseFileError(
            f"no database at {path} (create one with "
            f"`hotspot-tui db init --db {command_argument(str(path))}`)"
        )
    refuse_unreadable_kind(path)
    # Switching a rollback-journal file to WAL writes its header: check it whole first, so a
    # damaged file is refused untouched (a WAL file is not written until a change is made).
    in_wal_mode = _in_wal_mode(path)
    first_write = not read_only and not in_wal_mode
    deep = verify or first_write
    if deep and defer_check and deferred_check_needed(path, read_only=read_only):
        deep = False
    if not _checked_in_place(path, read_only=read_only, in_wal_mode=in_wal_mode):
        return _open_checked(path, inspect_file(path, deep=deep, allow_empty=allow_empty), None,
                             read_only=read_only, migrate=migrate, verify=verify, deep=deep,
                             older_schema=older_schema)
    conn = _checked_connection(path, read_only=False)
    try:
        return _open_checked(path, _inspect(conn, path, deep=deep, allow_empty=allow_empty), conn,
                             read_only=False, migrate=migrate, verify=verify, deep=deep,
                             older_schema=older_schema)
    except BaseException:
        conn.close()
        raise


def _open_checked(
    path: Path, status: FileStatus, conn: sqlite3.Connection | None, *, read_only: bool,
    migrate: bool, verify: bool, deep: bool, older_schema: bool,
) -> sqlite3.Connection:
    """`open_connection` once the file has passed its checks: refused if it may not be
    used as asked, else configured (and migrated, if allowed), on `conn` if the checks
    ran on the connection to keep."""
    if verify and not deep and status.needs_migration:
        inspect_file(path, deep=True)  # never migrate an unchecked file
    if status.read_only and not read_only:
        raise DatabaseFileError(f"{path} is read-only; nothing was changed")
    if not read_only:
        refuse_network_share(path)
    if status.needs_migration and (read_only or not migrate) and not (read_only and older_schema):
        raise DatabaseFileError(
            f"{path} has schema {status.schema_version}; run "
            f"`hotspot-tui db migrate --db {command_argument(str(path))}`"
        )
    if status.schema_version == 0 and not read_only:
        try:
            os.chmod(path, 0o600)
        except OSError as exc:
            raise DatabaseFileError(f"cannot make {path} private: {exc.strerror or exc}") from None
    try:
        conn = _configure(conn or _connect(path, read_only=read_only), read_only=read_only)
        if status.needs_migration and not read_only:
            _backup_and_migrate(conn, path, status.schema_version)
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, path) from None
    return conn


def deferred_check_needed(path: Path, *, read_only: bool = False) -> bool:
    """Whether `open_database(verify=True, defer_check=True)` leaves the quick check of
    `path` to an IntegrityCheck (a large file in WAL mode: opening it writes nothing)."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size > DEFER_CHECK_ABOVE_BYTES and (read_only or _in_wal_mode(path))


def _backup_and_migrate(
    conn: sqlite3.Connection, path: Path, from_version: int
) -> tuple[list[str], Path | None]:
    backup = backup_before_migration(conn, path, from_version) if from_version > 0 else None
    return _apply_pending(conn), backup


def upgrade_file(path: Path) -> tuple[list[str], Path | None]:
    """Apply pending migrations after a backup copy; ([], None) when already current."""
    status = inspect_file(path)
    if not status.needs_migration:
        return [], None
    inspect_file(path, deep=True)  # never back up, or upgrade, a damaged file
    if status.read_only:
        raise DatabaseFileError(f"{path} is read-only; nothing was changed")
    try:
        conn = _configure(_connect(path, read_only=False), read_only=False)
        try:
            return _backup_and_migrate(conn, path, status.schema_version)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise explain_sqlite_error(exc, path) from None


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """BEGIN IMMEDIATE ... COMMIT: takes the write lock up front, so checks made inside
    cannot be invalidated by another writer before the commit."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise explain_sqlite_error(exc, None) from None
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        _note_audit_head(conn)


def change_mark(conn: sqlite3.Connection) -> tuple[int, int]:
    """A mark that moves whenever the file's rows may have changed: the rows this
    connection has changed since it opened, and SQLite's count of commits made by any
    other connection (another app, a sync, a served supervisor) since then."""
    return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]


def _note_audit_head(conn: sqlite3.Connection) -> None:
    """Remember the newest audit entry beside the database's key, outside the file."""
    from hotspot_tui.store.audit import note_head

    with contextlib.suppress(sqlite3.Error, OSError, DatabaseFileError):
        note_head(conn)
