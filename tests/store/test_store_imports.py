"""The store loads sqlite-utils without numpy (installed, as Shapely needs it), and without
the import machinery's abstract classes that a start would pay for."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
import hotspot_tui.store
import sqlite_utils.db
print("numpy" in sys.modules, "importlib.abc" in sys.modules)
import numpy
print(numpy.__name__)
"""


def test_sqlite_utils_is_loaded_without_numpy_which_can_still_be_imported() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "False False"
    assert out[1] == "numpy"
