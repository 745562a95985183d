"""`hotspot-tui settings show|set` on a file made by `db init`, and recosting the demo
operation's patrols from a date."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.domain.settings import SETTINGS


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--as", "Insp Finance", *args, "--db", str(db)])


def state(db: Path) -> tuple[object, ...]:
    conn = sqlite3.connect(str(db))
    try:
        return (
            conn.execute("SELECT * FROM setting_values ORDER BY key, effective_from").fetchall(),
            conn.execute("SELECT count(*) FROM audit_log").fetchone()[0],
            conn.execute("SELECT id, cost_pence FROM assignments ORDER BY id").fetchall(),
        )
    finally:
        conn.close()


@pytest.fixture
def new_db(tmp_path: Path) -> Path:
    path = tmp_path / "force.db"
    made = CliRunner().invoke(cli, ["db", "init", "--db", str(path)])
    assert made.exit_code == 0, made.output
    return path


def test_show_lists_every_setting_with_its_value_and_history(new_db: Path) -> None:
    shown = run(new_db, "settings", "show")
    assert shown.exit_code == 0, shown.output
    for key in SETTINGS:
        assert key in shown.output
    assert "officer.overtime_multiplier" in shown.output and "4/3" in shown.output

    changed = run(new_db, "settings", "set", "officer.overtime_multiplier", "3/2", "--from",
                  "2027-09-01", "--reason", "Police pay award [/] 2027")
    assert changed.exit_code == 0, changed.output
    assert "from 4/3 to 3/2 from Wed 01 Sep 2027" in changed.output
    assert "no patrol's cost changes" in changed.output

    data = json.loads(run(new_db, "settings", "show", "--json", "--on", "2027-09-01").output)
    line = next(s for s in data["settings"] if s["key"] == "officer.overtime_multiplier")
    assert (line["value"], line["in_force_since"], line["default"]) == ("3/2", "2027-09-01", "4/3")
    assert [(h["effective_from"], h["value"], h["recorded_by"], h["reason"]) for h in line["history"]] == [
        ("2027-09-01", "3/2", "Insp Finance", "Police pay award [/] 2027")]
    before = json.loads(run(new_db, "settings", "show", "--json", "--on", "2027-08-31").output)
    assert next(s for s in before["settings"] if s["key"] == line["key"])["value"] == "4/3"
    text = run(new_db, "settings", "show", "--on", "2027-08-31").output
    assert "3/2 from Wed 01 Sep 2027" in text


@pytest.mark.parametrize(("args", "message"), [
    (["officer.overtime_multiplier", "-2", "--from", "2027-09-01", "--reason", "r"], "must not be negative"),
    (["officer.no_such_rule", "2", "--from", "2027-09-01", "--reason", "r"], "is not a setting"),
    (["working_time.reference_weeks", "99", "--from", "2027-09-01", "--reason", "r"], "reference_weeks"),
    (["calendar.day_starts", "7am", "--from", "2027-09-01", "--reason", "r"], "calendar.day_starts"),
    (["officer.overtime_multiplier", "2", "--from", "1 Jan 1990", "--reason", "r"], "between"),
    (["officer.overtime_multiplier", "2", "--from", "someday", "--reason", "r"], "--from"),
    (["officer.overtime_multiplier", "2", "--reason", "r"], "--from"),
    (["officer.overtime_multiplier", "2", "--from", "2027-09-01"], "--reason"),
])
def test_a_bad_key_value_or_date_is_one_line_exit_2_and_changes_nothing(new_db: Path, args, message) -> None:  # type: ignore[no-untyped-def]
    before = state(new_db)
    result = run(new_db, "settings", "set", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert state(new_db) == before


def test_set_lists_the_patrols_it_recosts_and_a_dry_run_keeps_nothing(demo_db: Path) -> None:
    before = state(demo_db)
    args = ["settings", "set", "officer.rest_day_multiplier", "2", "--from", "2026-11-01"]
    dry = run(demo_db, *args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would recost" in dry.output and "Nov 2026" in dry.output
    assert state(demo_db) == before
    done = run(demo_db, *args, "--reason", "Force agreement")
    assert done.exit_code == 0, done.output
    assert done.output.replace("recosted", "would recost").replace(" changed ", " would change ") \
        == dry.output
    after = state(demo_db)
    assert after[0] != before[0] and after[1] == before[1] + 1 and after[2] != before[2]
    listed = [line for line in done.output.splitlines() if line.startswith("  ")]
    assert listed and all("Oct" not in line for line in listed)
