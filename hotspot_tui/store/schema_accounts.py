"""Schema: accounts (people who sign in, with a role) and one-time sign-in tickets.

- `accounts`: one row a person; `name` is what the audit trail records, unique whatever its
  case (`name_key`); `password_hash` is an Argon2id hash (never the password); `active` 0
  is a disabled account; `failed_sign_ins` counts wrong passwords in a row and
  `locked_until` holds a lockout's end (UTC). Rows are never deleted: the audit trail
  names them.
- `sign_in_tickets`: what the web front hands the app process it starts for a person who
  signed in there: the SHA-256 of a random token, the account, and a short expiry. A
  ticket is deleted when it is used.
"""

from __future__ import annotations

STATEMENTS = (
    """
    CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        name_key TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'supervisor', 'payroll', 'admin')),
        password_hash TEXT NOT NULL CHECK (password_hash GLOB '$argon2id$*'),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
        locked_until TEXT,
        password_changed_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE sign_in_tickets (
        token_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        expires_at TEXT NOT NULL
    )
    """,
    "CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts "
    "BEGIN SELECT RAISE(ABORT, 'accounts are disabled, never deleted'); END",
)
