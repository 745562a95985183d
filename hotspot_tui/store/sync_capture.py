"""Capture: this copy's changes since the last capture, as a changeset made by SQLite's
session extension.

The triggers of `store.sync_tables` keep each changed row's first image (or that it did
not exist). Capture copies just those rows, as they are now and as they were, into two
in-memory schemas and lets `Session.diff` compare them: work in proportion to the rows
changed, never to the size of the file. A derived column keeps its old value in the
'now' copy, so its changes never travel (the receiving end works it out again).
"""

from __future__ import annotations

from collections.abc import Iterator

import apsw

from hotspot_tui.store.sync_db import CUR, OLD, SyncConnection
from hotspot_tui.store.sync_tables import PRESENT, SHADOW_PREFIX, SYNCED, columns, primary_key


def _q(names: list[str], prefix: str = "") -> str:
    return ", ".join(f"{prefix}[{n}]" for n in names)


def pending_rows(conn: SyncConnection) -> int:
    """How many rows the next capture would send: rows whose only change is in derived
    columns (a cost, a patrol's cover) are not counted, as they are not sent."""
    return change_count(_diff(conn, forget=False))


def capture(conn: SyncConnection) -> bytes:
    """The changeset of every change made here since the last capture (b"" when none),
    parents before children; the shadows are emptied. Call inside the sync's transaction."""
    return _diff(conn, forget=True)


def _diff(conn: SyncConnection, *, forget: bool) -> bytes:
    """The changes since the last capture; with `forget`, the shadows are emptied."""
    raw = conn.raw
    made: list[str] = []
    try:
        for table in SYNCED:
            shadow = f"{SHADOW_PREFIX}{table.name}"
            if not raw.execute(f"SELECT 1 FROM [{shadow}] LIMIT 1").fetchall():
                continue
            cols = columns(raw, table.name)
            pk = primary_key(raw, table.name)
            for schema in (CUR, OLD):
                raw.execute(f"CREATE TABLE {schema}.[{table.name}] ({_q(cols)}, PRIMARY KEY ({_q(pk)}))")
            made.append(table.name)
            raw.execute(
                f"INSERT INTO {OLD}.[{table.name}] ({_q(cols)}) "
                f"SELECT {_q(cols)} FROM main.[{shadow}] WHERE [{PRESENT}] = 1"
            )
            now = ", ".join(
                f"CASE WHEN b.[{PRESENT}] = 1 THEN b.[{c}] ELSE t.[{c}] END"
                if c in table.derived else f"t.[{c}]"
                for c in cols
            )
            join = " AND ".join(f"b.[{k}] IS t.[{k}]" for k in pk)
            raw.execute(
                f"INSERT INTO {CUR}.[{table.name}] ({_q(cols)}) "
                f"SELECT {now} FROM main.[{shadow}] b JOIN main.[{table.name}] t ON {join}"
            )
        if not made:
            return b""
        session = apsw.Session(raw, CUR)
        try:
            for name in made:
                session.attach(name)
                session.diff(OLD, name)
            changeset = session.changeset()
        finally:
            session.close()
        if forget:
            for name in made:
                raw.execute(f"DELETE FROM main.[{SHADOW_PREFIX}{name}]")
        return changeset
    finally:
        for name in made:
            for schema in (CUR, OLD):
                raw.execute(f"DROP TABLE IF EXISTS {schema}.[{name}]")


def forget_pending(conn: SyncConnection) -> None:
    """Empty every shadow: the file as it is now is the base (a new checkout)."""
    for table in SYNCED:
        conn.raw.execute(f"DELETE FROM main.[{SHADOW_PREFIX}{table.name}]")


def set_capturing(conn: SyncConnection, on: bool) -> None:
    conn.raw.execute("UPDATE sync_state SET capturing = ?", (1 if on else 0,))


def change_count(changeset: bytes) -> int:
    return sum(1 for _ in iter_changes(changeset))


def iter_changes(changeset: bytes) -> Iterator[apsw.TableChange]:
    if not changeset:
        return iter(())
    return apsw.Changeset.iter(changeset)
