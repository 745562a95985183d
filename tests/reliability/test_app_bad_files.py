"""Bad files through the real app: `hotspot-tui --db BAD` in a child process prints one line,
exits 2, and leaves the file as it was. (The locked case, which waits out the real timeout, is in
test_concurrency.py.)"""

from __future__ import annotations

import subprocess
import sys

import bad_files
import pytest

CASES = {**bad_files.REFUSED, **bad_files.REFUSED_BY_THE_APP}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_app_refuses_a_bad_file_in_one_line(case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "files").mkdir()
    bad = CASES[case](tmp_path / "files" / "hotspot.db")
    before = bad_files.fingerprint(bad)
    proc = subprocess.run(
        [sys.executable, "-m", "hotspot_tui", "--db", str(bad), "--as", "PS Tester"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg")},
    )
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hotspot-tui: "), proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout == ""
    assert bad_files.fingerprint(bad) == before
