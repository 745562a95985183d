"""The benchmark measures a file from the operating system's cache: it reads the file and
its write-ahead log through once before any row is measured."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import benchmark


def test_the_file_and_its_log_are_read_to_the_end(tmp_path: Path) -> None:
    db = tmp_path / "county.db"
    db.write_bytes(b"x" * (9 * 2**20 + 5))
    assert benchmark.read_through(db) == 9 * 2**20 + 5
    (tmp_path / "county.db-wal").write_bytes(b"y" * 1000)
    assert benchmark.read_through(db) == 9 * 2**20 + 1005


def test_the_file_is_read_before_the_first_row_is_measured(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "county.db"
    db.write_bytes(b"x" * 100)
    done: list[str] = []
    monkeypatch.setattr(benchmark, "read_through", lambda path: done.append(f"read {path.name}"))
    monkeypatch.setattr(benchmark, "compile_app", lambda: None)
    monkeypatch.setattr(benchmark, "startup_and_memory",
                        lambda path, runs: done.append("start rows") or [])
    monkeypatch.setattr(benchmark, "service_rows",
                        lambda path, runs, groups: done.append("service rows") or [])
    out = tmp_path / "PERFORMANCE.md"
    out.write_text("| # | action |\n| --- | --- |\n")
    monkeypatch.setattr(sys, "argv", ["benchmark.py", "--db", str(db), "--only", "start,service",
                                      "--out", str(out)])
    assert benchmark.main() == 0
    assert done == ["read county.db", "start rows", "service rows"]
