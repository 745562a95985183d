"""Police data import: one force-month and a force-year of street-level files, in rows a second,
beside the anchor `sqlite3 -csv .import` of the same files into a plain table.

    python bench/benchmark.py --only police      # these rows alone, into docs/PERFORMANCE.md

The files are generated in data.police.uk's format (12,000 rows a month, a large county's
month: crime ids, anti-social behaviour rows without, commas and semicolons in values, a
few rows without a location), spread over Hertfordshire with most records in its towns.
The import runs as `hotspot-tui import crime` runs it (the service, in process, every file after
the first checked by a second process as it goes in, as the command does) into a copy
of a file set up by `db init` and `setup --example`, so the twelve areas are placed and
their counts are worked out again for each month. The anchor is the `sqlite3` shell
importing the same file into a table with no index, in a new file; its time includes
starting the shell (a few ms). Each figure is the median of the runs, each on a fresh copy.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import doc_sections  # noqa: E402

SECTION_START = "<!-- police data import: bench/benchmark.py --only police writes this section -->"
SECTION_END = "<!-- end of police data import -->"
MONTH_ROWS = 12_000
YEAR = [f"2025-{m:02d}" for m in range(1, 13)]
ACTOR = "bench"


def street_file(path: Path, month: str, rows: int, seed: int) -> None:
    """A force's month in the official format."""
    from hotspot_tui.domain.operation import TOWN_CENTRES
    from hotspot_tui.domain.police_records import CRIME_TYPES, HEADER
    from hotspot_tui.services.sample_police import OUTCOMES, STREETS

    rng = random.Random(seed)
    towns = list(TOWN_CENTRES.values())
    force = "Hertfordshire Constabulary"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for _ in range(rows):
            crime_type = rng.choice(CRIME_TYPES)
            asb = crime_type == "Anti-social behaviour"
            if rng.random() < 0.015:
                lon = lat = code = name = ""
                location = "No location"
            else:
                if rng.random() < 0.7:
                    t_lat, t_lon, radius = rng.choice(towns)
                    lat_v = t_lat + rng.gauss(0, radius * 1.5 / 111_195)
                    lon_v = t_lon + rng.gauss(0, radius * 1.5 / 69_000)
                else:
                    lat_v, lon_v = rng.uniform(51.60, 52.05), rng.uniform(-0.70, 0.15)
                lat, lon = f"{lat_v:.6f}", f"{lon_v:.6f}"
                n = rng.randrange(23000, 23900)
                code, name = f"E010{n}", f"Hertfordshire {n % 900:03d}{'ABCDE'[n % 5]}"
                location = f"On or near {rng.choice(STREETS)}"
            writer.writerow(["" if asb else f"{rng.getrandbits(256):064x}", month, force, force,
                             lon, lat, location, code, name, crime_type,
                             "" if asb else rng.choice(OUTCOMES), ""])


def _base(folder: Path) -> Path:
    """`db init` and `setup --example`, through the commands."""
    db = folder / "base.db"
    example = folder / "operation.toml"
    run = [sys.executable, "-m", "hotspot_tui", "--as", ACTOR]
    subprocess.run([*run, "db", "init", "--db", str(db)], check=True, capture_output=True, cwd=ROOT)
    example.write_text(subprocess.run([*run, "setup", "--example"], check=True, capture_output=True,
                                      text=True, cwd=ROOT).stdout)
    subprocess.run([*run, "setup", str(example), "--db", str(db)], check=True, capture_output=True,
                   cwd=ROOT)
    return db


def _ours(base: Path, files: list[Path], work: Path) -> float:
    from hotspot_tui.services.crime_files import crime_files
    from hotspot_tui.services.police_import import import_crime_file
    from hotspot_tui.services.rows_checked_ahead import RowsCheckedAhead
    from hotspot_tui.services.session import open_session

    db = work / "import.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, db)
    os.sync()
    session = open_session(db, ACTOR)
    session.load_library()  # as the command has by then: its start-up is not the import
    try:
        started = time.perf_counter()
        sources = [source for path in files for source in crime_files(path)]
        with RowsCheckedAhead(sources) as checking:
            for index, source in enumerate(sources):
                import_crime_file(session, source, checked=checking.pending(index))
        return time.perf_counter() - started
    finally:
        session.close()


