"""`hotspot-tui export payroll|recharge` from the command line."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["export", *args])


def test_draft_final_and_recharge(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "may.csv"
    result = run("payroll", "--db", str(demo_db), "--period", "2026-05", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "draft (nothing locked)" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    header = next(csv.reader(out.open(newline="", encoding="utf-8")))
    assert header[0] == "Payroll number"

    final = tmp_path / "may-final.xlsx"
    result = run("payroll", "--db", str(demo_db), "--period", "2026-05", "--format", "xlsx",
                 "--out", str(final), "--final")
    assert result.exit_code == 0, result.output
    assert "period locked" in result.output and final.exists()

    rc = tmp_path / "watford.csv"
    result = run("recharge", "--db", str(demo_db), "--period", "2026-05", "--employer",
                 "Watford Borough Council", "--out", str(rc))
    assert result.exit_code == 0, result.output
    assert rc.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("payroll", "--period", "2026-13"), "not a pay period"),
        (("payroll", "--period", "June"), "not a pay period"),
        (("payroll",), "--period"),
        (("payroll", "--period", "2026-06", "--format", "pdf"), "--format"),
        (("payroll", "--period", "2026-06", "--final"), "export 2026-05 for payment first"),
        (("payroll", "--period", "2026-06", "--out", "/no/such/folder/x.csv"), "no folder"),
        (("recharge", "--period", "2026-06", "--employer", "Nowhere Council"), "no employer named"),
        (("recharge", "--period", "2026-06", "--employer", "Hertfordshire Constabulary"),
         "payroll export"),
        (("recharge", "--period", "2026-06"), "--employer"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(demo_db: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args, "--db", str(demo_db))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("hotspot-tui: "), result.output
    assert message in lines[0]


def test_existing_file_is_refused(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    out.write_text("keep")
    result = run("payroll", "--db", str(demo_db), "--period", "2026-05", "--out", str(out))
    assert result.exit_code == 2 and "already exists" in result.output
    assert out.read_text() == "keep"


def test_missing_database(tmp_path: Path) -> None:
    result = run("payroll", "--db", str(tmp_path / "none.db"), "--period", "2026-05")
    assert result.exit_code == 2 and "no database" in result.output
