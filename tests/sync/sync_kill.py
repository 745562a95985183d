"""A sync killed part-way: at the k-th step it takes inside its transactions (a changeset
captured or applied, a conflict decided, a log entry, an audit entry, the pay worked out
again, a file written, the commit itself), either by raising there or by the process
dying there (SIGKILL, run as a child: `python sync_kill.py MODE LAPTOP HUB WORKDIR K NOW`).

Every commit is recorded with the whole file as it was committed, so a test can hold each
file to its last commit: nothing half-written, whatever the step.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import apsw

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain import sync_policy as policy
from hotspot_tui.services import costing, sync_audit
from hotspot_tui.services import sync as sync_service
from hotspot_tui.store import audit, sync_apply, sync_book, sync_capture, sync_derived
from hotspot_tui.store.sync_db import SyncConnection

MODES = ("two-way", "files")
STEPS: tuple[tuple[Any, str], ...] = (
    (sync_capture, "capture"),
    (sync_apply, "apply"), (sync_apply, "put_rows"), (sync_apply, "build"),
    (policy, "at_hub"), (policy, "at_spoke"),
    (sync_book, "add_to_outbox"), (sync_book, "append_log"), (sync_book, "add_conflict"),
    (sync_book, "drop_outbox_through"), (sync_book, "update_identity"), (sync_book, "save_peer"),
    (sync_audit, "take"), (audit, "append"),
    (costing, "recost_many"), (costing, "recost_person"),
    (sync_derived, "recount_cover"), (sync_derived, "forget_assignments"),
    (sync_service, "_write_new_file"),
)
ACTOR = "PS 7 Sync"
Snapshot = dict[str, list[tuple[Any, ...]]]


class Killed(Exception):
    """Raised at the chosen step, as if the machine had stopped there."""


def snapshot(raw: apsw.Connection) -> Snapshot:
    """Every table of the file, every row (bookkeeping and shadows included)."""
    tables = [r[0] for r in raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: sorted(raw.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr) for t in tables}


def snapshot_of(path: Path) -> Snapshot:
    raw = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READWRITE)
    try:
        return snapshot(raw)
    finally:
        raw.close()


class KillSwitch:
    """Counts the steps a sync takes and acts at the k-th; `on_commit` sees each commit."""

    def __init__(self, at: int, act: Callable[[str], None],
                 on_commit: Callable[[SyncConnection], None]) -> None:
        self.at, self.act, self.on_commit = at, act, on_commit
        self.count = 0
        self.where = ""
        self._saved: list[tuple[Any, str, Any]] = []

    def step(self, name: str) -> None:
        self.count += 1
        if self.count == self.at:
            self.where = name
            self.act(name)

    def _wrap(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            self.step(name)
            return func(*args, **kwargs)
        return wrapped

    def __enter__(self) -> KillSwitch:
        for module, attr in STEPS:
            original = getattr(module, attr)
            self._saved.append((module, attr, original))
            setattr(module, attr, self._wrap(f"{module.__name__}.{attr}", original))
        original_transaction = sync_service.transaction
        self._saved.append((sync_service, "transaction", original_transaction))

        @contextlib.contextmanager
        def watched(conn: SyncConnection) -> Iterator[SyncConnection]:
            with original_transaction(conn) as inside:
                yield inside
                self.step(f"commit {conn.path.name}")
            self.on_commit(conn)

        sync_service.transaction = watched
        return self

    def __exit__(self, *exc: object) -> None:
        for module, attr, original in reversed(self._saved):
            setattr(module, attr, original)
        self._saved.clear()


def run_sync(mode: str, laptop: Path, hub: Path, workdir: Path) -> None:
    """One whole sync of a laptop with its hub: two-way, or by files (export, apply at the
    hub, the reply applied at once)."""
    if mode == "two-way":
        sync_service.sync_with_hub(laptop, hub, ACTOR)
        return
    changes = workdir / f"{laptop.stem}.hsync"
    reply = workdir / f"{laptop.stem}.reply.hsync"
    for leftover in (changes, reply):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    sync_service.export_changes(laptop, changes)
    sync_service.apply_file(changes, hub, ACTOR, reply)
    sync_service.apply_file(reply, laptop, ACTOR)


def _raise(where: str) -> None:
    raise Killed(where)


def killed_here(mode: str, laptop: Path, hub: Path, workdir: Path,
                at: int) -> tuple[str, dict[Path, Snapshot]]:
    """Run the sync in this process, raising at step `at`; returns where it stopped ("" if
    it finished) and each file as last committed (as it was before, if never)."""
    committed = {path: snapshot_of(path) for path in (laptop, hub)}

    def record(conn: SyncConnection) -> None:
        committed[conn.path] = snapshot(conn.raw)

    switch = KillSwitch(at, _raise, record)
    with switch, contextlib.suppress(Killed):
        run_sync(mode, laptop, hub, workdir)
    return switch.where, committed


def killed_child(mode: str, laptop: Path, hub: Path, workdir: Path, at: int,
                 now: datetime) -> tuple[bool, dict[Path, Snapshot]]:
    """Run the sync in a child process that dies (SIGKILL) at step `at`; returns whether it
    died, and each file as last committed (as it was before, if never)."""
    import subprocess

    committed = {path: snapshot_of(path) for path in (laptop, hub)}
    marks = workdir / "commits"
    marks.mkdir(exist_ok=True)
    for old in marks.iterdir():
        old.unlink()
    done = subprocess.run(
        [sys.executable, __file__, mode, str(laptop), str(hub), str(workdir), str(at), now.isoformat()],
        capture_output=True, timeout=120, check=False)
    if done.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(f"the sync failed: {done.stderr.decode()[-2000:]}")
    for mark in sorted(marks.iterdir()):
        path, state = pickle.loads(mark.read_bytes())
        committed[Path(path)] = state
    return done.returncode == -signal.SIGKILL, committed


def _child(argv: list[str]) -> None:
    mode, laptop, hub, workdir, at, now = argv
    moment = datetime.fromisoformat(now)
    clock_utc.utc_now = lambda: moment
    marks = Path(workdir) / "commits"
    commits = [0]

    def record(conn: SyncConnection) -> None:
        commits[0] += 1
        mark = marks / f"{commits[0]:04d}.pickle"
        partial = mark.with_suffix(".partial")
        partial.write_bytes(pickle.dumps((str(conn.path), snapshot(conn.raw))))
        os.replace(partial, mark)

    def die(_: str) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with KillSwitch(int(at), die, record):
        run_sync(mode, Path(laptop), Path(hub), Path(workdir))


if __name__ == "__main__":
    _child(sys.argv[1:])
