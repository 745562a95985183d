"""Accounts and sign-in tickets: the SQL (see `schema_accounts`)."""

from __future__ import annotations

from typing import Any

from hotspot_tui.store.schema_history import SqlReader, table_names

_COLUMNS = ("id, name, role, password_hash, active, failed_sign_ins, locked_until, "
            "password_changed_at, created_at, created_by")


def _rows(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def name_key(name: str) -> str:
    return name.strip().casefold()


def has_accounts(db: SqlReader) -> bool:
    """Whether the file holds any account (disabled ones count): then everyone signs in."""
    if "accounts" not in table_names(db):
        return False
    return db.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None


def find(db: SqlReader, name: str) -> dict[str, Any] | None:
    found = _rows(db.execute(f"SELECT {_COLUMNS} FROM accounts WHERE name_key = ?", [name_key(name)]))
    return found[0] if found else None


def get(db: SqlReader, account_id: str) -> dict[str, Any] | None:
    found = _rows(db.execute(f"SELECT {_COLUMNS} FROM accounts WHERE id = ?", [account_id]))
    return found[0] if found else None


def listing(db: SqlReader) -> list[dict[str, Any]]:
    return _rows(db.execute(
        "SELECT id, name, role, active, failed_sign_ins, locked_until, password_changed_at, "
        "created_at, created_by FROM accounts ORDER BY name_key"))


def active_admins(db: SqlReader) -> int:
    return int(db.execute(
        "SELECT count(*) FROM accounts WHERE role = 'admin' AND active = 1").fetchone()[0])


def insert(db: SqlReader, row: dict[str, Any]) -> None:
    db.execute(
        "INSERT INTO accounts (id, name, name_key, role, password_hash, active, failed_sign_ins, "
        "password_changed_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?, ?)",
        [row["id"], row["name"], name_key(row["name"]), row["role"], row["password_hash"],
         row["password_changed_at"], row["created_at"], row["created_by"]])


def update(db: SqlReader, account_id: str, **fields: Any) -> None:
    allowed = {"role", "password_hash", "active", "failed_sign_ins", "locked_until",
               "password_changed_at"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not an account field: {sorted(unknown)}")
    sets = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE accounts SET {sets} WHERE id = ?", [*fields.values(), account_id])


def add_ticket(db: SqlReader, token_hash: str, account_id: str, expires_at: str) -> None:
    db.execute("INSERT INTO sign_in_tickets (token_hash, account_id, expires_at) VALUES (?, ?, ?)",
               [token_hash, account_id, expires_at])


def take_ticket(db: SqlReader, token_hash: str) -> dict[str, Any] | None:
    """The ticket with this hash, deleted as it is read (a ticket is used once)."""
    found = _rows(db.execute(
        "SELECT token_hash, account_id, expires_at FROM sign_in_tickets WHERE token_hash = ?",
        [token_hash]))
    if found:
        db.execute("DELETE FROM sign_in_tickets WHERE token_hash = ?", [token_hash])
    return found[0] if found else None


def drop_expired_tickets(db: SqlReader, now_utc: str) -> None:
    db.execute("DELETE FROM sign_in_tickets WHERE expires_at < ?", [now_utc])