def _anchor(files: list[Path], work: Path) -> float:
    db = work / "anchor.db"
    db.unlink(missing_ok=True)
    script = "".join(f".import --csv {path} plain\n" for path in files)
    started = time.perf_counter()
    subprocess.run(["sqlite3", str(db)], input=script, text=True, check=True, capture_output=True)
    return time.perf_counter() - started


def measure(runs: int) -> list[tuple[str, str, float, float, int]]:
    """(number, action, our rows/s, the anchor's rows/s, rows) for a month and a year."""
    folder = Path(tempfile.mkdtemp(prefix="hotspot-police-bench-"))
    try:
        base = _base(folder)
        files = []
        for i, month in enumerate(YEAR):
            path = folder / f"{month}-hertfordshire-street.csv"
            street_file(path, month, MONTH_ROWS, seed=i)
            files.append(path)
        out = []
        for number, label, chosen in (("30", "import one force-month (12,000 rows)", files[:1]),
                                      ("31", "import a force-year (12 files, 144,000 rows)", files)):
            rows = MONTH_ROWS * len(chosen)
            ours, anchor = [], []
            for _ in range(runs):  # alternating, so a busy spell of the machine falls on both
                anchor.append(_anchor(chosen, folder))
                ours.append(_ours(base, chosen, folder))
            pairs = sorted(a / o for a, o in zip(anchor, ours, strict=True))
            out.append((number, f"{label}; each run's ratio {pairs[0]:.2f}–{pairs[-1]:.2f}",
                        rows / statistics.median(ours), rows / statistics.median(anchor), rows))
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _load(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.1f}" for v in load)


def section(measured: list[tuple[str, str, float, float, int]], runs: int,
            load_at_start: tuple[float, float, float] | None = None) -> str:
    """The section's text; `load_at_start`: the load average before the runs (the one at
    the end is read here), so that the reader knows what else the machine was doing."""
    import platform
    from datetime import UTC, datetime

    lines = [
        SECTION_START,
        "## Importing police data",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.system()} "
        f"{platform.release()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {__import__('sqlite3').sqlite_version}, by `python bench/benchmark.py --only police` "
        f"(median of {runs} runs, ours and the anchor's alternating; these rows alone; load average "
        + (f"{_load(load_at_start)} at the start, " if load_at_start else "")
        + f"{_load(os.getloadavg())} at the end, over 1, 5 and 15 minutes: above 1, other work "
        "shared the two cores; ratios are steadier than rows a second).",
        "",
        "Generated street-level files in data.police.uk's format, 12,000 rows a month, imported as "
        "`hotspot-tui import crime` imports them into a file set up by `db init` and "
        "`setup --example` (twelve areas placed, each month's counts inside them worked out "
        "again). The anchor is `sqlite3` importing the same files with `.import --csv` into one "
        "table with no index: no checks, no indexes, no counting.",
        "",
        "| # | action | result | anchor | anchor result | ratio | target | met |",
        "| --- | --- | ---: | --- | ---: | ---: | --- | --- |",
    ]
    for number, label, ours, anchor, _ in measured:
        ratio = ours / anchor
        met = "yes" if ratio >= 0.5 else "**no**"
        lines.append(f"| {number} | {label} | {ours:,.0f} rows/s | `sqlite3 -csv .import` | "
                     f"{anchor:,.0f} rows/s | {ratio:.2f}× | ≥ 0.5× | {met} |")
    lines += ["", NOTES.strip(), "", SECTION_END]
    return "\n".join(lines) + "\n"


