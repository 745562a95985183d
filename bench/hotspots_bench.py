"""Finding hotspots and an area's chart: ranking places over a force's year, with the trend
against the year before, and refreshing an area's before-and-after chart.

    python bench/benchmark.py --only hotspots    # these rows alone, into docs/PERFORMANCE.md

Two years of a force's street-level files (12,000 rows a month, generated in data.police.uk's
format by `bench/police_import.py`'s generator) are imported through `import crime`'s own
code into a file set up by `db init` and `setup --example` (the twelve areas placed at their
town centres). The ranking and the chart are timed at the service layer, as the Hotspots
section and an area's view call them; each figure is the median of the runs after one
warm-up run.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import doc_sections  # noqa: E402

SECTION_START = "<!-- hotspots: bench/benchmark.py --only hotspots writes this section -->"
SECTION_END = "<!-- end of hotspots -->"
MONTHS = [f"{2025 + i // 12}-{i % 12 + 1:02d}" for i in range(24)]
"""2025-01 to 2026-12: the year ranked (2026) and the year before it, for the trend."""
ACTOR = "bench"


def _database(folder: Path) -> tuple[Path, int]:
    from bench.police_import import MONTH_ROWS, _base, street_file
    from hotspot_tui.services.crime_files import crime_files
    from hotspot_tui.services.police_import import import_crime_file
    from hotspot_tui.services.session import open_session

    db = _base(folder)
    session = open_session(db, ACTOR)
    try:
        for i, month in enumerate(MONTHS):
            path = folder / f"{month}-hertfordshire-street.csv"
            street_file(path, month, MONTH_ROWS, seed=100 + i)
            for source in crime_files(path):
                import_crime_file(session, source)
            path.unlink()
    finally:
        session.close()
    return db, MONTH_ROWS * 12


def _timed(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[1:])


def measure(runs: int) -> list[tuple[str, str, float, str, bool]]:
    """(number, action, ms, target, met) for each row."""
    import plotext

    from hotspot_tui.domain.hotspots import hotspot_query
    from hotspot_tui.services.evidence import area_evidence
    from hotspot_tui.services.hotspots import find_hotspots
    from hotspot_tui.services.session import open_reading_session
    from hotspot_tui.tui.screens.area import draw_chart

    folder = Path(tempfile.mkdtemp(prefix="hotspot-bench-hotspots-"))
    try:
        db, year_rows = _database(folder)
        os.sync()
        session = open_reading_session(db, ACTOR)
        try:
            asb = hotspot_query("2026-01", "2026-12", crime="ASB")
            every = hotspot_query("2026-01", "2026-12")
            lsoa = hotspot_query("2026-01", "2026-12", crime="ASB", by="lsoa")

            def chart() -> None:
                evidence = area_evidence(session, "Watford")
                plotext.clear_figure()
                draw_chart(plotext, evidence)
                plotext.plotsize(78, 16)
                plotext.build()

            rows = [
                ("40", f"hotspots: ASB by 250 m cell over a force's year ({year_rows:,} rows), top 20 "
                 "with the trend against the year before", _timed(lambda: find_hotspots(session, asb), runs),
                 "≤ 200 ms"),
                ("41", "hotspots: every crime type by 250 m cell, the same year, top 20 with trend",
                 _timed(lambda: find_hotspots(session, every), runs), "≤ 200 ms"),
                ("42", "hotspots: ASB by LSOA, the same year, top 20 with trend",
                 _timed(lambda: find_hotspots(session, lsoa), runs), "≤ 200 ms"),
                ("43", "an area's chart refreshed: its months read, the comparisons made, the chart "
                 "drawn at 80 columns", _timed(chart, runs), "≤ 50 ms"),
            ]
        finally:
            session.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [(n, action, ms, target, ms <= float(target.split()[1])) for n, action, ms, target in rows]


def section(measured: list[tuple[str, str, float, str, bool]], runs: int) -> str:
    one, five, _ = os.getloadavg()
    lines = [
        SECTION_START,
        "## Finding hotspots and did it work",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} with `--only hotspots` on "
        f"{platform.system()}, {os.cpu_count()} cores, Python {platform.python_version()} (these rows "
        f"only; load average {one:.1f} / {five:.1f} over 1 / 5 minutes at the end: above 1, other "
        f"work shared the two cores and the figures are inflated). {len(MONTHS)} months of a force, "
        "12,000 rows each, "
        f"imported through `import crime`'s code; median of {runs} runs after a warm-up.",
        "",
        "| # | action | result | target | met |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for number, action, ms, target, met in measured:
        lines.append(f"| {number} | {action} | {ms:,.1f} ms | {target} | {'yes' if met else '**no**'} |")
    lines += ["", "The ranking is one GROUP BY over the police records' one covering index for the months "
              "chosen (a cell is arithmetic on the record's own longitude and latitude, `domain/grid.py`). "
              "The page's trend, main LSOA and middle come from one more query over the same index: "
              "for cells searched by month, crime type and the longitudes of the page's columns, so it "
              "reads those columns' records over the two years (for every crime type, about a twelfth "
              "of them), not the months whole; for LSOAs (row 42) the chosen type's entries of the two "
              "years, kept for the page's codes. An LSOA's name is one record read from the table a "
              "place. Every crime type (row 41) groups every located record of the year, about "
              "140,000 cell keys sorted in a temporary B-tree: about three quarters of its time, the "
              "page's details most of the rest. One type (row 40) groups about a fourteenth of that. "
              "A summary of counts by month, type and fine cell kept at import would cut the grouping "
              "(not built).",
              "", SECTION_END]
    return "\n".join(lines) + "\n"


def write_section(doc: Path, text: str) -> None:
    """This benchmark's section of `doc`, in place of the last one or at the end."""
    doc_sections.write_section(doc, text, SECTION_START, SECTION_END)
