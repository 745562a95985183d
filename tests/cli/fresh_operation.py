"""A small operation built from an empty file through the public commands only."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from hotspot_tui.cli import cli

ACTOR = "PS 1234 Patel"
COUNCIL = "Watford Borough Council"
STAFF_CSV = (
    "Payroll number,Name,Kind,Employer\n"
    "WBC001,Ann Able,CEO,Watford Borough Council\n"
    "WBC002,Bob Baker,Warden,Watford Borough Council\n"
    "WBC003,Cat [/] Cole,CEO,Watford Borough Council\n"
)


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--as", ACTOR, *args, "--db", str(db)])


def ok(db: Path, *args: str) -> str:
    result = run(db, *args)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def build(folder: Path) -> Path:
    """`db init`, two areas, a council with its rates, and three of its officers."""
    db = folder / "station.db"
    ok(db, "db", "init")
    ok(db, "area", "add", "Watford", "--district", "Watford", "--cost-code", "HAF-WA-WAT")
    ok(db, "area", "add", "St Albans", "--district", "St Albans", "--cost-code", "HAF-SA-STA")
    ok(db, "employer", "add", COUNCIL, "--weekday", "30", "--weekend", "36", "--holiday", "45")
    csv = folder / "staff.csv"
    csv.write_text(STAFF_CSV, encoding="utf-8")
    ok(db, "import", "staff", str(csv))
    return db


def patrols(db: Path, first: str, last: str, *more: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(ok(db, "patrol", "list", "--from", first, "--to", last, "--json", *more))
