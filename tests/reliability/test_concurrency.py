"""Concurrency: two processes assigning the same people to overlapping patrols at once, and a
database kept busy by another writer."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import workload
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.errors import DatabaseBusyError
from hotspot_tui.services.assignments import AssignOptions, assign
from hotspot_tui.services.session import open_session
from hotspot_tui.store import database

PEOPLE = 60


def _wait_for(proc, text: str) -> None:  # type: ignore[no-untyped-def]
    line = proc.stdout.readline()
    assert line.strip() == text, f"expected {text!r}, got {line!r}: {proc.stderr.read()}"


@pytest.mark.slow
@pytest.mark.parametrize("guard", ["service-recheck", "schema-trigger-only"])
def test_two_processes_never_double_book_a_person(tmp_path, spawn_workload, guard) -> None:  # type: ignore[no-untyped-def]
    """Every race must leave nobody double-booked; at least one of up to three races must
    actually interleave (both processes winning someone), so the guard is really exercised."""
    interleaved = False
    for attempt in range(3):
        interleaved = _race(tmp_path / f"race-{attempt}", spawn_workload, guard)
        if interleaved:
            break
    assert interleaved, "the two processes never ran at the same time in three races"


def _race(folder: Path, spawn_workload, guard: str) -> bool:  # type: ignore[no-untyped-def]
    folder.mkdir()
    path = folder / "race.db"
    (shift_a, shift_b), people = workload.build(path, people=PEOPLE, shifts=workload.overlapping_shifts())
    go = folder / "go"
    extra = ["--no-recheck"] if guard == "schema-trigger-only" else []
    procs = [
        spawn_workload("race", str(path), shift, str(go), str(seed), *extra, *people)
        for shift, seed in ((shift_a, 1), (shift_b, 2))
    ]
    for proc in procs:
        _wait_for(proc, "ready")
    go.touch()
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "Traceback" not in err, err
        outputs.append(out.splitlines())

    wins = Counter(line.split()[1] for lines in outputs for line in lines if line.startswith("ok "))
    refusals = [line for lines in outputs for line in lines if line.startswith("refused ")]
    assert set(wins) == set(people), "someone was assigned to neither patrol"
    assert all(n == 1 for n in wins.values()), f"double-booked: {[p for p, n in wins.items() if n > 1]}"
    assert len(refusals) == PEOPLE
    expected_guard = "schema:" if guard == "schema-trigger-only" else "service:"
    assert all(expected_guard in line for line in refusals), refusals[:3]
    if guard == "schema-trigger-only":
        assert all("double booking" in line for line in refusals)

    conn = sqlite3.connect(str(path))
    try:
        per_person = conn.execute(
            "SELECT staff_id, count(*) FROM assignments WHERE status IN ('planned', 'worked') "
            "GROUP BY staff_id HAVING count(*) > 1"
        ).fetchall()
    finally:
        conn.close()
    assert per_person == []
    workload.check_consistent(path)
    return all(any(line.startswith("ok ") for line in lines) for lines in outputs)


def _holder(spawn_workload, path: Path, seconds: float, how: str = "immediate"):  # type: ignore[no-untyped-def]
    proc = spawn_workload("hold", str(path), str(seconds), how)
    _wait_for(proc, "locked")
    return proc


@pytest.fixture
def small_db(tmp_path: Path) -> tuple[Path, str, list[str]]:
    path = tmp_path / "busy.db"
    shifts, people = workload.build(path, people=3, shifts=workload.separate_shifts(1))
    return path, shifts[0], people


@pytest.mark.slow
def test_a_write_lock_released_within_the_timeout_is_waited_for(small_db, spawn_workload) -> None:  # type: ignore[no-untyped-def]
    path, shift, people = small_db
    session = open_session(path, "PS Tester")
    try:
        holder = _holder(spawn_workload, path, 1.0)
        started = time.monotonic()
        made = assign(session, shift, [people[0]], AssignOptions())
        waited = time.monotonic() - started
        holder.wait(timeout=10)
    finally:
        session.close()
    assert len(made) == 1
    assert waited >= 0.5, "the write did not wait for the other writer"
    assert waited < database.BUSY_TIMEOUT_MS / 1000


def test_a_write_lock_held_past_the_timeout_is_one_clear_line(small_db, spawn_workload, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path, shift, people = small_db
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    session = open_session(path, "PS Tester")
    try:
        _holder(spawn_workload, path, 60)
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError) as caught:
            assign(session, shift, [people[0]], AssignOptions())
        waited = time.monotonic() - started
        assert not session.db.conn.in_transaction
    finally:
        session.close()
    message = str(caught.value)
    assert "\n" not in message
    assert "busy" in message and "try again" in message
    assert waited >= 0.25, "gave up without retrying"
    conn = sqlite3.connect(str(path))
    assert conn.execute("SELECT count(*) FROM assignments").fetchone()[0] == 0
    conn.close()


def test_cli_reports_a_busy_database_in_one_line(tmp_path, spawn_workload, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`db migrate` must write; another writer holds the lock past the (shortened) timeout."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA journal_mode = WAL")  # an empty SQLite file: schema 0, needs migrating
    conn.close()
    before = path.read_bytes()
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    _holder(spawn_workload, path, 60)
    result = CliRunner().invoke(cli, ["db", "migrate", "--db", str(path)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hotspot-tui: ") and "busy" in lines[0], lines
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))


@pytest.mark.slow
def test_app_on_a_locked_file_waits_the_full_timeout_then_says_so(tmp_path, spawn_workload) -> None:  # type: ignore[no-untyped-def]
    """A real process with the real timeout: another writer keeps the file past it."""
    path = tmp_path / "locked.db"
    shutil.copyfile(Path(__file__).resolve().parents[2] / "sample.db", path)  # rollback journal
    before = path.read_bytes()
    _holder(spawn_workload, path, 60, "exclusive")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "hotspot_tui", "--db", str(path)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    waited = time.monotonic() - started
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "busy" in lines[0], proc.stderr
    assert waited >= database.BUSY_TIMEOUT_MS / 1000 * 0.9
    assert path.read_bytes() == before


def test_only_another_writer_is_called_busy_not_a_refusal_about_a_locked_period() -> None:
    from hotspot_tui.store.errors import explain_sqlite_error

    refusal = explain_sqlite_error(
        sqlite3.IntegrityError("the lines of a locked pay period cannot be changed"), None)
    assert not isinstance(refusal, DatabaseBusyError)
    assert "locked pay period" in refusal.message
    for words in ("database is locked", "database table is locked"):
        assert isinstance(explain_sqlite_error(sqlite3.OperationalError(words), None), DatabaseBusyError)
