"""Accounts made through the public services, one per role, on a copy of the demo data."""

from __future__ import annotations

from pathlib import Path

from hotspot_tui.domain.accounts import Credentials
from hotspot_tui.services.accounts import add_account
from hotspot_tui.services.session import Session, open_session

PASSWORDS = {
    "Insp Admin": "admin pass phrase 1",
    "PS Super": "supervisor phrase 2",
    "PS Other": "another supervisor 3",
    "Mx Payroll": "payroll clerk phrase 4",
    "Mr Viewer": "viewer reads only 5",
}
ROLES = {"Insp Admin": "admin", "PS Super": "supervisor", "PS Other": "supervisor",
         "Mx Payroll": "payroll", "Mr Viewer": "viewer"}
AS_ROLE = {"admin": "Insp Admin", "supervisor": "PS Super", "payroll": "Mx Payroll", "viewer": "Mr Viewer"}


def add_accounts(path: Path) -> None:
    """The first account (an admin) is added by whoever holds the file; the admin adds the rest."""
    opener = open_session(path, "station owner")
    try:
        add_account(opener, "Insp Admin", "admin", PASSWORDS["Insp Admin"])
    finally:
        opener.close()
    admin = signed_in(path, "Insp Admin")
    try:
        for name, role in ROLES.items():
            if name != "Insp Admin":
                add_account(admin, name, role, PASSWORDS[name])
    finally:
        admin.close()


def signed_in(path: Path, name: str, password: str | None = None) -> Session:
    given = Credentials(name, PASSWORDS[name] if password is None else password)
    return open_session(path, "ignored: the account names who acts", sign_in=lambda: given)
