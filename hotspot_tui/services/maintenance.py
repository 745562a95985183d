"""Database file care: facts, integrity, migration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hotspot_tui.store import audit
from hotspot_tui.store.database import inspect_file, open_database, upgrade_file
from hotspot_tui.store.stats import table_counts


def database_info(path: Path) -> dict[str, str]:
    status = inspect_file(path)
    facts = {
        "file": str(path),
        "schema": f"{status.schema_version} (this version knows {status.latest_version})",
        "read-only": "yes" if status.read_only else "no",
        "size": f"{path.stat().st_size:,} bytes",
    }
    if status.needs_migration:
        facts["action needed"] = "run `hotspot-tui db migrate` to upgrade"
        return facts
    db = open_database(path, read_only=True)
    try:
        for table, count in table_counts(db).items():
            facts[table] = f"{count:,} rows"
    finally:
        db.conn.close()
    return facts


def check_database(path: Path) -> list[str]:
    inspect_file(path)
    db = open_database(path, read_only=True, migrate=False)
    try:
        problems = [
            f"integrity: {row[0]}" for row in db.execute("PRAGMA integrity_check").fetchall()
            if row[0] != "ok"
        ]
        problems += [
            f"foreign key: {row[0]} row {row[1]} refers to a missing {row[2]}"
            for row in db.execute("PRAGMA foreign_key_check").fetchall()
        ]
        _, broken = audit.verify(db)
        if broken:
            problems.append(f"audit chain broken at entry #{broken[0]}: {broken[1]}")
    finally:
        db.conn.close()
    return problems


def migrate_database(path: Path) -> tuple[list[str], Path | None]:
    return upgrade_file(path)


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the audit trail's hash chain."""

    entries: int
    broken_seq: int | None = None
    problem: str | None = None
    entry: dict[str, Any] | None = None

    @property
    def intact(self) -> bool:
        return self.broken_seq is None

    def describe(self) -> str:
        if self.intact:
            return f"ok: {self.entries:,} audit entries, the chain is intact"
        where = f"audit chain broken at entry #{self.broken_seq}"
        if self.entry:
            e = self.entry
            where += f" ({e['action']} by {e['actor']} at {e['at_utc']})"
        return f"{where}: {self.problem}"


def verify_audit_chain(path: Path) -> ChainReport:
    """Re-compute every entry's hash from the one before; name the first that does not hold."""
    db = open_database(path, read_only=True, migrate=False)
    try:
        count, broken = audit.verify(db)
        if broken is None:
            return ChainReport(count)
        seq, problem = broken
        return ChainReport(count, seq, problem, audit.get_entry(db, seq))
    finally:
        db.conn.close()
