"""The type checker's rules that the checker itself does not hold.

`make test` runs mypy over hotspot_tui/ for Linux and for Windows; these keep its
configuration honest: it checks at the lowest Python the project supports, and every report it
is told to ignore names the error and says why beside it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<rest>.*)$")
WITH_CODE_AND_REASON = re.compile(r"^\[[a-z-]+(,\s*[a-z-]+)*\]\s+#\s*\S")


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_checker_runs_at_the_lowest_supported_python() -> None:
    project = _pyproject()
    lowest = re.fullmatch(r">=\s*(\d+\.\d+)", project["project"]["requires-python"])
    assert lowest is not None
    assert project["tool"]["mypy"]["python_version"] == lowest.group(1)


def test_the_test_command_checks_types_for_linux_and_windows() -> None:
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1].split("\n\n")[0]
    assert "mypy --platform linux" in recipe
    assert "mypy --platform win32" in recipe


def ignores_without_reason(text: str) -> list[int]:
    """Line numbers of `# type: ignore` comments that name no error code or give no reason."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = IGNORE.search(line)
        if match and not WITH_CODE_AND_REASON.match(match.group("rest").strip()):
            found.append(number)
    return found


def test_an_ignore_needs_its_code_and_a_reason() -> None:
    assert ignores_without_reason("x = 1  # type: ignore[misc]  # set per database\n") == []
    assert ignores_without_reason("x = 1  # type: ignore[misc]\n") == [1]
    assert ignores_without_reason("\nx = 1  # type: ignore  # no code\n") == [2]


def test_every_ignore_in_the_program_says_why() -> None:
    bare = {
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "hotspot_tui").rglob("*.py"))
        for number in ignores_without_reason(path.read_text(encoding="utf-8"))
    }
    assert bare == set()
