"""Who may do what: the roles of an operation's accounts and the one table of their rights.

Every service that changes the database, or hands personal data out in a file, names the
permission it needs; the session refuses it unless the signed-in person's role has it.
The terminal app reads the same table to leave out of its footer and palette what the
role may not do. A file with no accounts has no roles: whoever opens it may do anything
(as before accounts existed), and the audit trail records the name they give.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"
    SUPERVISOR = "supervisor"
    PAYROLL = "payroll"
    ADMIN = "admin"


class Permission(StrEnum):
    READ = "read"
    """See every screen, run reports and save them (figures only)."""
    PLAN = "plan"
    """Add, edit, cancel and reinstate patrols; plan recurring ones."""
    ASSIGN = "assign"
    """Put people on patrols and take them off."""
    BOOK = "book"
    """Book the hours worked (or that a person did not come) and record what a patrol
    achieved."""
    APPROVE = "approve"
    """Approve booked hours for payment (never one's own, unless the settings allow it)."""
    STAFF = "staff"
    """Add, edit, import and (de)activate people; their pay facts, opt-outs, normal duties
    and time off."""
    EXPORT = "export"
    """Take personal data away in a file: draft payroll, recharge and time-off files."""
    LOCK = "lock"
    """Export a pay period final, which locks it."""
    SETTINGS = "settings"
    """The operation itself: set-up, pay rules and settings, budget, areas, employers."""
    POLICE_DATA = "police_data"
    """Import police data and set where each hotspot area lies (its geography)."""
    SYNC = "sync"
    """Carry changes between a copy and its hub: check out, sync, export and apply."""
    USERS = "users"
    """Add accounts, disable and enable them, reset passwords, change roles."""
    UPKEEP = "upkeep"
    """Figures derived from what is stored, brought up to date on opening a file (the first
    costing of an upgraded file): done on behalf of whoever opens it."""


_READER = frozenset({Permission.READ, Permission.UPKEEP})

RIGHTS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: _READER,
    Role.SUPERVISOR: _READER | {Permission.PLAN, Permission.ASSIGN, Permission.BOOK,
                                Permission.APPROVE, Permission.STAFF, Permission.EXPORT,
                                Permission.POLICE_DATA, Permission.SYNC},
    Role.PAYROLL: _READER | {Permission.EXPORT, Permission.LOCK, Permission.SYNC},
    Role.ADMIN: _READER | {Permission.SETTINGS, Permission.USERS, Permission.EXPORT,
                           Permission.POLICE_DATA, Permission.SYNC},
}
"""The one table of rights: what each role may do."""

DOING: dict[Permission, str] = {
    Permission.READ: "read the operation",
    Permission.PLAN: "plan or change patrols",
    Permission.ASSIGN: "assign people to patrols or take them off",
    Permission.BOOK: "book hours or record outcomes",
    Permission.APPROVE: "approve hours for payment",
    Permission.STAFF: "change people's records",
    Permission.EXPORT: "export files of personal data",
    Permission.LOCK: "export a pay period final (which locks it)",
    Permission.SETTINGS: "change the operation's settings",
    Permission.POLICE_DATA: "import police data or set where an area lies",
    Permission.SYNC: "sync copies of the operation",
    Permission.USERS: "manage accounts",
    Permission.UPKEEP: "bring stored figures up to date",
}

ROLE_HELP: dict[Role, str] = {
    Role.VIEWER: "reads everything; changes nothing",
    Role.SUPERVISOR: ("plans patrols, assigns people, books hours, approves others' bookings, "
                      "imports police data and places areas"),
    Role.PAYROLL: "exports payroll files and exports a period final (locking it)",
    Role.ADMIN: "changes the operation's settings and manages accounts",
}


@dataclass(frozen=True)
class Identity:
    """Who is acting: the name the audit trail records and, in a file with accounts, the
    account and its role (None for both in a file with no accounts)."""

    name: str
    role: Role | None = None
    account_id: str | None = None


def may(role: Role | None, permission: Permission) -> bool:
    """Whether `role` may do `permission`; None (a file with no accounts) may do anything."""
    return role is None or permission in RIGHTS[role]


def refusal(name: str, role: Role | None, permission: Permission) -> str | None:
    """The plain line refusing `permission` to `name` in `role`, or None if allowed."""
    if may(role, permission):
        return None
    return f"{name} ({role}) may not {DOING[permission]}"


def parse_role(text: str) -> Role:
    """A role from its name (any case); ValueError naming the roles otherwise."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValueError(f"{text!r} is not a role (one of {names})") from None
