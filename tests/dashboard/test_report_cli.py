"""`hotspot-tui report` in each format, and its refusals."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.exports.cells import neutralise

REPO = Path(__file__).resolve().parents[2]
STABLE_KEYS = {"hours", "patrols", "arrests", "stop_searches", "weapons", "asb_powers", "spend_pence",
               "by_area", "from", "to", "grant_pence"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def shipped_sample(tmp_path: Path) -> Path:
    """A copy of the demo sample.db that ships in the repository."""
    path = tmp_path / "sample.db"
    shutil.copyfile(REPO / "sample.db", path)
    path.chmod(0o600)
    return path


def test_the_shipped_demo_reports_157_arrests_and_about_12000_hours(shipped_sample: Path) -> None:
    code, out, err = run("report", "--db", str(shipped_sample), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= STABLE_KEYS
    assert data["arrests"] == 157
    assert 12_000 <= data["hours"] <= 12_500
    assert set(data["asb_powers"]) == {"dispersals", "cpw", "cpn", "pspo", "informal_warnings"}


def test_json_figures_add_up(demo_db: Path) -> None:
    con = sqlite3.connect(demo_db)
    con.execute("UPDATE assignments SET cost_pence = worked_minutes * 61 WHERE status = 'worked'")
    con.commit()
    minutes, pence, patrols = con.execute(
        "SELECT sum(worked_minutes), sum(cost_pence), count(DISTINCT shift_id) FROM assignments"
        " WHERE status = 'worked'").fetchone()
    lines = con.execute("SELECT sum(amount_pence) FROM spend_lines").fetchone()[0]
    con.close()
    code, out, err = run("report", "--db", str(demo_db), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["minutes"] == minutes and data["hours"] == round(minutes / 60, 2)
    assert data["patrols"] == patrols
    assert data["spend_pence"] == pence + lines and data["patrol_spend_pence"] == pence
    assert data["cost_per_patrol_hour_pence"] == 61 * 60
    assert data["grant_pence"] == 100_000_000
    assert isinstance(data["by_area"], list) and len(data["by_area"]) == 12
    for area in data["by_area"]:
        assert STABLE_KEYS - {"by_area", "from", "to", "grant_pence"} <= set(area)
    assert sum(a["arrests"] for a in data["by_area"]) == data["arrests"]
    assert sum(a["minutes"] for a in data["by_area"]) == minutes
    assert data["police_data_sample"] is True


def test_date_range_and_area(demo_db: Path) -> None:
    code, out, _ = run("report", "--db", str(demo_db), "--format", "json", "--from", "2026-06-01",
                       "--to", "2026-06-30", "--area", "watford")
    assert code == 0
    data = json.loads(out)
    assert (data["from"], data["to"], data["area"]) == ("2026-06-01", "2026-06-30", "Watford")
    assert [a["area"] for a in data["by_area"]] == ["Watford"]
    con = sqlite3.connect(demo_db)
    expected = con.execute("""
        SELECT count(DISTINCT s.id) FROM assignments a JOIN shifts s ON s.id = a.shift_id
        JOIN areas ar ON ar.id = s.area_id
        WHERE a.status = 'worked' AND ar.name = 'Watford'
          AND s.local_date BETWEEN '2026-06-01' AND '2026-06-30'
    """).fetchone()[0]
    con.close()
    assert data["patrols"] == expected > 0
    assert data["other_spend_pence"] == 2_400_000  # the CCTV cameras, 12 June, Watford


def test_markdown(demo_db: Path) -> None:
    code, out, _ = run("report", "--db", str(demo_db))
    assert code == 0
    assert out.startswith("# Operation report: all areas, 01 May 2026 to 30 Apr 2027")
    assert "| arrests | 157 |" in out
    assert "| grant | £1,000,000.00 |" in out
    assert "| Watford |" in out
    asb = out.split("## Anti-social behaviour recorded by the police")[1]
    assert "SAMPLE DATA: the police data is generated for the demonstration" in asb


def test_csv_money_in_pounds_and_cells_neutralised(demo_db: Path) -> None:
    con = sqlite3.connect(demo_db)
    con.execute("UPDATE areas SET name = '=HYPERLINK(\"http://x\")' WHERE name = 'Watford'")
    con.commit()
    con.close()
    code, out, _ = run("report", "--db", str(demo_db), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    footer = rows.pop()
    assert footer["from"] == "AUDIT" and footer["to"] == "Audit checkpoint"
    assert rows[-1]["area"] == "Total" and rows[-1]["arrests"] == "157"
    assert all(r["spend"].startswith("£") and r["spend"][-3] == "." for r in rows)
    assert any(r["area"] == "'=HYPERLINK(\"http://x\")" for r in rows)
    assert not any(r["area"].startswith(("=", "+", "-", "@")) for r in rows)


def test_out_file_is_owner_only(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    code, out, err = run("report", "--db", str(demo_db), "--format", "json", "--out", str(target))
    assert code == 0 and out == "" and "wrote" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text())["arrests"] == 157
    assert f"wrote {target}" in err


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_out_never_follows_a_symlink_or_replaces_a_file(demo_db: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    victim.chmod(0o644)
    link = tmp_path / "r.md"
    link.symlink_to(victim)
    code, _, err = run("report", "--db", str(demo_db), "--out", str(link))
    assert code == 2 and "already exists" in err and err.count("\n") == 1
    assert victim.read_text() == "precious" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    code, _, err = run("report", "--db", str(demo_db), "--out", str(victim))
    assert code == 2 and "already exists" in err and victim.read_text() == "precious"


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2026-13-01"], "--from: '2026-13-01' is not a real date"),
    (["--to", "someday"], "--to: 'someday' is not a date"),
    (["--from", "2026-07-01", "--to", "2026-06-01"], "is before --from"),
    (["--area", "Atlantis"], "no area called 'Atlantis'"),
    (["--format", "xml"], "'xml' is not one of"),
    (["--bogus"], "No such option"),
])
def test_bad_arguments_one_line_exit_2(demo_db: Path, args: list[str], message: str) -> None:
    code, out, err = run("report", "--db", str(demo_db), *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hotspot-tui: ") and message in lines[0]


def test_missing_database(tmp_path: Path) -> None:
    code, _, err = run("report", "--db", str(tmp_path / "none.db"))
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_read_only_file_is_fine(demo_db: Path) -> None:
    demo_db.chmod(0o400)
    try:
        code, out, err = run("report", "--db", str(demo_db), "--format", "json")
    finally:
        demo_db.chmod(0o600)
    assert code == 0, err
    assert json.loads(out)["arrests"] == 157


@pytest.mark.parametrize(("text", "safe"), [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Watford", "Watford"), ("", ""), ("St Albans = best", "St Albans = best"),
])
def test_neutralise(text: str, safe: str) -> None:
    assert neutralise(text) == safe
