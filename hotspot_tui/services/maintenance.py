"""Database file care: facts, integrity, migration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hotspot_tui.config import user_path
from hotspot_tui.domain.access import Identity, Permission, refusal
from hotspot_tui.domain.audit_chain import Checkpoint, parse_checkpoint
from hotspot_tui.errors import NotPermitted, ValidationFailed
from hotspot_tui.exports.evidence import checkpoints_in_file
from hotspot_tui.store import audit, audit_keys, upkeep
from hotspot_tui.store.database import (
    inspect_file,
    integrity_problems,
    open_connection,
    open_database,
    upgrade_file,
)
from hotspot_tui.store.stats import table_counts

if TYPE_CHECKING:
    from hotspot_tui.services.sign_in import SignIn
    from hotspot_tui.services.worktime_scan import Progress, ScanReport


def signed_in(path: Path, actor: str, sign_in: SignIn | None,
              needs: Permission = Permission.READ) -> str:
    """Before reading or upgrading a file with accounts, the person signs in (for reading,
    any active account: every role reads the whole operation, and an upgrade is done on
    behalf of whoever opens the file) and their role must allow `needs` (NotPermitted).
    Who acts; `actor` for a file with no accounts. Works on a file of an older schema and on
    a read-only one, and writes nothing but a failed sign-in."""
    return who_signs_in(path, actor, sign_in, needs).name


def who_signs_in(path: Path, actor: str, sign_in: SignIn | None,
                 needs: Permission = Permission.READ) -> Identity:
    """`signed_in`, with the account and role of who signed in."""
    from hotspot_tui.services.sign_in import identify

    conn = open_connection(path, read_only=True, migrate=False, older_schema=True)
    try:
        who = identify(conn, path, actor, sign_in, read_only=True)
    finally:
        conn.close()
    problem = refusal(who.name, who.role, needs)
    if problem:
        raise NotPermitted(problem)
    return who


def database_info(path: Path, actor: str = "", sign_in: SignIn | None = None) -> dict[str, str]:
    status = inspect_file(path)
    signed_in(path, actor, sign_in)
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


def check_database(path: Path, actor: str = "", sign_in: SignIn | None = None) -> list[str]:
    """Every problem found inside a usable file, one line each (empty: sound). A file that
    cannot be opened as a hotspot-tui database raises DatabaseFileError instead. In a file
    with accounts the person signs in first (`signed_in`)."""
    inspect_file(path)
    signed_in(path, actor, sign_in)
    db = open_database(path, read_only=True, migrate=False, older_schema=True)
    try:
        problems = integrity_problems(db)
        if any(p.startswith("damaged") for p in problems):
            return problems  # the chain cannot be read from a damaged file
        broken = audit.examine(db, database_path=path).broken
        if broken:
            problems.append(f"audit chain broken at entry #{broken[0]}: {broken[1]}")
    finally:
        db.conn.close()
    return problems


@dataclass(frozen=True)
class Upgrade:
    applied: list[str]
    """The migrations applied (none: the file was at the current schema)."""
    backup: Path | None
    checks: ScanReport | None
    """The full working-time check the upgrade left owing, once done (None: none owed)."""


def migrate_database(path: Path, actor: str = "", sign_in: SignIn | None = None,
                     progress: Progress | None = None) -> Upgrade:
    """Upgrade the file (after a backup copy), then do the full working-time check it owes
    since (`worktime_scan`; told `progress`), in its own transaction: interrupted, the
    file still owes it, and the next `db migrate` or opening in the app does it."""
    from hotspot_tui.services import worktime_scan
    from hotspot_tui.services.session import session_as

    inspect_file(path)
    who = who_signs_in(path, actor, sign_in)
    applied, backup = upgrade_file(path)
    probe = open_connection(path, read_only=True)
    try:
        owed = upkeep.is_due(probe, upkeep.WORKING_TIME_CHECKS)
    finally:
        probe.close()
    if not owed:
        return Upgrade(applied, backup, None)
    session = session_as(path, who)
    try:
        checks = worktime_scan.do_owed_checks(session, progress)
    finally:
        session.close()
    return Upgrade(applied, backup, checks)


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the audit trail: its chain, its key, and any checkpoints."""

    entries: int
    broken_seq: int | None = None
    problem: str | None = None
    entry: dict[str, Any] | None = None
    authenticated: bool = False
    note: str | None = None
    checkpoints: tuple[str, ...] = ()
    """Codes of the checkpoints the log was checked against (all held, when intact)."""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None

    def describe(self) -> str:
        if self.intact:
            text = f"ok: {self.entries:,} audit entries, the chain is intact"
            if self.authenticated:
                text += " and signed with this database's key"
            if self.checkpoints:
                text += f"; it holds checkpoint {', '.join(self.checkpoints)}"
            if self.note:
                text += f"; {self.note}"
            return text
        where = f"audit chain broken at entry #{self.broken_seq}"
        if self.entry:
            e = self.entry
            where += f" ({e['action']} by {e['actor']} at {e['at_utc']})"
        return f"{where}: {self.problem}"


