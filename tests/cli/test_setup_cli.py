"""`hotspot-tui setup`: the example applies unchanged to a new or empty database, in one
audited transaction; a bad file or a database already set up is refused with nothing
written; the facts land where every other command reads them."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path

from bad_files import empty_sqlite, fingerprint
from cli_tree import assert_clean_exit, assert_one_line_refusal
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.services import budget, organisation, pay_rules
from hotspot_tui.services.session import open_session


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--as", "Insp Clarke", *args])


def example_file(folder: Path) -> Path:
    result = run("setup", "--example")
    assert result.exit_code == 0, result.output
    path = folder / "operation.toml"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_the_example_sets_up_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    result = run("setup", str(example_file(tmp_path)), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "12 areas, 3 councils/BIDs" in result.stdout
    assert db.stat().st_mode & 0o077 == 0  # readable by the owner only
    session = open_session(db, "reader")
    try:
        view = budget.budget_view(session)
        assert (view.name, view.grant_pence) == ("Hertfordshire Hotspot Action Fund 2026/27", 100_000_000)
        assert (view.starts_on, view.ends_on) == (date(2026, 5, 1), date(2027, 4, 30))
        assert view.allocated_pence == 92_000_000
        assert {a.name: a.allocation_pence for a in view.allocations}["Watford"] == 9_000_000
        areas = organisation.list_areas(session)
        assert len(areas) == 12 and {a.cost_code for a in areas} >= {"HAF-WA-WAT", "HAF-BX-WCR"}
        employers = {e.name: e for e in organisation.list_employers(session)}
        assert employers["Hertfordshire Constabulary"].kind == "force"
        assert (employers["Watford Borough Council"].weekday_rate_pence,
                employers["Watford Borough Council"].holiday_rate_pence) == (2150, 3225)
        with session.reading() as conn:
            rules = pay_rules.load_rules(conn)
            periods = pay_rules.load_payroll_settings(conn)
        assert rules.calendar.day_starts == time(7, 0)
        assert rules.calendar.holiday_date_policy == "observed"
        assert periods.period_kind == "month"
    finally:
        session.close()
    with sqlite3.connect(db) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq")]
        actors = {r[0] for r in conn.execute("SELECT DISTINCT actor FROM audit_log WHERE seq > 1")}
    # the first entry binds the database's identity to its audit key (made by the program)
    assert actions[:2] == ["audit.key", "database.create"] and actions[-1] == "operation.setup"
    assert actions.count("area.add") == 12 and actions.count("allocation.set") == 12
    assert actions.count("employer.add") == 4 and "budget.create" in actions
    assert actors == {"Insp Clarke"}


def test_a_second_setup_is_refused_naming_the_operation(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    operation = example_file(tmp_path)
    assert run("setup", str(operation), "--db", str(db)).exit_code == 0
    before = fingerprint(db)
    line = assert_one_line_refusal(run("setup", str(operation), "--db", str(db)))
    assert "already holds the operation 'Hertfordshire Hotspot Action Fund 2026/27'" in line
    assert "£1,000,000.00" in line
    assert fingerprint(db) == before


def test_setup_is_refused_on_a_database_with_areas_added_by_hand(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    assert run("db", "init", "--db", str(db)).exit_code == 0
    assert run("area", "add", "Watford", "--district", "Watford", "--cost-code", "W1",
               "--db", str(db)).exit_code == 0
    line = assert_one_line_refusal(run("setup", str(example_file(tmp_path)), "--db", str(db)))
    assert "already holds 1 area" in line
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM areas").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM budget").fetchone()[0] == 0


def test_db_init_then_setup(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    assert run("db", "init", "--db", str(db)).exit_code == 0
    result = run("setup", str(example_file(tmp_path)), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "Watford" in run("area", "list", "--db", str(db)).stdout


def test_every_mistake_is_listed_and_nothing_is_written(tmp_path: Path) -> None:
    text = example_file(tmp_path).read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("grant_pounds = 1_000_000", "grant_pounds = -1")
                   .replace('cost_code = "HAF-WA-WAT"', 'cost_code = "HAF-EH-BST"')
                   .replace("[bank_holidays]", "[bank_holidays]\ncolour = 'blue'"), encoding="utf-8")
    db = tmp_path / "station.db"
    result = run("setup", str(bad), "--db", str(db))
    assert_clean_exit(result, (2,))
    lines = result.stderr.strip().splitlines()
    written = bad.read_text(encoding="utf-8").splitlines()

    def line_of(needle: str) -> int:
        return next(i for i, line in enumerate(written, 1) if line.startswith(needle))

    watford_code = line_of('name = "Watford"') + 2
    assert lines[:3] == [
        f"bad.toml line {line_of('grant_pounds')}: operation.grant_pounds: an amount cannot be negative",
        f"bad.toml line {line_of('colour')}: bank_holidays.colour: unknown key (known keys: policy, "
        "extra_days)",
        f"bad.toml line {watford_code}: areas[8].cost_code: HAF-EH-BST is already "
        "the cost code of area 1",
    ]
    assert lines[3] == "hotspot-tui: bad.toml has 3 mistakes, listed above; nothing was written"
    assert not db.exists()


def test_one_mistake_is_one_line(tmp_path: Path) -> None:
    text = example_file(tmp_path).read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("starts_on = 2026-05-01", "starts_on = 2027-05-01"), encoding="utf-8")
    db = tmp_path / "station.db"
    assert run("db", "init", "--db", str(db)).exit_code == 0
    before = fingerprint(db)
    line = assert_one_line_refusal(run("setup", str(bad), "--db", str(db)))
    assert line == ("hotspot-tui: bad.toml: line 15: operation.ends_on: must be after starts_on "
                    "(2027-05-01); nothing was written")
    assert fingerprint(db) == before


def test_setup_needs_a_file_or_example(tmp_path: Path) -> None:
    assert "name the operation file" in assert_one_line_refusal(run("setup", "--db", str(tmp_path / "x.db")))
    assert "no file at" in assert_one_line_refusal(
        run("setup", str(tmp_path / "missing.toml"), "--db", str(tmp_path / "x.db")))
    assert not (tmp_path / "x.db").exists()


def test_an_empty_sqlite_file_is_made_a_database_by_setup_and_db_init(tmp_path: Path) -> None:
    for command in (["setup", str(example_file(tmp_path))], ["db", "init"]):
        path = empty_sqlite(tmp_path / f"{command[0]}.db")
        path.chmod(0o644)
        result = run(*command, "--db", str(path))
        assert result.exit_code == 0, result.output
        assert path.stat().st_mode & 0o077 == 0
        assert run("area", "list", "--db", str(path)).exit_code == 0


def test_an_empty_sqlite_file_is_refused_by_other_commands(tmp_path: Path) -> None:
    path = empty_sqlite(tmp_path / "other.db")
    before = fingerprint(path)
    for command in (["area", "list"], ["export", "payroll", "--period", "2026-06", "--final"],
                    ["import", "staff", str(tmp_path / "x.csv")]):
        line = assert_one_line_refusal(run(*command, "--db", str(path)))
        assert "is an empty SQLite file, not a hotspot-tui database" in line, (command, line)
        assert fingerprint(path) == before


def test_import_staff_defaults_the_force_and_an_employer_column_wins(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    assert run("setup", str(example_file(tmp_path)), "--db", str(db)).exit_code == 0
    csv = tmp_path / "staff.csv"
    csv.write_text(
        "Payroll number,Collar,Surname,Forename,Rank,Job title,Annual salary,Contracted hours,Employer\n"
        'HC104233,4521,Patel,Asha,Sergeant,Police Sergeant,"£52,064",40,\n'
        "HC104234,7001,Smith,John,,PCSO,23406,37,\n"
        "HC104235,1234,Jones,Kim,,Police Constable,31163,40,\n"
        "CE000001,,Brown,Lee,,Community Enforcement Officer,,37,Watford Borough Council\n",
        encoding="utf-8")
    result = run("import", "staff", str(csv), "--db", str(db))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute(
            "SELECT s.payroll_number, e.name || '/' || s.kind || '/' || coalesce(s.rank, '-') "
            "FROM staff s JOIN employers e ON e.id = s.employer_id"))
    assert rows == {
        "HC104233": "Hertfordshire Constabulary/officer/sergeant",
        "HC104234": "Hertfordshire Constabulary/pcso/-",
        "HC104235": "Hertfordshire Constabulary/officer/constable",
        "CE000001": "Watford Borough Council/ceo/-",
    }


def test_the_force_payroll_number_format_is_enforced(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    operation = example_file(tmp_path)
    operation.write_text(operation.read_text(encoding="utf-8").replace(
        '# payroll_number_format = "HC######"', 'payroll_number_format = "HC######"'), encoding="utf-8")
    assert run("setup", str(operation), "--db", str(db)).exit_code == 0
    csv = tmp_path / "staff.csv"
    csv.write_text("Payroll number,Name,Kind,Annual salary,Employer\n"
                   "HC104233,Asha Patel,PC,31163,\n"
                   "PAY-77,Jo Bloggs,PCSO,23406,\n"
                   "W-77,Kim Brown,CEO,,Watford Borough Council\n", encoding="utf-8")
    result = run("import", "staff", str(csv), "--db", str(db))
    assert_clean_exit(result, (2,))
    assert ("row 3: payroll number: PAY-77 is not a payroll number of the force (HC######: # a digit, "
            "@ a letter)") in result.stderr
    assert "row 4" not in result.stderr  # a council's people keep the council's numbers
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 0


def test_a_far_off_date_is_one_line_naming_the_range(tmp_path: Path) -> None:
    text = example_file(tmp_path).read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("starts_on = 2026-05-01", "starts_on = 1847-12-01"), encoding="utf-8")
    db = tmp_path / "station.db"
    line = assert_one_line_refusal(run("setup", str(bad), "--db", str(db)))
    assert line == ("hotspot-tui: bad.toml: line 14: operation.starts_on: 1847-12-01 is out of range: "
                    "use a date between 01 Jan 2000 and 31 Dec 2099; nothing was written")
    assert not db.exists()
