"""Sections of docs/PERFORMANCE.md that one benchmark writes, each between its own markers,
leaving the rest of the document as it is."""

from __future__ import annotations

from pathlib import Path


def write_section(doc: Path, text: str, start: str, end: str) -> None:
    """Put `text` (which begins with `start` and ends with `end`) in `doc` in place of the
    section between those markers, or at the end; the rest is kept."""
    old = doc.read_text() if doc.exists() else "# Performance\n"
    if start in old and end in old:
        head, rest = old.split(start, 1)
        tail = rest.split(end, 1)[1].lstrip("\n")
        new = head + text + ("\n" + tail if tail else "")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    doc.write_text(new)
