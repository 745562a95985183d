"""Workloads for the crash and concurrency tests, run as child processes.

    python workload.py assign-all DB          # assign every (patrol, person) pair not yet made
    python workload.py race DB SHIFT GO SEED [--no-recheck] STAFF...
    python workload.py hold DB SECONDS [immediate|exclusive]

Each committed assignment is printed (`ok <id>`) only after its transaction has committed.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hotspot_tui.store import audit
from hotspot_tui.store.database import create_database, open_database, write_transaction

T0 = "2026-06-01T00:00:00Z"
ACTOR = "PS Workload"


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(path: Path, *, people: int, shifts: list[tuple[datetime, datetime]]) -> tuple[list[str], list[str]]:
    """A fresh database with one force, two areas, `people` constables and the given patrols."""
    db = create_database(path)
    staff_ids = [f"p{i:04d}" for i in range(people)]
    shift_ids = [f"s{i:03d}" for i in range(len(shifts))]
    try:
        with write_transaction(db):
            db.execute(
                "INSERT INTO employers (id, name, kind, created_at) "
                "VALUES ('force', 'Test Force', 'force', ?)",
                [T0],
            )
            for n in (1, 2):
                db.execute(
                    "INSERT INTO areas (id, name, district, cost_code, created_at) VALUES (?, ?, 'D', ?, ?)",
                    [f"a{n}", f"Area {n}", f"CC{n}", T0],
                )
            for i, sid in enumerate(staff_ids):
                db.execute(
                    "INSERT INTO staff (id, payroll_number, collar_number, name, kind, rank, employer_id, "
                    "pay_basis, annual_salary_pence, contracted_weekly_minutes, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, 'officer', 'constable', 'force', 'annual', 4000000, 2400, ?, ?)",
                    [sid, f"PAY{i:05d}", f"{1000 + i}", f"PC Person {i:04d}", T0, T0],
                )
            for i, (shift_id, (start, end)) in enumerate(zip(shift_ids, shifts, strict=True)):
                db.execute(
                    "INSERT INTO shifts (id, ref, area_id, start_utc, end_utc, local_date, "
                    "need_officer, created_at, created_by, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, 50, ?, ?, ?)",
                    [shift_id, f"WORK{i:04d}", f"a{1 + i % 2}", _utc(start), _utc(end),
                     start.date().isoformat(), T0, ACTOR, T0],
                )
            audit.append(db, actor=ACTOR, action="test.setup", entity="database", at_utc=T0)
    finally:
        db.conn.close()
    return shift_ids, staff_ids


def separate_shifts(count: int) -> list[tuple[datetime, datetime]]:
    """Evening patrols on separate days: nobody can clash."""
    base = datetime(2026, 6, 1, 17, 0, tzinfo=UTC)
    return [(base + timedelta(days=i), base + timedelta(days=i, hours=4)) for i in range(count)]


def overlapping_shifts() -> list[tuple[datetime, datetime]]:
    """Two patrols in different areas that overlap by two hours."""
    a = datetime(2026, 6, 5, 17, 0, tzinfo=UTC)
    return [(a, a + timedelta(hours=4)), (a + timedelta(hours=2), a + timedelta(hours=6))]


def _session(path: Path):  # type: ignore[no-untyped-def]
    from hotspot_tui.services.session import open_session

    return open_session(path, ACTOR)


def assign_all(path: Path) -> None:
    from hotspot_tui.services.assignments import AssignOptions, assign

    session = _session(path)
    done = {
        (row[0], row[1]) for row in session.db.execute("SELECT shift_id, staff_id FROM assignments")
    }
    shifts = [r[0] for r in session.db.execute("SELECT id FROM shifts ORDER BY start_utc")]
    people = [r[0] for r in session.db.execute("SELECT id FROM staff ORDER BY id")]
    for shift_id in shifts:
        for staff_id in people:
            if (shift_id, staff_id) in done:
                continue
            made = assign(session, shift_id, [staff_id], AssignOptions())
            print(f"ok {made[0]}", flush=True)
    print("done", flush=True)


def race(path: Path, shift_id: str, go: Path, seed: int, recheck: bool, staff_ids: list[str]) -> None:
    from hotspot_tui.errors import RuleViolation
    from hotspot_tui.services import assignments, checks
    from hotspot_tui.services.assignments import AssignOptions

    if not recheck:  # leave the schema trigger as the only guard
        assignments.checks.violations_for = lambda *a, **k: []  # type: ignore[attr-defined]
        checks.violations_for = lambda *a, **k: []  # type: ignore[assignment]
    session = _session(path)
    order = list(staff_ids)
    rng = random.Random(seed)
    rng.shuffle(order)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    for staff_id in order:
        time.sleep(rng.uniform(0, 0.002))  # let the other process in between transactions
        try:
            assignments.assign(session, shift_id, [staff_id], AssignOptions())
            print(f"ok {staff_id}", flush=True)
        except RuleViolation as exc:
            print(f"refused {staff_id} service: {exc}", flush=True)
        except sqlite3.IntegrityError as exc:
            print(f"refused {staff_id} schema: {exc}", flush=True)
    session.close()
    print("done", flush=True)


def hold(path: Path, seconds: float, how: str) -> None:
    """Take the write lock (or, on a rollback-journal file, an exclusive lock) and keep it."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
    conn.execute(f"BEGIN {how.upper()}")
    print("locked", flush=True)
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()
    print("released", flush=True)


def check_consistent(path: Path) -> dict[str, int]:
    """Raise AssertionError unless the file is whole: integrity, keys, audit rows, chain."""
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        made = {r[0] for r in conn.execute("SELECT id FROM assignments")}
        audited = [
            r[0] for r in conn.execute(
                "SELECT entity_id FROM audit_log WHERE action = 'assignment.create' ORDER BY seq"
            )
        ]
        assert len(audited) == len(set(audited)), "an assignment was audited twice"
        assert set(audited) == made, (
            f"{len(made - set(audited))} assignments without an audit row, "
            f"{len(set(audited) - made)} audit rows without an assignment"
        )
        half = conn.execute(
            "SELECT count(*) FROM assignments WHERE status <> 'planned' OR created_by <> ? "
            "OR start_utc IS NULL OR end_utc IS NULL", [ACTOR]
        ).fetchone()[0]
        assert half == 0, f"{half} half-written assignments"
    finally:
        conn.close()
    db = open_database(path, read_only=True)
    try:
        entries, broken = audit.verify(db)
    finally:
        db.conn.close()
    assert broken is None, f"audit chain broken: {broken}"
    return {"assignments": len(made), "audit": entries}


def main(argv: list[str]) -> None:
    command, path = argv[0], Path(argv[1])
    if command == "assign-all":
        assign_all(path)
    elif command == "race":
        shift_id, go, seed = argv[2], Path(argv[3]), int(argv[4])
        rest = argv[5:]
        recheck = "--no-recheck" not in rest
        race(path, shift_id, go, seed, recheck, [s for s in rest if not s.startswith("--")])
    elif command == "hold":
        hold(path, float(argv[2]), argv[3] if len(argv) > 3 else "immediate")
    else:
        raise SystemExit(f"unknown workload {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
