"""A sync killed at any point (the process ended, the stick pulled) leaves each file as it
was or fully synced; running it again finishes it, and once more does nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fresh_operation import build
from sync_helpers import add_patrol, assert_audit_holds, assert_same, checkout, facts, must, sync

pytestmark = pytest.mark.slow


def _prepare(folder: Path) -> tuple[Path, Path]:
    station = build(folder)
    laptop = checkout(station, folder / "laptop.db")
    for day in range(10, 20):
        ref = add_patrol(laptop, f"2026-12-{day} 18:00", f"2026-12-{day + 1} 02:00")
        must("assign", ref, "WBC001", "WBC002", "--db", str(laptop))
        add_patrol(station, f"2026-12-{day} 08:00", f"2026-12-{day} 12:00", area="St Albans")
    return station, laptop


def _sync_process(laptop: Path, station: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "hotspot_tui", "sync", "--db", str(laptop), "--with", str(station)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})


@pytest.mark.parametrize("delay", [0.45, 0.55, 0.65, 0.75, 0.85, 0.95])
def test_killed_sync_leaves_each_file_before_or_after(tmp_path: Path, delay: float) -> None:
    station, laptop = _prepare(tmp_path)
    before = {station: facts(station), laptop: facts(laptop)}
    reference = tmp_path / "reference"
    reference.mkdir()
    ref_station, ref_laptop = reference / station.name, reference / laptop.name
    for src, dst in ((station, ref_station), (laptop, ref_laptop)):
        shutil.copyfile(src, dst)
    # the copies' hub is named by path: the reference laptop syncs with the reference hub
    must("sync", "--db", str(ref_laptop), "--with", str(ref_station))
    after = facts(ref_station)
    process = _sync_process(laptop, station)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for db in (station, laptop):
        now = facts(db)
        assert now in (before[db], after), f"{db.name} is half synced after a kill at {delay} s"
    sync(laptop, station)
    assert "already in step" in sync(laptop, station)
    assert_same(station, laptop)
    assert facts(station) == after
    assert_audit_holds(station, laptop)
