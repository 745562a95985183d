"""Europe/London is known on a machine with no time zone database of its own.

Windows has none: Python's zoneinfo then reads the `tzdata` package, a dependency for that
reason. An empty PYTHONTZPATH gives the program the same view of the machine here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

QUOTE = ["pay", "quote", "--kind", "officer", "--rank", "constable", "--salary", "40000",
         "--start", "2026-10-25 00:30", "--end", "2026-10-25 03:30", "--fold", "earlier", "--json"]


def test_a_command_reads_london_time_without_a_system_time_zone_database() -> None:
    env = {**os.environ, "PYTHONTZPATH": ""}
    probe = subprocess.run([sys.executable, "-c", "import zoneinfo; print(zoneinfo.TZPATH)"],
                           capture_output=True, text=True, env=env, check=True)
    assert probe.stdout.strip() == "()"  # no system database, as on Windows
    quoted = subprocess.run([sys.executable, "-m", "hotspot_tui", *QUOTE], capture_output=True,
                            text=True, env=env, timeout=120, check=False)
    assert (quoted.returncode, quoted.stderr) == (0, "")
    # the night the clocks go back: 00:30 BST to 03:30 GMT is four hours worked
    assert json.loads(quoted.stdout)["total_minutes"] == 240
