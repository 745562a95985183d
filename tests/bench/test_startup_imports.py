"""Start-up pays only for what the first screen needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from pathlib import Path
from hotspot_tui.services.session import open_session
from hotspot_tui.services.dashboard import dashboard
session = open_session(Path(sys.argv[1]), "probe", verify=True)
dashboard(session)
watched = ("hotspot_tui.services.costing", "holidays", "pydantic", "sqlite_utils")
print(",".join(m for m in watched if m in sys.modules))
"""


def _loaded_after_open(db: Path) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, str(db)], capture_output=True, text=True,
                         check=True).stdout.strip()
    return set(out.split(",")) - {""}


def test_opening_a_costed_file_and_reading_the_first_figures_loads_no_more(demo_db: Path) -> None:
    """Neither the pay engine nor sqlite-utils: the first screen's figures are plain SQL."""
    assert _loaded_after_open(demo_db) == set()


def test_a_file_never_costed_is_costed_on_opening(demo_db: Path) -> None:
    import sqlite3

    with sqlite3.connect(demo_db) as conn:
        conn.execute("DELETE FROM pay_lines")
    assert "hotspot_tui.services.costing" in _loaded_after_open(demo_db)
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("SELECT count(*) FROM pay_lines").fetchone()[0] > 0


AFTER_FIRST_FRAME = """
import asyncio, sys
from pathlib import Path
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import make_app

async def main():
    app = make_app(open_session(Path(sys.argv[1]), "probe", verify=True))
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        sections = [s.module for s in app.sections]
        print(sorted(m for m in sections if m not in sys.modules))
        print("sqlite_utils" in sys.modules)

asyncio.run(main())
"""


def test_the_store_library_loads_once_the_first_frame_is_shown(demo_db: Path) -> None:
    """Left out of start-up, it is loaded while the supervisor reads the dashboard, not on
    their first key press."""
    out = subprocess.run([sys.executable, "-c", AFTER_FIRST_FRAME, str(demo_db)],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out.endswith("True")


def test_every_sections_modules_are_imported_while_the_first_screen_is_read(demo_db: Path) -> None:
    """A section opened for the first time does not wait for its imports (the roster's
    are the pay engine and the working-time rules)."""
    out = subprocess.run([sys.executable, "-c", AFTER_FIRST_FRAME, str(demo_db)],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out.splitlines()[-2] == "[]"