NOTES = """
How the import keeps up:
- Each file is read a quarter of a megabyte at a time. A block of plain lines of twelve
  values (no quotes, as data.police.uk writes its files) is split once, in C, into one
  list of all its values, and each column is a slice of it: no list is made for a row
  (`street_csv.Batch`). Any other block is read by the csv module.
- Each block's rows are checked at once, a column at a time (`columns_pass`): month and
  force compared as sets, the longest line's length, control characters over the joined
  values, every place in one regular expression over the block's coordinates (each line
  matched with its line break, so none is tried twice). Only a block that fails is
  checked row by row, and only a bad row makes the file be read again, row by row, to
  name its line.
- An import's files are checked by a second Python process (`services/rows_checked_ahead.py`)
  that reads each a file or two ahead, with the same checks, while this one writes its rows
  unchecked inside the file's transaction; the transaction ends only once that file's
  verdict has come back, and a bad file is undone whole and named by its line as before.
  On two cores the checking (about a fifth of a file's time in process) then costs the
  writing nothing. A first file under 8 MB (these are 2.8 MB) is checked in process while
  the second process starts (about 0.1 s, about as long as such a file takes to go in); a
  larger one (a big force's month) is checked by the second process too. A second process
  rather than a thread, as SQLite gives Python's lock back at every row it writes and a
  thread would take it.
- The rows go straight into the records, in one `executemany` a block, after the
  force-month's earlier rows are deleted: each row is written once, with no scratch table,
  inside one transaction with a savepoint (a bad row undoes the file's writes). Values are
  trimmed in SQL only when some value of the block has a space at an end (looked for a
  column at a time): trimming every value costs a copy of each, more than the looking. A
  file checked by the second process is written untrimmed, and its records trimmed in
  one UPDATE only if its verdict says some value needs it.
  The coordinates go in as the decimals the row check passed, and the columns' REAL
  affinity stores them as numbers: no CAST per value.
- The records have one index (month, crime type, longitude, latitude, LSOA, force-month):
  it serves the counts by month and type, hotspots by grid cell or LSOA, the records inside
  an area and replacing a force-month, each from the index alone. Rows written in the
  file's order fill its pages as densely as rows written in its order did (89 % against
  87 % over a year). Measured apart from the app, the index is about a third of the
  insert's time and the foreign key's check of each row about a tenth; a narrower index
  would send the hotspot queries to the table for what it no longer holds.
- The file is made by `db init`, whose new files have 16 KiB pages (SQLite's default is
  4 KiB): a month's records and index entries fill a quarter as many pages, so there are
  fewer to split, link and log: the rows' insert takes about a fifth less time and the
  whole import about a tenth less (measured on the same files into a file of each size).
  Python's cycle collector is held off while a file goes in: each row is a new list, and
  the collector would otherwise walk every object of the program again and again as they
  pile up.
- What it does that the anchor does not: checks every row, keeps the index and the foreign
  key to the force-month, the month's totals by type, the counts inside each area, an
  audit entry, and writes through the write-ahead log (each page written to the log, then
  to the file at the checkpoint). A month's import writes some 3.3 MB to the log, so
  SQLite checkpoints (at 1,000 pages) every few files of a year, inside the year's figure
  (a single month ends below the threshold). A higher threshold saves a few flushes but
  mostly moves the copying to the close of the file, after the timing; a checkpoint on a
  second thread was slower (the two threads pass Python's lock back and forth at every
  row SQLite writes).
  Python's `sqlite3` binding each value (a copy of each) and SQLite's insert with its
  index are most of what remains: of a year's import in one process, the insert about
  three fifths, reading and splitting the rows a tenth, the commits with their
  checkpoints a tenth, the counts inside areas a twentieth.
"""


def write_section(doc: Path, text: str) -> None:
    """This benchmark's section of `doc`, in place of the last one or at the end."""
    doc_sections.write_section(doc, text, SECTION_START, SECTION_END)


def kept_section(doc: Path) -> str:
    """The section as the file has it (for the full benchmark, which rewrites the rest)."""
    old = doc.read_text() if doc.exists() else ""
    if SECTION_START not in old or SECTION_END not in old:
        return ""
    return "\n" + SECTION_START + old.split(SECTION_START, 1)[1].split(SECTION_END, 1)[0] + SECTION_END + "\n"
