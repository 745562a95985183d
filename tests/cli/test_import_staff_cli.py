"""`hotspot-tui import staff FILE.csv`: all or nothing, one clear line and exit 2 on a problem."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from hotspot_tui.cli import cli

HEADER = "Payroll number,Collar,Name,Kind,Employer,Annual salary,Contracted hours\n"
GOOD = HEADER + "HC870001,4870,Al Good,PC,,31163,40\nCE870002,,Bo Good,warden,Watford,,37\n"


def staff_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM staff").fetchone()[0]


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--as", "Clerk", "import", "staff", *args, "--db", str(db)])


def test_good_file_imports_every_row(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "good.csv"
    path.write_text(GOOD, encoding="utf-8")
    before = staff_count(demo_db)
    dry = run(demo_db, str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "2 people would be added" in dry.output and staff_count(demo_db) == before
    result = run(demo_db, str(path))
    assert result.exit_code == 0, result.output
    assert "imported 2 people" in result.output
    assert staff_count(demo_db) == before + 2
    with sqlite3.connect(demo_db) as conn:
        actors = conn.execute("SELECT DISTINCT actor FROM audit_log WHERE action LIKE 'staff.import%'"
                              ).fetchall()
    assert actors == [("Clerk",)]


def test_bad_rows_exit_2_and_write_nothing(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + "HC870001,4873,Dup Person,PC,,31163,40\nHC870004,4874,Odd,pilot,,1,40\n",
                    encoding="utf-8")
    before = staff_count(demo_db)
    result = run(demo_db, str(path))
    assert result.exit_code == 2
    assert "row 4: payroll number HC870001 is also on row 2" in result.output
    assert "row 5: kind" in result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("hotspot-tui: 2 of 4 rows have errors (rows 4, 5); nothing was imported")
    assert staff_count(demo_db) == before


def test_missing_file(demo_db: Path, tmp_path: Path) -> None:
    result = run(demo_db, str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert result.output.strip() == f"hotspot-tui: no file at {tmp_path / 'nope.csv'}"


def test_wrong_headers(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("Surname,Shoe size\nSmith,9\n", encoding="utf-8")
    result = run(demo_db, str(path))
    assert result.exit_code == 2
    assert "missing the column(s): Payroll number" in result.output
    assert "Traceback" not in result.output


def test_not_utf8_or_1252_and_empty(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"Payroll number,Name,Kind\nHC1,\x81\x8d\x8f,PC\n")
    result = run(demo_db, str(path))
    assert result.exit_code == 2 and "neither UTF-8 nor Windows-1252" in result.output
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    result = run(demo_db, str(empty))
    assert result.exit_code == 2 and "is empty" in result.output


def test_real_process_prints_one_line_and_no_traceback(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "hotspot_tui", "import", "staff", str(path), "--db", str(demo_db)],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("hotspot-tui: ")


def test_a_named_pipe_is_refused_at_once_not_waited_on(demo_db: Path, tmp_path: Path) -> None:
    """Reading a pipe waits for a writer forever: every command that reads a file the person
    names refuses one in a line. Run as real processes, so that a wait fails on the timeout."""
    import os

    pipe = tmp_path / "people.csv"
    os.mkfifo(pipe)
    for command, what in ((["import", "staff"], "a CSV file"), (["import", "duties"], "a CSV file"),
                          (["setup"], "an operation file"), (["sync", "apply"], "a changes file")):
        done = subprocess.run([sys.executable, "-m", "hotspot_tui", "--as", "Clerk", *command, str(pipe),
                               "--db", str(demo_db)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, (command, done.stderr)
        assert done.stderr.strip() == (f"hotspot-tui: {pipe} is not a regular file (a pipe or a "
                                       f"device?), not {what}")
