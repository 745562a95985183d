"""A real force's first month, from an empty file, through the public commands only (no SQL,
no sample data): db init, setup --example, import staff from the spreadsheets people have,
plan a month of patrols, assign, book, record outcomes, change a pay rule from a date, then
a final payroll export and a report whose totals agree with it and with the patrol list."""

from __future__ import annotations

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.exports.payroll_lines import HEADER

FORCE_STAFF = (  # an HR export: no Kind or Employer column, job titles as HR writes them
    "Employee number,Warrant no,Surname,Forename,Rank,Job title,Annual salary,Weekly hours\n"
    'HC104233,4521,Patel,Asha,Sergeant,Police Sergeant,"£52,064.00",40\n'
    'HC104234,1234,Jones,Kim,Constable,Police Constable,"£50,257.00",40\n'
    'HC104235,7001,Smith,John,,PCSO,"£23,406.00",37\n'
)
COUNCIL_STAFF = (  # the council's list: its wardens, with the employer named
    "Staff number,Name,Role,Employer\n"
    "WBC0001,Lee Brown,Community Safety Warden,Watford Borough Council\n"
)


@pytest.fixture
def hotspot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pinned_clock: None):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOTSPOT_DB", str(tmp_path / "station.db"))
    monkeypatch.chdir(tmp_path)

    def run(*args: str, actor: str = "PS 1234 Patel") -> str:
        result = CliRunner().invoke(cli, ["--as", actor, *args])
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    return run


AMOUNT = HEADER[13]
RATE = HEADER[12]


def pence(text: str) -> int:
    return int(Decimal(text) * 100)


def test_a_first_month_from_an_empty_file(hotspot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hotspot("db", "init")
    (tmp_path / "operation.toml").write_text(hotspot("setup", "--example"), encoding="utf-8")
    assert "12 areas, 3 councils/BIDs" in hotspot("setup", "operation.toml")
    (tmp_path / "force.csv").write_text(FORCE_STAFF, encoding="utf-8")
    (tmp_path / "council.csv").write_text(COUNCIL_STAFF, encoding="utf-8")
    assert "imported 3 people" in hotspot("import", "staff", "force.csv")
    assert "imported 1 people" in hotspot("import", "staff", "council.csv")

    planned = hotspot("patrol", "plan", "every Fri 18:00-02:00 in Watford from 2026-11-06 until "
                      "2026-11-27, need 2 officers, 1 PCSO and 1 CEO")
    assert "added 4 patrols" in planned
    patrols = json.loads(hotspot("patrol", "list", "--from", "2026-11-01", "--to", "2026-11-30", "--json"))
    refs = [p["ref"] for p in patrols]
    assert len(refs) == 4
    for ref in refs:
        hotspot("assign", ref, "HC104233", "HC104234", "HC104235", "WBC0001", "--told", "2026-10-01")
        hotspot("book", ref, "--as-planned")
        hotspot("outcome", ref, "--arrests", "1", "--weapons", "1", "--dispersals", "2")
    # The last patrol ran late for the sergeant, booked as worked.
    hotspot("book", refs[-1], "HC104233", "--on", "2026-11-27 18:00", "--off", "2026-11-28 03:00",
            "--reason", "Arrest at 01:40, custody handover")

    before = {p["ref"]: p["cost_pence"] for p in json.loads(
        hotspot("patrol", "list", "--from", "2026-11-01", "--to", "2026-11-30", "--json"))}
    changed = hotspot("settings", "set", "officer.overtime_multiplier", "3/2", "--from", "2026-11-15",
                      "--reason", "Force agreement on extra-duty pay")
    assert "recosted 2 patrols" in changed
    after = {p["ref"]: p["cost_pence"] for p in json.loads(
        hotspot("patrol", "list", "--from", "2026-11-01", "--to", "2026-11-30", "--json"))}
    assert [after[r] > before[r] for r in refs] == [False, False, True, True]
    assert [after[r] == before[r] for r in refs[:2]] == [True, True]

    for ref in refs:  # another supervisor approves the hours before they are paid
        assert "approved" in hotspot("approve", ref, actor="Insp 77 Mercer")
    exported = hotspot("export", "payroll", "--period", "2026-11", "--final", "--out", "pay.csv")
    assert "final export, period locked" in exported
    with (tmp_path / "pay.csv").open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[-1]["Payroll number"] == "AUDIT" and rows[-1]["Name"] == "Audit checkpoint"
    lines = [r for r in rows if r["Payroll number"] not in ("TOTAL", "AUDIT")]
    payroll_total = sum(pence(line[AMOUNT]) for line in lines)
    [all_rows] = [r for r in rows if r["Payroll number"] == "TOTAL" and r["Name"] == "all lines"]
    assert pence(all_rows[AMOUNT]) == payroll_total
    assert {line["Payroll number"] for line in lines} == {"HC104233", "HC104234", "HC104235"}
    assert {line["Cost code"] for line in lines} == {"HAF-WA-WAT"}  # the example's Watford code
    assert {line["Patrol ref"] for line in lines} == set(refs)
    assert {line["Approved by"] for line in lines} == {"Insp 77 Mercer"}
    for line in lines:  # each line recomputes from its own hours and rate, to the penny
        amount = (Decimal(line["Hours"]) * Decimal(line[RATE])).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert amount == Decimal(line[AMOUNT]), line

    recharge = hotspot("export", "recharge", "--period", "2026-11", "--employer",
                       "Watford Borough Council", "--out", "recharge.csv")
    with (tmp_path / "recharge.csv").open(newline="", encoding="utf-8-sig") as fh:
        recharge_total = sum(pence(line["Amount (GBP)"]) for line in csv.DictReader(fh)
                             if line["Payroll number"] not in ("TOTAL", "AUDIT"))
    # Council time is classed by its own calendar day: 18:00-24:00 Friday at the weekday rate,
    # 00:00-02:00 Saturday at the weekend rate (the example's Watford rates).
    assert recharge_total == 4 * (6 * 2150 + 2 * 2580), recharge

    report = json.loads(hotspot("report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json"))
    assert report["patrol_spend_pence"] == payroll_total + recharge_total == sum(after.values())
    assert (report["arrests"], report["weapons"], report["asb_powers"]["dispersals"]) == (4, 4, 8)
    assert report["minutes"] == 16 * 8 * 60 + 60
    assert report["grant_pence"] == 100_000_000
    # payroll's copy of the final file, the council's statement and the report hold the log
    held = hotspot("audit", "verify", "--against", "pay.csv", "--against", "recharge.csv")
    assert held.startswith("ok:") and "signed with this database's key" in held
