"""Every test the README and docs/*.md name is a real test: a file `tests/...py` or
`test_x.py` exists, and `file::name` (or `::name`, `…::name` after a file named earlier in
the same paragraph, list or table row) is a test function or class defined in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
REFERENCE = re.compile(
    r"(?P<file>(?<![\w/])(?:tests/[\w/-]+/)?test_\w+\.py|tests/[\w/-]+\.py)(?:::(?P<name>\w+))?"
    r"|(?<![\w.])(?:…)?::(?P<alone>\w+)")


def _blocks(text: str) -> list[str]:
    """Paragraphs and lists (a list item may go on from the file of the one before it);
    each table row stands alone."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("|"):
            if current:
                blocks.append("\n".join(current))
                current = []
            if line.strip():
                blocks.append(line)
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _file(named: str) -> Path | None:
    if named.startswith("tests/"):
        path = ROOT / named
        return path if path.is_file() else None
    found = sorted((ROOT / "tests").rglob(named))
    return found[0] if len(found) == 1 else None


def _defines(path: Path, name: str) -> bool:
    return re.search(rf"^\s*(?:async\s+)?def {name}\(|^class {name}\b", path.read_text(encoding="utf-8"),
                     re.M) is not None


def references() -> list[tuple[str, str, Path | None, str | None]]:
    """(document, the reference as written, the file it names, the test it names)."""
    found: list[tuple[str, str, Path | None, str | None]] = []
    for doc in DOCS:
        for block in _blocks(doc.read_text(encoding="utf-8")):
            last: str | None = None
            for m in REFERENCE.finditer(block):
                if m["file"]:
                    last = m["file"]
                    found.append((doc.name, m[0], _file(m["file"]), m["name"]))
                else:
                    found.append((doc.name, m[0], _file(last) if last else None, m["alone"]))
    return found


def test_the_docs_name_tests() -> None:
    assert len(references()) > 100  # the pattern still finds what the docs write


@pytest.mark.parametrize(("doc", "written", "path", "name"), references(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_every_test_the_docs_name_exists(doc: str, written: str, path: Path | None,
                                         name: str | None) -> None:
    assert path is not None, f"{doc}: {written} names no test file (or more than one)"
    if name:
        assert _defines(path, name), f"{doc}: {written}: no {name} in {path.relative_to(ROOT)}"
