"""The domain layer is pure Python: importing all of it loads no UI and no SQL."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import hotspot_tui.domain as domain
for module in pkgutil.walk_packages(domain.__path__, "hotspot_tui.domain."):
    importlib.import_module(module.name)
loaded = sorted(m for m in sys.modules
                if m.split(".")[0] in {"textual", "sqlite3", "_sqlite3", "sqlite_utils"}
                or m.startswith(("hotspot_tui.store", "hotspot_tui.tui", "hotspot_tui.services")))
print(",".join(loaded))
"""


def test_importing_the_whole_domain_loads_no_ui_and_no_sql() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"domain pulled in: {result.stdout.strip()}"
