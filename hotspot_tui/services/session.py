"""A working session: one open database, who is acting, and a lock for writes.

Screens run service calls in worker threads; the lock keeps one transaction at a time on
the shared connection.

Every write names the permission it needs (`writing(Permission.ASSIGN)`), and so does
every service that hands personal data out in a file (`require`): in a file with
accounts the session refuses it, with nothing written, unless the signed-in person's role
has it (`hotspot_tui.domain.access`). The account is read again inside each write's
transaction, so a role changed or an account disabled elsewhere counts at once.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from hotspot_tui.domain.access import Identity, Permission, Role, refusal
from hotspot_tui.domain.text import ACTOR_MAX, plain_text_problem
from hotspot_tui.errors import DatabaseFileError, NotPermitted, ValidationFailed
from hotspot_tui.store import accounts as accounts_store
from hotspot_tui.store.database import (
    IntegrityCheck,
    as_database,
    change_mark,
    damage_explained,
    deferred_check_needed,
    is_read_only,
    memory_mapped,
    open_connection,
    write_transaction,
)
from hotspot_tui.store.pay_lines import needs_upkeep
from hotspot_tui.store.police_data import unsplit_months

if TYPE_CHECKING:
    import sqlite3

    from sqlite_utils import Database

    from hotspot_tui.services.sign_in import SignIn


@dataclass
class Session:
    path: Path
    actor: str
    conn: sqlite3.Connection
    lock: threading.RLock = field(default_factory=threading.RLock)
    integrity: IntegrityCheck | None = None
    """The quick check still running in the background (large files), else None."""
    closed: bool = False
    role: Role | None = None
    """The signed-in person's role; None in a file with no accounts (anyone may do anything)."""
    account_id: str | None = None

    @property
    def identity(self) -> Identity:
        return Identity(self.actor, self.role, self.account_id)

    def may(self, permission: Permission) -> bool:
        """Whether the role (as last read) has `permission`: what the screens offer."""
        return refusal(self.actor, self.role, permission) is None

    def require(self, permission: Permission) -> None:
        """Refuse (NotPermitted) unless the person may do `permission` now."""
        with self.lock:
            self._check(permission, self.conn)

    def _check(self, permission: Permission, conn: sqlite3.Connection) -> None:
        if self.account_id is None:
            if accounts_store.has_accounts(conn):
                raise NotPermitted("this operation has accounts now: close the app and sign in")
            return
        row = accounts_store.get(conn, self.account_id)
        if row is None or not row["active"]:
            raise NotPermitted(f"the account {self.actor} is disabled")
        self.role = Role(row["role"])
        problem = refusal(self.actor, self.role, permission)
        if problem:
            raise NotPermitted(problem)

    @cached_property
    def db(self) -> Database:
        """sqlite-utils' view of the connection, made (and the library loaded) on first use.
        The app first reaches it under `lock` (`reading`, `writing`, `load_library`)."""
        return as_database(self.conn)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Database]:
        with self.lock, self._damage_explained():
            yield self.db

    @contextlib.contextmanager
    def querying(self, *, mapped: bool = False) -> Iterator[sqlite3.Connection]:
        """Like `reading`, for store functions that need only plain SQL: the first screen
        reads its figures this way before sqlite-utils has been loaded. `mapped` reads
        the file memory-mapped meanwhile (`store.database.memory_mapped`)."""
        with self.lock, self._damage_explained(), (
                memory_mapped(self.conn) if mapped else contextlib.nullcontext()):
            yield self.conn

    def _damage_explained(self) -> contextlib.AbstractContextManager[None]:
        # While (or after) a background quick check, a read may reach a damaged page:
        # that is the one-line refusal, not a crash of the screen that asked.
        if self.integrity is None:
            return contextlib.nullcontext()
        return damage_explained(self.path)

    @contextlib.contextmanager
    def writing(self, needs: Permission) -> Iterator[Database]:
        """One write transaction (BEGIN IMMEDIATE) of work that `needs` a permission;
        rolled back whole on any error. Refused (NotPermitted) unless the person may.

        Nothing is written to a file whose background quick check has not passed: this
        waits for it, and raises DatabaseFileError (nothing written) if the file is damaged."""
        if self.integrity is not None:
            self.integrity.wait()
        with self.lock, write_transaction(self.db):
            self._check(needs, self.conn)
            yield self.db

    def change_mark(self, *, wait: float | None = 0.0) -> tuple[int, int] | None:
        """Moves whenever the file's rows may have changed since it was last taken (by this
        session or any other program); None while another thread is using the connection,
        which a caller treats as a change. Waits at most `wait` seconds for that use to end
        (a screen asking as it comes into view waits a moment at most); None: as long as it
        takes (a worker's thread)."""
        if wait is None:
            got = self.lock.acquire()
        elif wait > 0:
            got = self.lock.acquire(timeout=wait)
        else:
            got = self.lock.acquire(blocking=False)
        if not got:
            return None
        try:
            return None if self.closed else change_mark(self.conn)
        finally:
            self.lock.release()

    def damaged(self) -> DatabaseFileError | None:
        """The background quick check's refusal, once it has found damage (else None)."""
        return self.integrity.failure if self.integrity is not None else None

    def load_library(self) -> None:
        """Make `db` now (loading sqlite-utils) unless the session has closed: the app does
        this after its first frame, so that the first screen the supervisor opens does not
        wait for it."""
        with self.lock:
            if not self.closed:
                self.db  # noqa: B018

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self.conn.close()


