"""The served-sessions section of docs/PERFORMANCE.md: `bench/served.py` rewrites only it,
and `bench/benchmark.py`, which rewrites the rest of the file, keeps it."""

from __future__ import annotations

from pathlib import Path

from bench.benchmark import Row, write_table
from bench.served import SECTION_END, SECTION_START, write_section


def _section(figure: str) -> str:
    return f"{SECTION_START}\n## Served: supervisors at once\n\n{figure}\n{SECTION_END}\n"


def test_the_section_is_replaced_in_place_and_the_rest_kept(tmp_path: Path) -> None:
    doc = tmp_path / "PERFORMANCE.md"
    doc.write_text("# Performance\n\nthe table\n")
    write_section(doc, _section("first run"))
    write_section(doc, _section("second run"))
    text = doc.read_text()
    assert text.startswith("# Performance\n\nthe table\n")
    assert "second run" in text and "first run" not in text
    assert text.count(SECTION_START) == 1


def test_the_main_benchmark_keeps_the_section(tmp_path: Path) -> None:
    doc = tmp_path / "PERFORMANCE.md"
    db = tmp_path / "x.db"
    db.write_bytes(b"")
    write_section(doc, _section("ten supervisors"))
    write_table([Row("2a", "roster", 18.0, "ms", "-", None, "≤ 30 ms", True)], doc, "demo", db, 1, 1)
    text = doc.read_text()
    assert "| 2a | roster | 18.0 ms |" in text
    assert _section("ten supervisors") in text
