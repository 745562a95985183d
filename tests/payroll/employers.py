"""A new operation made through the public commands (the example's force, areas and
councils, two council officers and a PCSO), and what the employer tests do with it: move a
person to another employer from a date through the staff form, and read the files each
employer is sent."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.services.payroll import export_payroll, export_recharge
from hotspot_tui.services.session import Session
from hotspot_tui.services.staff import (
    edit_person,
    form_choices,
    get_person,
    input_from_person,
    people_by_payroll_number,
)

ACTOR = "PS 4521 Patel"
WATFORD, STEVENAGE = "Watford Borough Council", "Stevenage Borough Council"
FORCE = "Hertfordshire Constabulary"
STAFF = ("Payroll number,Name,Kind,Employer,Annual salary,Contracted hours\n"
         f"WBC001,Ann [/] Able,CEO,{WATFORD},,\n"
         f"SBC001,Sam Small,CEO,{STEVENAGE},,\n"
         "700002,Kim Jones,PCSO,,23406,37\n")


def _ok(db: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["--as", ACTOR, *args, "--db", str(db)])
    assert result.exit_code == 0, (args, result.output)


def new_operation(folder: Path) -> Path:
    """`db init`, `setup` with the example operation, the staff imported, and the force's
    element codes for PCSO pay."""
    db = folder / "station.db"
    _ok(db, "db", "init")
    operation = folder / "operation.toml"
    operation.write_text(CliRunner().invoke(cli, ["setup", "--example"]).stdout, encoding="utf-8")
    _ok(db, "setup", str(operation))
    (folder / "staff.csv").write_text(STAFF, encoding="utf-8")
    _ok(db, "import", "staff", str(folder / "staff.csv"))
    for code, element in (("pcso_plain", "4701"), ("pcso_1_5", "4702"), ("pcso_2_0", "4703")):
        _ok(db, "settings", "set", f"element_codes.{code}", element, "--from", "2026-05-01",
            "--reason", "finance element codes")
    return db


def person(session: Session, number: str) -> str:
    [(staff_id, _)] = people_by_payroll_number(session, [number])
    return staff_id


def moves(session: Session, staff_id: str, *, on: date, employer: str, kind: str = "",
          salary: str = "", hours: str = "") -> None:
    """The staff form: the person works for `employer` (as `kind`) from the force date `on`."""
    before = input_from_person(get_person(session, staff_id))
    employer_id = next(e.id for e in form_choices(session).employers if e.name == employer)
    after = replace(before, employer_id=employer_id, kind=kind or before.kind,
                    salary=salary if kind else before.salary,
                    contracted_hours=hours if kind else before.contracted_hours)
    changed = edit_person(session, staff_id, after, "transferred", pay_from=on)
    assert "employer_id" in changed


def rows(path: Path) -> list[dict[str, str]]:
    """A payroll file's or statement's lines (not its totals or audit stamp)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["Payroll number"] not in ("", "TOTAL", "AUDIT")]


def statement(session: Session, period: str, council: str, out: Path) -> list[dict[str, str]]:
    export_recharge(session, period, council, out=out)
    return rows(out)


def payroll_lines(session: Session, period: str, out: Path) -> list[dict[str, str]]:
    """The force's payroll file for a period (a draft while it is open)."""
    export_payroll(session, period, out=out)
    return rows(out)


def pence(lines: list[dict[str, str]]) -> int:
    """The lines' amount, from whichever amount column the file has."""
    if not lines:
        return 0
    column = next(k for k in lines[0] if k.startswith("Amount"))
    return int(sum(Decimal(line[column]) for line in lines) * 100)