def verify_audit_chain(path: Path, against: Sequence[Checkpoint] = (), actor: str = "",
                       sign_in: SignIn | None = None) -> ChainReport:
    """Re-compute every entry's hash from the one before and, where this computer holds the
    database's key, its signature; then hold the log to each checkpoint written down
    earlier. Name the first entry that does not hold. In a file with accounts the person
    signs in first (`signed_in`)."""
    signed_in(path, actor, sign_in)
    db = open_database(path, read_only=True, migrate=False, older_schema=True)
    try:
        verdict = audit.examine(db, database_path=path)
        broken = verdict.broken
        for problem in _against(db, against):
            if broken is None or problem[0] < broken[0]:
                broken = problem
        codes = tuple(c.code for c in against)
        if broken is None:
            return ChainReport(verdict.entries, authenticated=verdict.authenticated,
                               note=verdict.note, checkpoints=codes)
        seq, what = broken
        return ChainReport(verdict.entries, seq, what, audit.get_entry(db, seq),
                           verdict.authenticated, verdict.note, codes)
    finally:
        db.conn.close()


def _against(db: Any, checkpoints: Sequence[Checkpoint]) -> list[tuple[int, str]]:
    """Each checkpoint the log no longer holds: its entry missing or different. With several,
    the change is placed between the last one that holds and the first that does not."""
    problems = []
    held = [0]
    newest = audit.head(db)
    for point in sorted(checkpoints, key=lambda c: c.seq):
        entry = audit.get_entry(db, point.seq)
        if entry is None:
            ends = f"#{newest[0]}" if newest else "nothing (the log is empty)"
            problems.append((point.seq, f"entry #{point.seq} of checkpoint {point.code} is "
                                        f"missing: the log now ends at {ends}"))
        elif not point.matches(entry["hash"]):
            since = f"#{held[-1] + 1}" if held[-1] else "the first entry"
            problems.append((point.seq, f"entry #{point.seq} differs from checkpoint {point.code}: "
                                        f"the log from {since} to #{point.seq} was changed"))
        else:
            held.append(point.seq)
    return problems


def read_checkpoint(value: str) -> list[Checkpoint]:
    """The checkpoints `value` gives: those written in the file it names, or the code itself."""
    path = user_path(value)
    if path.exists():
        return checkpoints_in_file(path)
    try:
        return [parse_checkpoint(value)]
    except ValueError as exc:
        raise ValidationFailed(f"{exc}, and no file {value} exists") from None


def audit_checkpoint(path: Path, actor: str = "",
                     sign_in: SignIn | None = None) -> tuple[Checkpoint, ChainReport]:
    """The newest entry as a checkpoint code, after checking the chain up to it."""
    report = verify_audit_chain(path, actor=actor, sign_in=sign_in)
    db = open_database(path, read_only=True, migrate=False, older_schema=True)
    try:
        point = audit.checkpoint(db)
    finally:
        db.conn.close()
    if point is None:
        raise ValidationFailed(f"{path} has no audit entries to take a checkpoint of")
    return point, report


def audit_key_file(path: Path) -> Path | None:
    """Where this computer keeps the database's audit key (None before it has one)."""
    db = open_database(path, read_only=True, migrate=False, older_schema=True)
    try:
        ident = audit.identity(db)
    finally:
        db.conn.close()
    return audit_keys.key_file(ident.database_id) if ident else None
