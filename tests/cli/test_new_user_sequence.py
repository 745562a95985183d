"""A new user's first minutes, exactly as the quick start has them, run as real commands:
db init, setup --example written to a file, setup from that file, import a staff list whose
payroll numbers are plain digits, plan a month of Friday patrols. The example operation file
sets no payroll-number format, so any payroll number is accepted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STAFF = ("Payroll number,Name,Kind,Rank,Annual salary,Contracted hours\n"
         "700001,Test Officer,officer,constable,50257,40\n"
         "700002,Test PCSO,PCSO,,23406,37\n")
PLAN = ("every Fri 18:00-02:00 in Watford from 2026-11-06 until 2026-11-27, "
        "need 1 officer and 1 PCSO")


def hotspot(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HOTSPOT_DB"}
    done = subprocess.run([sys.executable, "-m", "hotspot_tui", *args], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done


def test_db_init_example_setup_import_and_plan(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
    hotspot("db", "init", "--db", db)
    (tmp_path / "op.toml").write_text(hotspot("setup", "--example").stdout, encoding="utf-8")
    assert "12 areas, 3 councils/BIDs" in hotspot("setup", str(tmp_path / "op.toml"), "--db", db).stdout
    assert "imported 2 people" in hotspot("import", "staff", str(tmp_path / "staff.csv"), "--db", db).stdout
    planned = hotspot("patrol", "plan", PLAN, "--db", db).stdout
    assert planned.startswith("added 4 patrols: every Fri 18:00-02:00 in Watford")
    for day in ("Fri 06 Nov 2026", "Fri 13 Nov 2026", "Fri 20 Nov 2026", "Fri 27 Nov 2026"):
        assert day in planned
    assert "£23,406.00 a year, 37:00 h a week" in hotspot("staff", "pay-history", "700002", "--db", db).stdout
