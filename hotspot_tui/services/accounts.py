"""Accounts: add, list, disable, enable, reset a password, change a role; each audited.

Managing accounts is an admin's (`Permission.USERS`), with two exceptions: the first
account of an operation is added by whoever holds the file (it must be an admin, who then
adds the others), and anyone may set their own password. The last active admin cannot be
disabled or given another role, so that someone can always manage the accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.access import Permission, Role, parse_role
from hotspot_tui.domain.accounts import name_problem, password_problem
from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.clock_utc import from_utc_text, utc_now_text
from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.text import REASON_MAX, clean_text
from hotspot_tui.errors import NotFound, NotPermitted, ValidationFailed
from hotspot_tui.services.session import Session
from hotspot_tui.services.sign_in import hash_password
from hotspot_tui.store import accounts as store
from hotspot_tui.store import audit


@dataclass(frozen=True)
class AccountLine:
    name: str
    role: str
    active: bool
    locked_until: str | None
    """Europe/London time a lockout ends, if the account is locked now."""
    created: str
    created_by: str

    @property
    def status(self) -> str:
        if not self.active:
            return "disabled"
        return f"locked until {self.locked_until}" if self.locked_until else "active"


def _role(text: str | Role) -> Role:
    try:
        return parse_role(str(text))
    except ValueError as exc:
        raise ValidationFailed(str(exc)) from None


def _account(db: Any, name: str) -> dict[str, Any]:
    row = store.find(db, name)
    if row is None:
        raise NotFound(f"there is no account named {name!r} (see 'hotspot-tui user list')")
    return row


def add_account(session: Session, name: str, role: str | Role, password: str) -> str:
    """A new account; the file's first must be an admin. Returns the account's id."""
    chosen = _role(role)
    problem = name_problem(name)
    if problem:
        raise ValidationFailed(f"The account name {problem}")
    problem = password_problem(password, name)
    if problem:
        raise ValidationFailed(f"The password {problem}")
    password_hash = hash_password(password)  # slow on purpose: before the write lock
    with session.writing(Permission.USERS) as db:
        if not store.has_accounts(db) and chosen is not Role.ADMIN:
            raise ValidationFailed("the first account must be an admin (who then adds the others): "
                                   "use --role admin")
        if store.find(db, name) is not None:
            raise ValidationFailed(f"there is already an account named {name!r}")
        now = utc_now_text()
        account_id = new_id()
        store.insert(db, {"id": account_id, "name": name, "role": chosen.value,
                          "password_hash": password_hash, "password_changed_at": now,
                          "created_at": now, "created_by": session.actor})
        audit.append(db, actor=session.actor, action="account.add", entity="account",
                     entity_id=account_id, details={"name": name, "role": chosen.value})
    return account_id


def list_accounts(session: Session) -> list[AccountLine]:
    session.require(Permission.USERS)
    now = clock_utc.utc_now()
    with session.reading() as db:
        rows = store.listing(db)
    lines = []
    for r in rows:
        locked = r["locked_until"] and from_utc_text(r["locked_until"]) > now
        lines.append(AccountLine(
            r["name"], r["role"], bool(r["active"]),
            f"{to_local_naive(from_utc_text(r['locked_until'])):%Y-%m-%d %H:%M}" if locked else None,
            f"{to_local_naive(from_utc_text(r['created_at'])):%Y-%m-%d %H:%M}", r["created_by"]))
    return lines


def _keeps_an_admin(db: Any, row: dict[str, Any], *, active: bool, role: Role) -> None:
    was_admin = bool(row["active"]) and row["role"] == Role.ADMIN.value
    stays_admin = active and role is Role.ADMIN
    if was_admin and not stays_admin and store.active_admins(db) <= 1:
        raise ValidationFailed(f"{row['name']} is the last active admin: make another admin first")


def set_active(session: Session, name: str, active: bool, reason: str) -> None:
    """Disable an account (it can no longer sign in; its open sessions can no longer act),
    or enable it again (which also ends a lockout)."""
    why = clean_text(reason, "Reason", REASON_MAX, required=not active)
    with session.writing(Permission.USERS) as db:
        row = _account(db, name)
        if not active and row["id"] == session.account_id:
            raise ValidationFailed("you cannot disable your own account")
        _keeps_an_admin(db, row, active=active, role=Role(row["role"]))
        store.update(db, row["id"], active=1 if active else 0, failed_sign_ins=0, locked_until=None)
        audit.append(db, actor=session.actor, action="account.enable" if active else "account.disable",
                     entity="account", entity_id=row["id"], reason=why or None,
                     details={"name": row["name"]})


def set_role(session: Session, name: str, role: str | Role, reason: str) -> None:
    chosen = _role(role)
    why = clean_text(reason, "Reason", REASON_MAX, required=True)
    with session.writing(Permission.USERS) as db:
        row = _account(db, name)
        if row["role"] == chosen.value:
            raise ValidationFailed(f"{row['name']} is already {chosen.value}")
        _keeps_an_admin(db, row, active=bool(row["active"]), role=chosen)
        store.update(db, row["id"], role=chosen.value)
        audit.append(db, actor=session.actor, action="account.role", entity="account",
                     entity_id=row["id"], reason=why,
                     details={"name": row["name"], "from": row["role"], "to": chosen.value})


def reset_password(session: Session, name: str, password: str) -> None:
    """A new password (an admin's, or anyone's for their own account); ends a lockout."""
    own = session.account_id is not None and store.name_key(name) == store.name_key(session.actor)
    if own:
        session.require(Permission.READ)
    problem = password_problem(password, name)
    if problem:
        raise ValidationFailed(f"The password {problem}")
    password_hash = hash_password(password)
    with session.writing(Permission.READ if own else Permission.USERS) as db:
        row = _account(db, name)
        if own and row["id"] != session.account_id:
            raise NotPermitted("you may set only your own password")
        store.update(db, row["id"], password_hash=password_hash, password_changed_at=utc_now_text(),
                     failed_sign_ins=0, locked_until=None)
        audit.append(db, actor=session.actor, action="account.password", entity="account",
                     entity_id=row["id"], details={"name": row["name"]})
