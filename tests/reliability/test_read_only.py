"""Reading commands work on a read-only file and in a read-only folder (a copy on a CD, a
locked share) and write nothing there, not even SQLite's side files; the program's own checks
treat such a folder as read-only even when run as root; a dry-run import changes no byte."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.errors import DatabaseFileError
from hotspot_tui.services.session import open_session

STAFF_CSV = "Payroll number,Name,Kind,Annual salary\nHC990001,PC Dry Run,PC,31163\n"
DUTIES_CSV = "Payroll number,Start,End,Duty type\nHC100001,2026-12-07 07:00,2026-12-07 15:00,early\n"


def reading_commands(out: Path, staff_csv: Path) -> dict[str, list[str]]:
    return {
        "area list": ["area", "list"],
        "employer list": ["employer", "list"],
        "report": ["report"],
        "report to a file": ["report", "--format", "json", "--out", str(out / "r.json")],
        "draft payroll": ["export", "payroll", "--period", "2026-05", "--out", str(out / "p.csv")],
        "recharge": ["export", "recharge", "--period", "2026-06", "--employer",
                     "Watford Borough Council", "--out", str(out / "w.csv")],
        "audit verify": ["audit", "verify"],
        "audit checkpoint": ["audit", "checkpoint"],
        "db check": ["db", "check"],
        "db info": ["db", "info"],
        "import dry run": ["import", "staff", str(staff_csv), "--dry-run"],
        "duties dry run": ["import", "duties", str(out / "duties.csv"), "--dry-run"],
    }


def _state(folder: Path) -> tuple[object, ...]:
    return tuple(
        (p.name, stat.S_IMODE(p.stat().st_mode), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.iterdir())
    ), stat.S_IMODE(folder.stat().st_mode)


@pytest.fixture(params=["read-only file", "read-only folder"])
def locked_copy(request: pytest.FixtureRequest, demo_db: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "cd"
    folder.mkdir()
    path = folder / "station.db"
    shutil.copyfile(demo_db, path)
    path.chmod(0o444)
    if request.param == "read-only folder":
        folder.chmod(0o555)
    yield path
    folder.chmod(0o755)


@pytest.mark.skipif(os.name != "posix", reason="POSIX mode bits")
@pytest.mark.parametrize("name", list(reading_commands(Path("."), Path("."))))
def test_reading_commands_work_on_a_read_only_copy_and_write_nothing(locked_copy: Path, tmp_path: Path,
                                                                     name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    staff_csv = out / "staff.csv"
    staff_csv.write_text(STAFF_CSV)
    (out / "duties.csv").write_text(DUTIES_CSV)
    before = _state(locked_copy.parent)
    result = CliRunner().invoke(cli, [*reading_commands(out, staff_csv)[name], "--db", str(locked_copy)])
    assert result.exit_code == 0, result.output
    assert _state(locked_copy.parent) == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX mode bits")
def test_a_read_only_folder_is_read_only_to_the_program_even_for_root(demo_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "station.db"
    shutil.copyfile(demo_db, path)
    folder.chmod(0o555)
    try:
        before = _state(folder)
        with pytest.raises(DatabaseFileError, match="read-only"):
            open_session(path, "PS Tester")
        result = CliRunner().invoke(cli, ["area", "add", "New", "--district", "D", "--cost-code", "N1",
                                          "--db", str(path)])
        assert result.exit_code == 2 and "read-only" in result.stderr
        assert _state(folder) == before
    finally:
        folder.chmod(0o755)


def test_a_dry_run_import_changes_no_byte_of_the_file(demo_db: Path, tmp_path: Path) -> None:
    staff_csv = tmp_path / "staff.csv"
    staff_csv.write_text(STAFF_CSV)
    header = demo_db.read_bytes()[:100]
    assert header[18:20] == b"\x01\x01", "the demo copy is in rollback-journal mode"
    before = _state(demo_db.parent)
    result = CliRunner().invoke(cli, ["import", "staff", str(staff_csv), "--dry-run", "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert "1 people would be added" in result.output
    assert _state(demo_db.parent) == before


def test_a_dry_run_duty_import_changes_no_byte_of_the_file(demo_db: Path, tmp_path: Path) -> None:
    duties_csv = tmp_path / "duties.csv"
    duties_csv.write_text(DUTIES_CSV)
    before = _state(demo_db.parent)
    result = CliRunner().invoke(cli, ["import", "duties", str(duties_csv), "--dry-run", "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert "1 duties for 1 person" in result.output and "nothing written" in result.output
    assert _state(demo_db.parent) == before
