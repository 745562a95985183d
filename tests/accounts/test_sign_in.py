"""Signing in: passwords checked against Argon2id hashes, lockout, disabled accounts, tickets."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.accounts import Credentials, Ticket
from hotspot_tui.errors import NotPermitted, ValidationFailed
from hotspot_tui.services import accounts
from hotspot_tui.services.session import open_session
from hotspot_tui.services.settings import change_setting
from hotspot_tui.services.sign_in import SignInRefused, SignInRequired, authenticate, issue_ticket
from tests.accounts.helpers import PASSWORDS, signed_in


def _row(path: Path, name: str):  # type: ignore[no-untyped-def]
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM accounts WHERE name = ?", [name]).fetchone())
    finally:
        conn.close()


def test_passwords_are_stored_as_argon2id_hashes_only(station: Path) -> None:
    row = _row(station, "PS Super")
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORDS["PS Super"] not in station.read_bytes().decode("latin-1")


def test_a_file_with_accounts_cannot_be_opened_without_signing_in(station: Path) -> None:
    with pytest.raises(SignInRequired):
        open_session(station, "anyone")


def test_the_session_acts_as_the_person_signed_in(station: Path) -> None:
    session = signed_in(station, "PS Super", PASSWORDS["PS Super"])
    session.close()
    session = open_session(station, "x", sign_in=lambda: Credentials("ps super", PASSWORDS["PS Super"]))
    try:
        assert (session.actor, session.role) == ("PS Super", "supervisor")
    finally:
        session.close()


def test_wrong_password_unknown_name_and_disabled_account_are_refused(station: Path) -> None:
    with pytest.raises(SignInRefused, match=r"^wrong name or password$"):
        signed_in(station, "PS Super", "not the password")
    with pytest.raises(SignInRefused, match=r"^wrong name or password$"):
        authenticate(station, Credentials("Nobody Here", "whatever it is"))
    admin = signed_in(station, "Insp Admin")
    try:
        accounts.set_active(admin, "Mr Viewer", False, "left the station")
    finally:
        admin.close()
    with pytest.raises(SignInRefused, match="Mr Viewer is disabled"):
        signed_in(station, "Mr Viewer")
    with pytest.raises(SignInRefused, match=r"^wrong name or password$"):
        signed_in(station, "Mr Viewer", "a wrong guess here")


def test_enough_wrong_passwords_lock_the_account_until_an_admin_enables_it(station: Path) -> None:
    admin = signed_in(station, "Insp Admin")
    try:
        from datetime import date

        change_setting(admin, "sign_in.failures_before_lockout", "3", date(2026, 1, 1), "small station")
    finally:
        admin.close()
    for attempt in range(3):
        with pytest.raises(SignInRefused) as refused:
            signed_in(station, "PS Super", f"guess number {attempt}")
    assert "is now locked until" in refused.value.message
    assert _row(station, "PS Super")["failed_sign_ins"] == 3
    with pytest.raises(SignInRefused, match="PS Super is locked"):
        signed_in(station, "PS Super")  # even the right password, while locked
    admin = signed_in(station, "Insp Admin")
    try:
        status = next(a.status for a in accounts.list_accounts(admin) if a.name == "PS Super")
        assert status.startswith("locked")
        accounts.set_active(admin, "PS Super", True, "spoke to them")
    finally:
        admin.close()
    signed_in(station, "PS Super").close()
    assert _row(station, "PS Super")["failed_sign_ins"] == 0


def test_a_locked_account_opens_again_by_itself_once_the_lockout_has_passed(
        station: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, date, datetime, timedelta

    from hotspot_tui.domain import clock_utc

    admin = signed_in(station, "Insp Admin")
    try:
        change_setting(admin, "sign_in.failures_before_lockout", "2", date(2026, 1, 1), "small station")
    finally:
        admin.close()
    now = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    monkeypatch.setattr(clock_utc, "utc_now", lambda: now)
    for attempt in range(2):
        with pytest.raises(SignInRefused):
            signed_in(station, "PS Super", f"guess number {attempt}")
    now += timedelta(minutes=14)
    with pytest.raises(SignInRefused, match="PS Super is locked"):
        signed_in(station, "PS Super")
    now += timedelta(minutes=2)
    signed_in(station, "PS Super").close()


def test_a_right_password_resets_the_count_of_wrong_ones(station: Path) -> None:
    with pytest.raises(SignInRefused):
        signed_in(station, "PS Super", "one wrong guess")
    assert _row(station, "PS Super")["failed_sign_ins"] == 1
    signed_in(station, "PS Super").close()
    assert _row(station, "PS Super")["failed_sign_ins"] == 0


def test_a_ticket_signs_in_once_and_only_its_account(station: Path) -> None:
    who = authenticate(station, Credentials("PS Super", PASSWORDS["PS Super"]))
    ticket = issue_ticket(station, who.account_id or "")
    session = open_session(station, "x", sign_in=lambda: ticket)
    try:
        assert (session.actor, session.role) == ("PS Super", "supervisor")
    finally:
        session.close()
    with pytest.raises(SignInRefused, match="expired or was already used"):
        open_session(station, "x", sign_in=lambda: ticket)
    with pytest.raises(SignInRefused, match="expired or was already used"):
        open_session(station, "x", sign_in=lambda: Ticket("made up"))
    assert "token" not in repr(ticket) and ticket.token not in repr(ticket)


def test_account_rules(station: Path) -> None:
    admin = signed_in(station, "Insp Admin")
    try:
        with pytest.raises(ValidationFailed, match="too short"):
            accounts.add_account(admin, "PC New", "viewer", "short")
        with pytest.raises(ValidationFailed, match="already an account"):
            accounts.add_account(admin, "ps super", "viewer", "a long enough phrase")
        with pytest.raises(ValidationFailed, match="control character"):
            accounts.add_account(admin, "PC \x1b[31mRed", "viewer", "a long enough phrase")
        with pytest.raises(ValidationFailed, match="last active admin"):
            accounts.set_role(admin, "Insp Admin", "viewer", "stepping down")
        with pytest.raises(ValidationFailed, match="your own account"):
            accounts.set_active(admin, "Insp Admin", False, "leaving")
    finally:
        admin.close()
    viewer = signed_in(station, "Mr Viewer")
    try:
        accounts.reset_password(viewer, "Mr Viewer", "a brand new phrase 9")  # their own
        with pytest.raises(NotPermitted):
            accounts.reset_password(viewer, "PS Super", "taking over your account")
    finally:
        viewer.close()
    signed_in(station, "Mr Viewer", "a brand new phrase 9").close()


def test_the_first_account_must_be_an_admin(demo_db: Path) -> None:
    session = open_session(demo_db, "station owner")
    try:
        with pytest.raises(ValidationFailed, match="first account must be an admin"):
            accounts.add_account(session, "PS First", "supervisor", "first supervisor phrase")
        accounts.add_account(session, "Insp First", "admin", "first admin phrase 1")
        with pytest.raises(NotPermitted, match="has accounts now"):
            session.require(Permission.READ)
    finally:
        session.close()



def _write_lock_free(path: Path) -> bool:
    """Whether another connection could take the file's write lock at once."""
    import sqlite3

    conn = sqlite3.connect(str(path), timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def test_the_write_lock_is_free_while_a_password_is_checked(station: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 is slow on purpose: people signing in at once must not hold every other
    write to the file (and each other) up while their passwords are hashed."""
    import hotspot_tui.services.sign_in as sign_in

    verify = sign_in._verify
    free: list[bool] = []

    def watched(password_hash: str, password: str) -> bool:
        free.append(_write_lock_free(station))
        return verify(password_hash, password)

    monkeypatch.setattr(sign_in, "_verify", watched)
    assert authenticate(station, Credentials("PS Super", PASSWORDS["PS Super"])).name == "PS Super"
    with pytest.raises(SignInRefused):
        authenticate(station, Credentials("PS Super", "not the password at all"))
    with pytest.raises(SignInRefused):
        authenticate(station, Credentials("Nobody Here", "not the password at all"))
    assert free == [True, True, True]
    assert _row(station, "PS Super")["failed_sign_ins"] == 1


def test_a_password_changed_while_it_was_checked_is_checked_again(
        station: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The account is read again inside the transaction: a hash that changed since the
    password was checked is checked again, not trusted."""
    import hotspot_tui.services.sign_in as sign_in

    find = sign_in.store.find
    reads: list[str] = []

    def stale_first(db, name):  # type: ignore[no-untyped-def]
        row = find(db, name)
        reads.append(name)
        if len(reads) == 1 and row is not None:
            return {**row, "password_hash": sign_in.hash_password("the old password 123")}
        return row

    monkeypatch.setattr(sign_in.store, "find", stale_first)
    with pytest.raises(SignInRefused, match="wrong name or password"):
        authenticate(station, Credentials("PS Super", "the old password 123"))
    assert _row(station, "PS Super")["failed_sign_ins"] == 1


def test_a_hash_made_with_older_parameters_is_replaced_at_sign_in(station: Path) -> None:
    import sqlite3

    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORDS["PS Super"])
    with sqlite3.connect(str(station)) as conn:
        conn.execute("UPDATE accounts SET password_hash = ? WHERE name = 'PS Super'", [old])
    conn.close()
    assert authenticate(station, Credentials("PS Super", PASSWORDS["PS Super"])).name == "PS Super"
    now = _row(station, "PS Super")["password_hash"]
    assert now != old and not PasswordHasher().check_needs_rehash(now)
    assert authenticate(station, Credentials("PS Super", PASSWORDS["PS Super"])).name == "PS Super"
