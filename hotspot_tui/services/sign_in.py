"""Signing in: who is acting, in a file with accounts.

A file with no accounts is open to whoever opens it, under the name they give (as before
accounts existed). Once it has an account, every opening of it (the terminal app, every
command, every browser session) signs a person in first: by name and password, or, for an
app process the web front starts, by the one-time ticket the web front issued after the
person signed in there.

Passwords are checked against their Argon2id hashes (argon2-cffi). Wrong passwords are
answered slowly and counted; enough in a row lock the account for a while (the settings
group ``sign_in``). A name with no account is answered exactly as a wrong password.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.access import Identity, Role
from hotspot_tui.domain.accounts import (
    Credentials,
    SignInPolicy,
    Ticket,
    failure_delay_seconds,
    locked_until,
)
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text
from hotspot_tui.errors import HotspotError
from hotspot_tui.store import accounts as store
from hotspot_tui.store import audit
from hotspot_tui.store.database import as_database, open_connection, write_transaction

if TYPE_CHECKING:
    import sqlite3

    from sqlite_utils import Database

SignIn = Callable[[], Credentials | Ticket]
"""Asks the person (or the environment) for their credentials, only when a file needs them."""

TICKET_SECONDS = 60
TICKET_ENV = "HOTSPOT_SIGN_IN_TICKET"
"""Set only by the web front, for the app process it starts for a person signed in there."""

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("a password nobody has: answers an unknown name as slowly as a known one")


class SignInRequired(HotspotError):
    """The file has accounts and nobody has signed in."""


class SignInRefused(HotspotError):
    """A wrong name or password, a locked or disabled account, a used or stale ticket."""


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def has_accounts(conn: sqlite3.Connection) -> bool:
    return store.has_accounts(conn)


def policy(db: Database) -> SignInPolicy:
    """The sign-in settings in force today."""
    from hotspot_tui.services.pay_rules import load_sign_in_policy

    return load_sign_in_policy(db)


def ensure_servable(path: Path) -> None:
    """Refuse to serve a file nobody can sign in to: with no accounts, anyone reaching the
    server could do anything. Upgrades an older file first (once, not in every app)."""
    conn = open_connection(path, verify=True)
    try:
        if not store.has_accounts(conn):
            raise HotspotError(f"{path} has no accounts, so anyone reaching the server could do anything: "
                               "add an admin first (`hotspot-tui user add NAME --role admin`)")
    finally:
        conn.close()


def policy_of(path: Path) -> SignInPolicy:
    """The sign-in settings in force today in the file at `path`."""
    conn = open_connection(path, migrate=False, read_only=True)
    try:
        return policy(as_database(conn))
    finally:
        conn.close()


def identify(conn: sqlite3.Connection, path: Path, actor: str, sign_in: SignIn | None, *,
             read_only: bool = False) -> Identity:
    """Who is acting on the file open on `conn`: `actor` if it has no accounts; else the
    person `sign_in` names, once their password (or ticket) is checked."""
    if not store.has_accounts(conn):
        return Identity(actor)
    if sign_in is None:
        raise SignInRequired("this operation has accounts: sign in with your name and password")
    given = sign_in()
    if read_only:
        # Failed sign-ins are counted even by commands that only read.
        try:
            writer = open_connection(path, migrate=False)
        except HotspotError:
            return _check(as_database(conn), given, count=False)
        try:
            return _check(as_database(writer), given)
        finally:
            writer.close()
    return _check(as_database(conn), given)


def authenticate(path: Path, given: Credentials | Ticket) -> Identity:
    """Check credentials against the file at `path` (the web front's sign-in page)."""
    conn = open_connection(path, migrate=False)
    try:
        if not store.has_accounts(conn):
            raise SignInRefused("this operation has no accounts yet: add one with `hotspot-tui user add`")
        return _check(as_database(conn), given)
    finally:
        conn.close()


def pause(seconds: float) -> None:
    """Wait before answering a wrong password (the web front runs sign-ins on threads)."""
    time.sleep(seconds)


@dataclass(frozen=True)
class _HashCheck:
    """A password checked against the hash an account had when it was read."""

    password_hash: str | None
    """The hash checked (None: no such account; the password was checked against a dummy)."""
    matches: bool
    rehashed: str | None = None
    """The password hashed anew, when it matched a hash made with older parameters."""


def _hash_check(row: dict[str, Any] | None, password: str) -> _HashCheck:
    if row is None:
        _verify(_DUMMY_HASH, password)
        return _HashCheck(None, False)
    stored = row["password_hash"]
    if not _verify(stored, password):
        return _HashCheck(stored, False)
    return _HashCheck(stored, True, hash_password(password) if _HASHER.check_needs_rehash(stored) else None)


def _check(db: Database, given: Credentials | Ticket, *, count: bool = True) -> Identity:
    if isinstance(given, Ticket):
        return _redeem(db, given)
    # Argon2 is slow on purpose: the password is checked before the write transaction, so
    # that the file's one write lock never waits on it. Held through the hashing, a room of
    # people signing in at once queued every write to the file (each other's sign-ins, every
    # served app's assignments and bookings) past SQLite's busy timeout.
    checked = _hash_check(store.find(db, given.name), given.password)
    outcome: Identity | SignInRefused
    delay = 0.0
    with write_transaction(db) if count else _no_transaction():
        outcome, delay = _check_password(db, given, checked, count=count)
    if isinstance(outcome, SignInRefused):
        pause(delay)
        raise outcome
    return outcome


def _no_transaction() -> contextlib.nullcontext[None]:
    return contextlib.nullcontext()


def _check_password(db: Database, given: Credentials, checked: _HashCheck, *,
                    count: bool) -> tuple[Identity | SignInRefused, float]:
    """The sign-in's outcome from the account as it is now (read again inside the
    transaction), and the failures counted; the hash is checked again only if it changed
    since `checked` was made."""
    wrong = SignInRefused("wrong name or password")
    row = store.find(db, given.name)
    if row is None:
        return wrong, failure_delay_seconds(1)
    if row["password_hash"] != checked.password_hash:
        checked = _hash_check(row, given.password)
    now = clock_utc.utc_now()
    if row["locked_until"] and from_utc_text(row["locked_until"]) > now:
        return SignInRefused(f"{row['name']} is locked after too many wrong passwords, until "
                             f"{_local_time(row['locked_until'])} (an admin can unlock it: "
                             f"`hotspot-tui user enable`)"), failure_delay_seconds(1)
    if not checked.matches:
        failures = int(row["failed_sign_ins"]) + 1
        until = locked_until(failures, policy(db), now)
        if count:
            store.update(db, row["id"], failed_sign_ins=failures,
                         locked_until=to_utc_text(until) if until else None)
            if until is not None:
                audit.append(db, actor=row["name"], action="account.locked", entity="account",
                             entity_id=row["id"], details={"failed_sign_ins": failures})
        if until is not None:
            return SignInRefused(f"wrong name or password; {row['name']} is now locked until "
                                 f"{_local_time(to_utc_text(until))}"), failure_delay_seconds(failures)
        return wrong, failure_delay_seconds(failures)
    if not row["active"]:
        return SignInRefused(f"the account {row['name']} is disabled"), 0.0
    if count and (row["failed_sign_ins"] or row["locked_until"]):
        store.update(db, row["id"], failed_sign_ins=0, locked_until=None)
    if count and checked.rehashed is not None:
        store.update(db, row["id"], password_hash=checked.rehashed)
    return Identity(row["name"], Role(row["role"]), row["id"]), 0.0


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _local_time(utc_text: str) -> str:
    from hotspot_tui.domain.clock import to_local_naive

    return f"{to_local_naive(from_utc_text(utc_text)):%H:%M}"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_ticket(path: Path, account_id: str, *, seconds: int = TICKET_SECONDS) -> Ticket:
    """A one-time ticket for the app process the web front starts for this account."""
    token = secrets.token_urlsafe(32)
    conn = open_connection(path, migrate=False)
    try:
        db = as_database(conn)
        now = clock_utc.utc_now()
        with write_transaction(db):
            store.drop_expired_tickets(db, to_utc_text(now))
            until = to_utc_text(now + timedelta(seconds=seconds))
            store.add_ticket(db, _token_hash(token), account_id, until)
    finally:
        conn.close()
    return Ticket(token)


def _redeem(db: Database, ticket: Ticket) -> Identity:
    with write_transaction(db):
        found = store.take_ticket(db, _token_hash(ticket.token))
        row = store.get(db, found["account_id"]) if found else None
    if found is None or row is None or from_utc_text(found["expires_at"]) < clock_utc.utc_now():
        raise SignInRefused("this sign-in has expired or was already used: sign in again")
    if not row["active"]:
        raise SignInRefused(f"the account {row['name']} is disabled")
    return Identity(row["name"], Role(row["role"]), row["id"])


def current(db: Database, identity: Identity) -> tuple[bool, Role | None]:
    """Whether the account behind `identity` is still active, and its role now."""
    if identity.account_id is None:
        return (not store.has_accounts(db.conn)), None
    row = store.get(db, identity.account_id)
    if row is None:
        return False, None
    return bool(row["active"]), Role(row["role"])
