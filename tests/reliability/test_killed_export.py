"""A killed export leaves its hidden temporary file owner-only, and the next export of that
name removes it."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.exports.files import remove_stale_parts

WRITER = """
import os, sys, time
os.umask(0)
from hotspot_tui.exports.files import new_file

with new_file(sys.argv[1]) as out:
    out.write(b"Payroll number,Name\\r\\nHC1,PC Smith\\r\\n")
    out.handle.flush()
    print("writing", flush=True)
    time.sleep(120)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_killed_exports_part_file_is_private_and_cleaned_at_the_next_export(
        demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "payroll.csv"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=20)
    [part] = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert part.name.startswith(".payroll.csv.") and not target.exists()
    assert stat.S_IMODE(part.stat().st_mode) == 0o600, "never readable by others, even under umask 0"
    result = CliRunner().invoke(cli, ["export", "payroll", "--period", "2026-05", "--out", str(target),
                                      "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["demo.db", "payroll.csv"])


def test_a_part_file_still_being_written_is_kept(tmp_path: Path) -> None:
    mine = tmp_path / f".out.csv.{os.getpid()}-abc.part"
    running = tmp_path / ".out.csv.4242-abc.part"
    dead = tmp_path / ".out.csv.4343-abc.part"
    other_name = tmp_path / ".other.csv.4343-abc.part"
    for path in (mine, running, dead, other_name):
        path.write_bytes(b"x")
    removed = remove_stale_parts(tmp_path, "out.csv", alive=lambda pid: pid == 4242)
    assert removed == [dead]
    assert mine.exists() and running.exists() and other_name.exists()