def open_session(
    path: Path, actor: str, *, create: bool = False, verify: bool = False, background_check: bool = False,
    sign_in: SignIn | None = None,
) -> Session:
    """`verify` runs SQLite's quick check before use (the app does, so a damaged file is
    refused in one line instead of failing on the first screen that reads it).

    With `background_check` a large file already in WAL mode (whose quick check takes
    seconds, and whose opening writes nothing) gets the cheap header and schema checks now
    and the quick check in a background thread (`Session.integrity`): every write waits
    for it to pass, and the app exits with the one-line refusal if it fails.

    A file upgraded from schema 1 has live assignments but no pay lines yet; it is costed
    here, once, so every screen shows real costs (one cheap query when already costed).

    A file with accounts needs `sign_in` (see `hotspot_tui.services.sign_in`): the session
    acts as the person it signs in, not as `actor`.
    """
    _check_actor(actor)
    defer = verify and background_check and path.exists() and deferred_check_needed(path)
    conn = open_connection(path, create=create, verify=verify, defer_check=defer)
    session = Session(path=path, actor=actor, conn=conn,
                      integrity=IntegrityCheck(path) if defer else None)
    try:
        identify(session, sign_in)
        _cost_if_never_costed(session)
        _count_by_force_once(session)
    except BaseException:
        session.close()
        raise
    return session


def session_as(path: Path, who: Identity) -> Session:
    """A session on `path` (current schema) acting as someone who has already signed in to
    it in this command (`maintenance.who_signs_in`), without asking them again."""
    _check_actor(who.name)
    return Session(path=path, actor=who.name, conn=open_connection(path), role=who.role,
                   account_id=who.account_id)


def file_is_read_only(path: Path) -> bool:
    """True when the file, or its folder, may not be written (by mode bits, even for root)."""
    return is_read_only(path)


def _check_actor(actor: str) -> None:
    problem = plain_text_problem(actor, ACTOR_MAX)
    if problem:
        raise ValidationFailed(f"the name recorded in the audit trail {problem}")


def open_reading_session(path: Path, actor: str, sign_in: SignIn | None = None) -> Session:
    """A session that only reads: nothing is written to the file (not even its journal
    mode), so a read-only file, or one in a read-only folder, will do. In a file with
    accounts the person signs in, as for any session."""
    _check_actor(actor)
    session = Session(path=path, actor=actor, conn=open_connection(path, read_only=True))
    try:
        identify(session, sign_in, read_only=True)
    except BaseException:
        session.close()
        raise
    return session


def identify(session: Session, sign_in: SignIn | None, *, read_only: bool = False) -> None:
    """Sign the person in if the file has accounts (else the session acts as named)."""
    with session.querying() as conn:
        if not accounts_store.has_accounts(conn):
            return
    from hotspot_tui.services.sign_in import identify as check

    who = check(session.conn, session.path, session.actor, sign_in, read_only=read_only)
    session.actor, session.role, session.account_id = who.name, who.role, who.account_id


def _cost_if_never_costed(session: Session) -> None:
    """Pay upkeep an upgraded file owes, once (`costing.ensure_costed`). The pay engine
    (pydantic rules, the holiday calendar) is imported only when a file needs it: start-up
    of a file with nothing owed does not pay for it."""
    with session.querying() as conn:
        if not needs_upkeep(conn):
            return
    from hotspot_tui.services.costing import ensure_costed  # costing imports Session

    ensure_costed(session)


def _count_by_force_once(session: Session) -> None:
    """A file upgraded to schema 0025 may hold counts inside areas of months several
    forces had imported, kept without their force: they are counted again, once."""
    with session.querying() as conn:
        if not unsplit_months(conn):
            return
    from hotspot_tui.services import crime_counts

    with session.writing(Permission.UPKEEP) as db:
        months = unsplit_months(db)
        if months:
            crime_counts.recount(db, months=months)
