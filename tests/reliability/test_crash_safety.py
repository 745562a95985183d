"""Crash safety: a process making 1,000 assignments is killed with SIGKILL again and again.

After every kill the file must be whole: PRAGMA integrity_check ok, every committed assignment
has its audit row (and no audit row lacks its assignment), nothing half-written, the audit
chain verifies, and every assignment the child saw committed is still there.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest
import workload

TOTAL = 1_000
KILLS = 8


def _committed_ids(path: Path) -> set[str]:
    conn = sqlite3.connect(str(path))
    try:
        return {r[0] for r in conn.execute("SELECT id FROM assignments")}
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_never_leaves_a_half_written_assignment(tmp_path, spawn_workload) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "crash.db"
    workload.build(path, people=100, shifts=workload.separate_shifts(10))  # 100 x 10 = 1,000 pairs
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    reported: set[str] = set()
    killed_mid_work = 0
    runs = 0
    finished = False
    history: list[tuple[int, int, bool, int, bool]] = []
    while not finished:
        runs += 1
        assert runs <= KILLS + 5, f"workload did not finish (seed {seed})"
        proc = spawn_workload("assign-all", str(path))
        kill = runs <= KILLS
        if kill and runs % 3 == 1:
            # a moment measured in time: may land while opening the file or mid-transaction
            time.sleep(rng.uniform(0.0, 0.2))
            seen: list[str] = []
        else:
            # a moment measured in progress: after k commits plus a sliver of time
            wanted = rng.randint(1, 60) if kill else None
            seen = []
            assert proc.stdout is not None
            while True:
                line = proc.stdout.readline()
                if not line:
                    break
                seen.append(line.strip())
                if wanted is not None and len(seen) >= wanted:
                    time.sleep(rng.uniform(0.0, 0.003))
                    break
        landed = kill and proc.poll() is None
        if landed:
            proc.send_signal(signal.SIGKILL)
            killed_mid_work += 1
        out, err = proc.communicate(timeout=60)
        lines = seen + out.split()
        if kill:
            assert proc.returncode in (-signal.SIGKILL, 0), err
        else:
            assert proc.returncode == 0, err
        assert "Traceback" not in err, err
        reported |= {line.split()[1] for line in (seen + out.splitlines()) if line.startswith("ok ")}
        finished = "done" in lines
        history.append((runs, len(seen), landed, proc.returncode, finished))

        counts = workload.check_consistent(path)  # integrity, audit rows, chain
        committed = _committed_ids(path)
        lost = reported - committed
        assert not lost, f"{len(lost)} assignments reported committed were lost (seed {seed})"
        assert counts["audit"] == counts["assignments"] + 2  # the identity entry and the setup

    assert killed_mid_work >= KILLS // 2, (
        f"only {killed_mid_work} kills landed mid-work (seed {seed}): {history}"
    )
    assert len(_committed_ids(path)) == TOTAL
