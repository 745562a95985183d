"""The benchmark runs end to end at demo scale (no timing asserts: figures vary by machine)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_writes_every_numbered_row(demo_db_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_db_template, db)
    out = tmp_path / "PERFORMANCE.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "benchmark.py"), "--scale", "demo", "--db", str(db),
         "--runs", "1", "--startup-runs", "1", "--out", str(out), "--only", "start,service,export"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    table = out.read_text()
    numbers = {line.split("|")[1].strip() for line in table.splitlines()
               if line.startswith("| ") and not line.startswith("| #")}
    assert {"1", "1a", "1b", "1c", "1d", "1e", "2a", "2b", "2c", "3", "4a", "4b", "5", "5b"} <= numbers, table
    assert "## Where start-up goes" in table


def test_keys_are_timed_to_their_frames(demo_db_template: Path, tmp_path: Path) -> None:
    """Key to frame in the running app: the roster's next week, every section (first time,
    built ahead, and again; and first time in an app that built none ahead) and the staff
    list filtered by a typed name, each row with a median."""
    from bench import keys

    db = tmp_path / "demo.db"
    shutil.copyfile(demo_db_template, db)
    rows = {r.number: r for r in keys.measure(db, 1, per_run=1)}
    assert {"6a", "6f", "6g", "6h", "6i"} <= set(rows), rows
    assert rows["6i"].info
    assert all(r.value > 0 and r.unit == "ms" for r in rows.values())
