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
         "--runs", "1", "--startup-runs", "1", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    table = out.read_text()
    numbers = {line.split("|")[1].strip() for line in table.splitlines()
               if line.startswith("| ") and not line.startswith("| #")}
    assert {"1", "1a", "1b", "1c", "1d", "1e", "2a", "2b", "2c", "3", "4a", "4b", "5"} <= numbers, table
    assert "## Where start-up goes" in table
