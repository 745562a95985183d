"""The append-only audit log: every change a supervisor makes, chained by hash."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from hotspot_tui.domain.audit_chain import GENESIS_HASH, entry_hash, first_broken
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.text import ACTOR_MAX, REASON_MAX, plain_text_problem
from hotspot_tui.errors import ValidationFailed


def append(
    db: Database,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None = None,
    shift_id: str | None = None,
    staff_id: str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    at_utc: str | None = None,
) -> int:
    """Append one entry; call inside the write transaction of the change it records.
    The who and the why are refused (and with them the change) if they hold control
    characters or run too long: the log is append-only and read on terminals."""
    for what, text, longest in (("The user name", actor, ACTOR_MAX),
                                ("The reason", reason or "", REASON_MAX)):
        problem = plain_text_problem(text, longest)
        if problem:
            raise ValidationFailed(f"{what} {problem}")
    last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev_hash = last[1] if last else GENESIS_HASH
    seq = (last[0] + 1) if last else 1
    entry = {
        "seq": seq,
        "at_utc": at_utc or utc_now_text(),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "shift_id": shift_id,
        "staff_id": staff_id,
        "reason": reason,
        "details": json.dumps(details or {}, sort_keys=True, separators=(",", ":")),
    }
    entry["prev_hash"] = prev_hash
    entry["hash"] = entry_hash(entry, prev_hash)
    columns = ", ".join(entry)
    marks = ", ".join("?" for _ in entry)
    db.execute(f"INSERT INTO audit_log ({columns}) VALUES ({marks})", list(entry.values()))
    return seq


def iter_entries(db: Database) -> Iterator[dict[str, Any]]:
    cursor = db.execute("SELECT * FROM audit_log ORDER BY seq")
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def verify(db: Database) -> tuple[int, tuple[int, str] | None]:
    """(entries checked, first break or None)."""
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for entry in iter_entries(db):
            count += 1
            yield entry

    last_seq = 0

    def tracked() -> Iterator[dict[str, Any]]:
        nonlocal last_seq
        for entry in counted():
            last_seq = entry["seq"]
            yield entry

    broken = first_broken(tracked())
    if broken is None:
        recorded = recorded_last_seq(db)
        if recorded > last_seq:
            broken = (last_seq + 1, f"entries after #{last_seq} are missing (the log reached #{recorded})")
    return count, broken


def recorded_last_seq(db: Database) -> int:
    """The highest seq SQLite ever handed out for the log (AUTOINCREMENT never reuses one)."""
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").fetchone()
    return int(row[0]) if row else 0


def get_entry(db: Database, seq: int) -> dict[str, Any] | None:
    cursor = db.execute("SELECT * FROM audit_log WHERE seq = ?", [seq])
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    return dict(zip(names, row, strict=True)) if row else None


AUDIT_FILTERS = {
    "actor": "actor = :actor",
    "staff_id": "staff_id = :staff_id",
    "shift_id": "shift_id = :shift_id",
    "since": "at_utc >= :since",
    "until": "at_utc < :until",
    "action": "action = :action",
}


def page(
    db: Database,
    *,
    before_seq: int | None = None,
    limit: int = 50,
    shift_ids: list[str] | None = None,
    **filters: str | None,
) -> list[dict[str, Any]]:
    """Newest first, keyset-paged on seq.

    Filters: actor, staff_id, shift_id, action (exact), since/until (UTC text, [since, until)),
    and shift_ids (any of several patrols).
    """
    where = [AUDIT_FILTERS[k] for k, v in filters.items() if v is not None]
    params: dict[str, Any] = {k: v for k, v in filters.items() if v is not None}
    if shift_ids is not None:
        marks = []
        for i, shift_id in enumerate(shift_ids[:200]):
            params[f"shift_{i}"] = shift_id
            marks.append(f":shift_{i}")
        where.append(f"shift_id IN ({', '.join(marks)})" if marks else "0")
    if before_seq is not None:
        where.append("seq < :before_seq")
        params["before_seq"] = before_seq
    sql = (
        "SELECT seq, at_utc, actor, action, entity, entity_id, shift_id, staff_id, reason,"
        " details FROM audit_log"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq DESC LIMIT :limit"
    params["limit"] = limit
    return list(db.query(sql, params))
