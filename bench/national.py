"""The national sample's figures beside the county's: `bench/benchmark.py --scale national`
(or `make bench-national`) writes this section of docs/PERFORMANCE.md. Each row measured on
the national file is set beside the same row of the main (county) table, with the ratio and
whether it is within 1.2x; rows measured by an earlier national run are kept."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from bench.doc_sections import write_section

SECTION_START = "<!-- national scale: bench/benchmark.py --scale national writes this section -->"
SECTION_END = "<!-- end of national scale -->"
HEADER = "| # | action | county | national | ratio | target | met |"
TARGET = 1.2
"""Every figure on the national file within this many times its county figure."""


class Measured(Protocol):
    number: str
    action: str
    value: float
    unit: str


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _figure(cell: str) -> Figure | None:
    number, _, unit = cell.partition(" ")
    try:
        return Figure(float(number.replace(",", "")), unit)
    except ValueError:
        return None


def _table_rows(lines: list[str], header: str) -> dict[str, list[str]]:
    """The rows of the first table whose header line starts with `header`, by number."""
    start = next((i for i, line in enumerate(lines) if line.startswith(header)), None)
    rows: dict[str, list[str]] = {}
    if start is None:
        return rows
    for line in lines[start + 2:]:
        if not line.startswith("| "):
            break
        cells = _cells(line)
        rows[cells[0]] = cells
    return rows


def county_figures(doc: str) -> dict[str, Figure]:
    """Each row's result in the main table of the performance document (the county's)."""
    figures = {}
    for number, cells in _table_rows(doc.splitlines(), "| # | action | result |").items():
        found = _figure(cells[2]) if len(cells) > 2 else None
        if found is not None:
            figures[number] = found
    return figures


def _row_line(number: str, action: str, national: Figure, county: Figure | None) -> str:
    if county is None or county.unit != national.unit or county.value <= 0:
        return (f"| {number} | {action} | - | {national.value:,.1f} {national.unit} | - | "
                f"≤ {TARGET}× county | - |")
    # A rate (rows a second) is better higher: its ratio is the county's over the national's,
    # so that for every row the ratio is how many times longer the national file takes.
    ratio = (county.value / national.value if national.unit.endswith("/s")
             else national.value / county.value)
    met = "yes" if ratio <= TARGET else "**no**"
    return (f"| {number} | {action} | {county.value:,.1f} {county.unit} | "
            f"{national.value:,.1f} {national.unit} | {ratio:.2f}× | ≤ {TARGET}× county | {met} |")


def _sort_key(number: str) -> tuple[int, str]:
    digits = "".join(c for c in number if c.isdigit())
    return int(digits or 0), number[len(digits):]


def section(doc: str, rows: Iterable[Measured], *, db: Path, runs: int, load: str) -> str:
    """The section with `rows` (measured on the national file `db`) beside the county
    figures of `doc`, keeping the rows of the section already in `doc` that were not
    measured again."""
    county = county_figures(doc)
    old = doc.split(SECTION_START, 1)[1].split(SECTION_END, 1)[0] if SECTION_START in doc else ""
    kept = _table_rows(old.splitlines(), "| # | action | county |")
    lines: dict[str, str] = {}
    for number, cells in kept.items():
        national = _figure(cells[3]) if len(cells) > 3 else None
        if national is not None:
            lines[number] = _row_line(number, cells[1], national, county.get(number))
    fresh = list(rows)
    for r in fresh:
        lines[r.number] = _row_line(r.number, r.action, Figure(r.value, r.unit), county.get(r.number))
    measured = ", ".join(r.number for r in fresh)
    text = [
        SECTION_START,
        "## The national sample beside the county",
        "",
        f"Rows {measured} measured {datetime.now(UTC):%Y-%m-%d %H:%M UTC} on `{db.name}` "
        f"({db.stat().st_size / 2**20:,.0f} MiB: `hotspot-tui sample --scale national`, five "
        "million assignments over three times the county's areas and five years; read "
        "through once before the runs, as the county file is), each the "
        f"median of {runs} runs ({load}); any other rows are from earlier national runs. The "
        "county figures are the main table's. Target: every figure within "
        f"{TARGET}× of its county value. Regenerate with `make bench-national`.",
        "",
        HEADER,
        "| --- | --- | ---: | ---: | ---: | --- | --- |",
        *(lines[n] for n in sorted(lines, key=_sort_key)),
        SECTION_END,
    ]
    return "\n".join(text)


def write(out: Path, rows: Iterable[Measured], *, db: Path, runs: int, load: str) -> None:
    doc = out.read_text() if out.exists() else ""
    write_section(out, section(doc, rows, db=db, runs=runs, load=load), SECTION_START, SECTION_END)
