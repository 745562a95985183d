"""A command the program suggests can be copied into the shell as it is, whatever the path:
spaces, backslashes and drive letters (Windows: `C:\\Users\\PS 1234\\...`) included."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from hotspot_tui.os_support import command_argument


def test_a_windows_path_with_a_space_is_put_in_double_quotes() -> None:
    assert command_argument(r"C:\Users\PS 1234\AppData\Local\hotspot-tui\hotspot.db", "win32") == (
        r'"C:\Users\PS 1234\AppData\Local\hotspot-tui\hotspot.db"')
    assert command_argument(r"D:\ops\station.db", "win32") == r"D:\ops\station.db"
    assert command_argument(r"\\nas\ops\O'Brien.db", "win32") == '"' + r"\\nas\ops\O'Brien.db" + '"'
    assert command_argument("", "win32") == '""'


def test_a_posix_path_is_quoted_for_the_shell() -> None:
    assert command_argument("/home/ps/station.db", "linux") == "/home/ps/station.db"
    assert command_argument("/home/ps 1234/O'Brien.db", "linux") == "'/home/ps 1234/O'\"'\"'Brien.db'"


def test_the_suggested_command_works_as_printed(tmp_path: Path) -> None:
    folder = tmp_path / "PS 1234's files"
    folder.mkdir()
    missing = folder / "station.db"
    shown = subprocess.run([sys.executable, "-m", "hotspot_tui", "area", "list", "--db", str(missing)],
                           capture_output=True, text=True, timeout=120, check=False)
    assert shown.returncode == 2
    suggested = shown.stderr.split("`")[1]
    assert suggested == f"hotspot-tui db init --db {shlex.quote(str(missing))}"
    words = shlex.split(suggested)
    made = subprocess.run([sys.executable, "-m", "hotspot_tui", *words[1:]], capture_output=True,
                          text=True, timeout=120, check=False)
    assert made.returncode == 0, made.stderr
    assert missing.is_file()
