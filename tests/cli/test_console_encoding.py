"""A name with letters the console's code page lacks is printed, not a crash.

Windows gives a redirected or piped command the console's code page (cp437 in the classic
console); Python then refuses any character outside it. PYTHONIOENCODING gives the program
the same streams here, so the commands run as they would there.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from hotspot_tui.cli.console import shows_every_character, tolerate_unshowable_characters

NAME = "Łódź Café"  # Ł and ź are not in cp437; ó and é are


def _cli(db: Path, *args: str, encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "hotspot_tui", *args, "--db", str(db)],
                          capture_output=True, env=env, timeout=120, check=False)


def test_a_command_prints_an_accented_name_in_the_classic_console_code_page(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    assert _cli(db, "db", "init", encoding="cp437").returncode == 0
    added = _cli(db, "area", "add", NAME, "--district", "Dacorum", "--cost-code", "HAF-DA-LOD",
                 encoding="cp437")
    assert (added.returncode, added.stderr) == (0, b"")
    assert added.stdout.decode("cp437").strip() == "added ?ód? Café"
    listed = _cli(db, "area", "list", encoding="cp437")
    assert listed.returncode == 0
    assert "?ód? Café" in listed.stdout.decode("cp437")
    refused = _cli(db, "area", "add", NAME, "--district", "Dacorum", "--cost-code", "HAF-DA-LD2",
                   encoding="cp437")
    assert refused.returncode == 2
    assert refused.stderr.decode("cp437").strip() == "hotspot-tui: there is already an area called ?ód? Café"


def test_a_utf8_console_shows_the_name_as_typed(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    assert _cli(db, "db", "init", encoding="utf-8").returncode == 0
    added = _cli(db, "area", "add", NAME, "--district", "Dacorum", "--cost-code", "HAF-DA-LOD",
                 encoding="utf-8")
    assert added.stdout.decode("utf-8").strip() == f"added {NAME}"


def test_only_streams_that_lack_characters_are_changed() -> None:
    narrow = io.TextIOWrapper(io.BytesIO(), encoding="cp437")
    wide = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    tolerate_unshowable_characters(narrow, wide, None)
    assert (narrow.errors, wide.errors) == ("replace", "strict")
    narrow.write(NAME)
    narrow.flush()
    assert narrow.buffer.getvalue() == "?ód? Café".encode("cp437")


def test_which_encodings_show_every_character() -> None:
    assert shows_every_character("UTF-8") and shows_every_character("utf_16")
    assert not shows_every_character("cp1252")
    assert not shows_every_character("cp437")
    assert not shows_every_character(None)
    assert not shows_every_character("no-such-codec")
