"""`hotspot-tui staff opt-out`: a person's 48-hour opt-out, signed or withdrawn from a date
through the same service as the person's page, and listed by `settings show` (text and
JSON) with the date it took effect; from an empty file through the public commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_tree import assert_one_line_refusal
from click.testing import CliRunner, Result

from hotspot_tui.cli import cli

ACTOR = "PS 4521 [/] Patel"
STAFF = ("Payroll number,Name,Kind,Rank,Annual salary,Contracted hours\n"
         "700001,Asha [/] Patel,officer,constable,50257,40\n"
         "700002,Kim Jones,PCSO,,23406,37\n")


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--as", ACTOR, *args, "--db", str(db)])


def ok(db: Path, *args: str) -> str:
    result = run(db, *args)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    ok(path, "db", "init")
    operation = tmp_path / "operation.toml"
    operation.write_text(CliRunner().invoke(cli, ["setup", "--example"]).stdout, encoding="utf-8")
    ok(path, "setup", str(operation))
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
    ok(path, "import", "staff", str(tmp_path / "staff.csv"))
    return path


def audit_entries(db: Path) -> int:
    said = ok(db, "audit", "verify")  # "ok: N audit entries, the chain is intact"
    return int(said.split()[1])


def opt_outs(db: Path, on: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(ok(db, "settings", "show", "--on", on, "--json"))["opt_outs"]


def test_an_opt_out_is_recorded_from_a_date_listed_and_withdrawn(db: Path) -> None:
    assert "nobody has opted out" in ok(db, "settings", "show", "--on", "2026-12-01")
    before = audit_entries(db)
    said = ok(db, "staff", "opt-out", "700001", "--from", "2026-12-01",
              "--reason", "signed form WT1 [b]on 1 Dec")
    assert said == "recorded the 48-hour opt-out of Asha [/] Patel (700001) from Tue 01 Dec 2026\n"

    assert opt_outs(db, "2026-11-30") == []  # not yet in force the day before
    [entry] = opt_outs(db, "2026-12-01")
    assert {k: entry[k] for k in ("payroll_number", "name", "since", "reason", "recorded_by")} == {
        "payroll_number": "700001", "name": "Asha [/] Patel", "since": "2026-12-01",
        "reason": "signed form WT1 [b]on 1 Dec", "recorded_by": ACTOR}
    shown = ok(db, "settings", "show", "--on", "2026-12-10")
    assert "48-hour opt-outs in force on Thu 10 Dec 2026" in shown
    assert ("  700001  Asha [/] Patel  since 01 Dec 2026  (recorded by PS 4521 [/] Patel: "
            "signed form WT1 [b]on 1 Dec)") in shown.splitlines()

    said = ok(db, "staff", "opt-out", "700001", "--from", "2027-01-04", "--withdraw",
              "--reason", "withdrawn in writing")
    assert said.startswith("withdrew the 48-hour opt-out of Asha [/] Patel (700001) from Mon 04 Jan 2027")
    assert [e["since"] for e in opt_outs(db, "2027-01-03")] == ["2026-12-01"]
    assert opt_outs(db, "2027-01-04") == []
    assert audit_entries(db) == before + 2  # each in the audit trail


@pytest.mark.parametrize(("args", "message"), [
    (["700002", "--from", "2026-12-01", "--withdraw", "--reason", "x"],
     "Kim Jones had not opted out on 01 Dec 2026: nothing to withdraw"),
    (["799999", "--from", "2026-12-01", "--reason", "x"], "nobody has payroll number 799999"),
    (["700002", "--from", "2026-12-01", "--reason", "  "], "say what was signed or withdrawn"),
    (["700002", "--from", "1 Dec", "--reason", "x"], "--from"),
])
def test_a_bad_opt_out_is_refused_in_one_line_and_nothing_is_written(
        db: Path, args: list[str], message: str) -> None:
    before = audit_entries(db)
    line = assert_one_line_refusal(run(db, "staff", "opt-out", *args))
    assert message in line
    assert opt_outs(db, "2026-12-31") == [] and audit_entries(db) == before


def test_signing_again_while_opted_out_is_refused(db: Path) -> None:
    ok(db, "staff", "opt-out", "700002", "--from", "2026-12-01", "--reason", "signed")
    line = assert_one_line_refusal(run(db, "staff", "opt-out", "700002", "--from", "2026-12-20",
                                       "--reason", "signed again"))
    assert "Kim Jones has already opted out from 01 Dec 2026: nothing to record" in line
    assert [e["since"] for e in opt_outs(db, "2026-12-31")] == ["2026-12-01"]
