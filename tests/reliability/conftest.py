"""Helpers for the reliability tests: the child-process workloads and a way to run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
WORKLOAD = HERE / "workload.py"
for helpers in (HERE, HERE.parent / "cli"):  # workload; bad_files and cli_tree
    if str(helpers) not in sys.path:
        sys.path.insert(0, str(helpers))


def spawn(*args: str) -> subprocess.Popen[str]:
    """Start a workload child process with line-buffered text pipes."""
    return subprocess.Popen(
        [sys.executable, str(WORKLOAD), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
    )


@pytest.fixture
def spawn_workload():  # type: ignore[no-untyped-def]
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        proc = spawn(*args)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
