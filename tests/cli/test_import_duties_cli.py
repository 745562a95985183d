"""`hotspot-tui import duties FILE.csv`: the force roster's normal duties, all rows or none,
one line per bad row naming it and exit 2; each person's days in the file replaced; a new
working-time breach refused unless `--override REASON`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from hotspot_tui.cli import cli

HEADER = "Duty type,Payroll number,Start,End\n"


def _one(db: Path, sql: str, *params: object):  # type: ignore[no-untyped-def]
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def _state(db: Path) -> tuple:  # type: ignore[type-arg]
    return (_one(db, "SELECT * FROM normal_duties ORDER BY id"),
            _one(db, "SELECT count(*) FROM audit_log"),
            _one(db, "SELECT * FROM working_time_breaches"))


def run(db: Path, path: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--as", "Duty clerk", "import", "duties", str(path), *args,
                                    "--db", str(db)])


def _officers(db: Path, n: int = 2) -> list[str]:
    return [r[0] for r in _one(db, "SELECT payroll_number FROM staff WHERE kind = 'officer' "
                                   "AND id NOT IN (SELECT staff_id FROM assignments "
                                   "WHERE start_utc >= '2026-11-01') ORDER BY payroll_number LIMIT ?", n)]


def test_a_good_file_is_imported_and_replaces_the_days_it_covers(demo_db: Path, tmp_path: Path) -> None:
    a, b = _officers(demo_db)
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + f"Early,{a},2026-12-07 07:00,2026-12-07 15:00\n"
                    f"Night,{a},08/12/2026 22:00,09/12/2026 07:00\n"
                    f"RD,{b},2026-12-07,2026-12-08\n"
                    f"leave,{b},2026-12-09,\n", encoding="utf-8")
    dry = run(demo_db, path, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "5 duties for 2 people" in dry.output and not _one(demo_db, "SELECT * FROM normal_duties")
    result = run(demo_db, path)
    assert result.exit_code == 0, result.output
    assert "imported 5 duties for 2 people (Mon 07 Dec 2026 to Wed 09 Dec 2026)" in result.output
    rows = _one(demo_db, "SELECT s.payroll_number, n.duty_type, n.start_utc, n.end_utc, n.minutes, "
                         "n.night FROM normal_duties n JOIN staff s ON s.id = n.staff_id "
                         "ORDER BY s.payroll_number, n.start_utc")
    assert rows == [
        (a, "early", "2026-12-07T07:00:00Z", "2026-12-07T15:00:00Z", 480, 0),
        (a, "night", "2026-12-08T22:00:00Z", "2026-12-09T07:00:00Z", 540, 1),
        (b, "rest_day", "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 0, 0),
        (b, "rest_day", "2026-12-08T00:00:00Z", "2026-12-09T00:00:00Z", 0, 0),
        (b, "leave", "2026-12-09T00:00:00Z", "2026-12-10T00:00:00Z", 0, 0),
    ]
    assert _one(demo_db, "SELECT actor, details FROM audit_log WHERE action = 'duties.import'")[0][0] \
        == "Duty clerk"
    # A second export for Mon 7 Dec only replaces a's duties that day, not the night after.
    again = tmp_path / "monday.csv"
    again.write_text(HEADER + f"late,{a},2026-12-07 14:00,2026-12-07 22:00\n", encoding="utf-8")
    assert run(demo_db, again).exit_code == 0
    assert _one(demo_db, "SELECT n.duty_type FROM normal_duties n JOIN staff s ON s.id = n.staff_id "
                         "WHERE s.payroll_number = ? ORDER BY n.start_utc", a) == [("late",), ("night",)]


def test_bad_rows_are_named_one_line_each_exit_2_and_nothing_written(demo_db: Path, tmp_path: Path) -> None:
    a, _ = _officers(demo_db)
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + f"early,{a},2026-12-07 07:00,2026-12-07 15:00\n"
                    "early,ZZ99999,2026-12-07 07:00,2026-12-07 15:00\n"
                    f"late,{a},2026-12-08 25:00,2026-12-08 23:00\n"
                    f"siesta,{a},2026-12-09 13:00,2026-12-09 15:00\n"
                    f"early,{a},2026-12-10,\n"
                    f"late,{a},2026-12-07 10:00,2026-12-07 18:00\n", encoding="utf-8")
    before = _state(demo_db)
    result = run(demo_db, path)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines[:5] == [
        "bad.csv: row 3: no one has payroll number 'ZZ99999'",
        "bad.csv: row 4: start '2026-12-08 25:00' is not a real date and time",
        "bad.csv: row 5: duty type 'siesta' is not one of early, late, night, day, rest day, leave",
        "bad.csv: row 6: an early duty needs a start time, e.g. 2026-12-03 07:00",
        f"bad.csv: row 7: overlaps the early duty on Mon 07 Dec for {a}",
    ]
    assert lines[-1].startswith("hotspot-tui: 5 of 6 rows have errors; nothing was imported")
    assert "Traceback" not in result.output
    assert _state(demo_db) == before


def test_files_that_are_not_rosters_are_refused_in_one_line(demo_db: Path, tmp_path: Path) -> None:
    before = _state(demo_db)
    cases = {"missing.csv": None, "empty.csv": "", "nohead.csv": "a,b,c\n1,2,3\n",
             "binary.csv": "\x00\x01\x02"}
    for name, text in cases.items():
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
        result = run(demo_db, path)
        assert result.exit_code == 2, (name, result.output)
        assert len(result.output.strip().splitlines()) == 1, (name, result.output)
    assert _state(demo_db) == before


def test_a_roster_that_breaks_a_rule_needs_an_override(demo_db: Path, tmp_path: Path) -> None:
    number, patrol_end = _one(demo_db, """
        SELECT p.payroll_number, x.end_utc FROM assignments x JOIN staff p ON p.id = x.staff_id
        WHERE x.status = 'planned' AND x.start_utc = '2026-11-27T18:00:00Z' AND p.kind = 'officer'
        ORDER BY p.payroll_number LIMIT 1""")[0]
    assert patrol_end == "2026-11-28T02:00:00Z"
    path = tmp_path / "tight.csv"
    path.write_text(HEADER + f"early,{number},2026-11-28 07:00,2026-11-28 15:00\n", encoding="utf-8")
    before = _state(demo_db)
    refused = run(demo_db, path)
    assert refused.exit_code == 2
    assert "only 5 h rest after (before the early duty starting Sat 28 Nov 07:00)" in refused.output
    assert "--override REASON" in refused.output and len(refused.output.strip().splitlines()) == 1
    assert _state(demo_db) == before
    done = run(demo_db, path, "--override", "event cover agreed with the officer")
    assert done.exit_code == 0, done.output
    assert _one(demo_db, "SELECT rule, override_reason FROM working_time_breaches") == [
        ("daily_rest", "event cover agreed with the officer")]
    assert _one(demo_db, "SELECT reason FROM audit_log WHERE action = 'breach.override'") == [
        ("event cover agreed with the officer",)]


def test_far_off_dates_are_refused_naming_the_range(demo_db: Path, tmp_path: Path) -> None:
    [a] = _officers(demo_db, 1)
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + f"Late,{a},9999-12-31 20:00,9999-12-31 23:00\n"
                    f"Early,{a},01/12/1847 07:00,01/12/1847 15:00\n", encoding="utf-8")
    before = _state(demo_db)
    result = run(demo_db, path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.count("out of range: use a date between 01 Jan 2000 and 31 Dec 2099") == 3
    assert "row 2: start '9999-12-31 20:00'" in result.stderr
    assert "row 3: start '01/12/1847 07:00'" in result.stderr
    assert _state(demo_db) == before
