"""The national section of docs/PERFORMANCE.md: each row measured on the national file
beside the main table's (county) figure, with the ratio and whether it is within 1.2x; a run
of some rows keeps the others, and the main benchmark keeps the section."""

from __future__ import annotations

from pathlib import Path

from bench import national
from bench.benchmark import Row, write_table


def _row(number: str, action: str, value: float, unit: str = "ms") -> Row:
    return Row(number, action, value, unit, "-", None, "-", True)


def _county_doc(doc: Path, db: Path) -> None:
    rows = [_row("2a", "roster week", 10.0), _row("3", "assign", 5.0), _row("5", "memory", 100.0, "MiB")]
    write_table(rows, doc, "county", db, 5, 21)


def _line(text: str, number: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {number} |")
                and "county" in line)


def test_each_national_row_beside_its_county_figure_with_ratio_and_target(tmp_path: Path) -> None:
    doc, db = tmp_path / "PERFORMANCE.md", tmp_path / "national.db"
    db.write_bytes(b"x" * 2048)
    _county_doc(doc, db)
    national.write(doc, [_row("2a", "roster week", 11.0), _row("3", "assign", 7.0),
                         _row("5", "memory", 1_250.0, "MiB")], db=db, runs=3, load="load average 1.0")
    text = doc.read_text()
    assert _line(text, "2a") == "| 2a | roster week | 10.0 ms | 11.0 ms | 1.10× | ≤ 1.2× county | yes |"
    assert _line(text, "3") == "| 3 | assign | 5.0 ms | 7.0 ms | 1.40× | ≤ 1.2× county | **no** |"
    assert _line(text, "5") == "| 5 | memory | 100.0 MiB | 1,250.0 MiB | 12.50× | ≤ 1.2× county | **no** |"
    assert "| 2a | roster week | 10.0 ms |" in text.split(national.SECTION_START)[0]


def test_a_run_of_some_rows_keeps_the_others_and_the_main_table_keeps_the_section(tmp_path: Path) -> None:
    doc, db = tmp_path / "PERFORMANCE.md", tmp_path / "national.db"
    db.write_bytes(b"x")
    _county_doc(doc, db)
    national.write(doc, [_row("2a", "roster week", 11.0), _row("3", "assign", 7.0)], db=db, runs=3,
                   load="load average 1.0")
    national.write(doc, [_row("3", "assign", 5.5)], db=db, runs=3, load="load average 1.0")
    text = doc.read_text()
    assert text.count(national.SECTION_START) == 1
    assert _line(text, "2a").endswith("| 1.10× | ≤ 1.2× county | yes |")
    assert _line(text, "3") == "| 3 | assign | 5.0 ms | 5.5 ms | 1.10× | ≤ 1.2× county | yes |"
    _county_doc(doc, db)  # the county table measured again: the national rows stay
    assert national.SECTION_START in doc.read_text()
    assert _line(doc.read_text(), "3").startswith("| 3 | assign | 5.0 ms | 5.5 ms |")


def test_a_row_the_county_table_lacks_has_no_ratio(tmp_path: Path) -> None:
    doc, db = tmp_path / "PERFORMANCE.md", tmp_path / "national.db"
    db.write_bytes(b"x")
    _county_doc(doc, db)
    national.write(doc, [_row("6a", "next week key", 40.0)], db=db, runs=1, load="load average 1.0")
    assert _line(doc.read_text(), "6a") == "| 6a | next week key | - | 40.0 ms | - | ≤ 1.2× county | - |"


def test_a_rate_that_falls_on_the_national_file_is_a_ratio_above_one(tmp_path: Path) -> None:
    """Rows a second are better higher: half the county's rate takes twice as long."""
    doc, db = tmp_path / "PERFORMANCE.md", tmp_path / "national.db"
    db.write_bytes(b"x")
    write_table([_row("4a", "export", 100_000.0, "rows/s")], doc, "county", db, 5, 21)
    national.write(doc, [_row("4a", "export", 50_000.0, "rows/s")], db=db, runs=3,
                   load="load average 1.0")
    assert _line(doc.read_text(), "4a").endswith("| 2.00× | ≤ 1.2× county | **no** |")
