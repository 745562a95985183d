"""County-scale benchmark: every measured action beside its anchor, written to docs/PERFORMANCE.md.

    python bench/benchmark.py                       # county database (created once, reused)
    python bench/benchmark.py --scale demo --runs 3 --out /tmp/perf.md   # quick check (CI)
    python bench/benchmark.py --only police         # the police-data import rows alone
    python bench/benchmark.py --only hotspots       # ranking hotspots and an area's chart alone
    python bench/benchmark.py --scale national      # the same rows on the national file, beside
                                                    # the county's (a section of its own)

Each figure is the median of --runs runs (at least 5 for the published table); start-up
and memory, a fraction of a second each and the most disturbed by whatever else the machine
is doing, take --startup-runs runs, the two apps alternating.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_PAINT = """
from textual.app import App
painted = {}
_display = App._display

def _record(app, screen, renderable):
    # The first frame the compositor hands to the (headless) terminal that satisfies each test.
    now = time.perf_counter()
    if renderable is not None:
        for name, test in PAINTS.items():
            if name not in painted and test(screen):
                painted[name] = now
    return _display(app, screen, renderable)

App._display = _record
"""
"""Both apps record when a frame was first painted, the same way."""

BARE_APP = """
import resource, sys, time, asyncio
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Static
PAINTS = {"first": lambda screen: True}
""" + FIRST_PAINT + """
class Bare(App):
    def compose(self):
        yield Static("hello")
        yield Footer()

async def main():
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0)
    return painted["first"] - t0, painted["first"] - t0

first, whole = asyncio.run(main())
print(first, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, whole)
"""

REAL_APP = """
import resource, sys, time, asyncio
t0 = time.perf_counter()
from pathlib import Path
import hotspot_tui.cli  # the console script's module: `hotspot-tui` imports it first
import hotspot_tui.cli.tui_launch
from hotspot_tui.services import collector
collector.hold_through_start()  # as `tui_launch.launch` does first
ta = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Static
t1 = time.perf_counter()
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import make_app
t2 = time.perf_counter()
PAINTS = {
    # The dashboard with its headline figures and alerts (not the large-file quick check,
    # which goes on in the background).
    "first": lambda screen: getattr(screen, "data", None) is not None,
    # ... and with the area table and chart drawn as well.
    "whole": lambda screen: getattr(screen, "complete", False),
}
""" + FIRST_PAINT + """
async def main():
    # As `hotspot-tui --db PATH` starts: checked open, first figures read, then the UI.
    session = open_session(Path(sys.argv[1]), "bench", verify=True, background_check=True)
    opened = time.perf_counter() - t2
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while "whole" not in painted:
            if time.perf_counter() - t0 > 30:
                raise SystemExit("the dashboard was never painted whole")
            await pilot.pause(0.002)
        figures = app.screen.data.elapsed_ms / 1000
    return painted["first"] - t0, painted["whole"] - t0, opened + figures

first, whole, open_and_read = asyncio.run(main())
print(first, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, whole, t1 - ta,
      (ta - t0) + (t2 - t1), open_and_read)
"""
"""Also prints, for rows 1a-1c: the time to import Textual, then this app's modules (the
console script's before it, the rest after), then to open the file and read the first
figures."""

SECTIONS_BUILT = """
import resource, sys, asyncio
from pathlib import Path
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import make_app

async def main():
    session = open_session(Path(sys.argv[1]), "bench", verify=True, background_check=True)
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.ahead.done or any(not w.is_finished for w in app.workers):
            await pilot.pause(0.05)
        await pilot.pause(0.5)

asyncio.run(main())
print(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
"""Row 5b: the app left alone after its start until every section is built ahead."""

NOTES = """
## Where the rows that miss lose their time

On the county sample as `sample --scale county` makes it (every assignment checked as it
would have been at the time: no working-time breaches, 8 in 9 people signed up to the
48-hour opt-out; new files have 16 KiB pages). This machine's speed moves by a third from
hour to hour (the same code and file measured 2d at 64 ms one day and 78-100 ms the next),
so the ratios, each against an anchor run alongside, are the steadier figures.

- 1 and 1e (against the bare app): the bare app's own start is mostly importing Textual
  (1a). On top of it this app imports its modules (1b), opens and checks the file and
  reads the first figures (1c), and builds a title line, the section bar, a summary, the
  alerts and a footer of keys (1d). The area table (26 rows, 7 columns) and the chart
  are filled as soon as that frame is painted and shown by the layout Textual makes next
  (1e): most of that is Textual's DataTable laying out and drawing every cell in view
  through rich. The breach alerts read from their own indexes (schema 28) and the
  outcome figures from each area's totals (schema 30), so neither grows with the file.
  After the first frame Textual lays the whole screen out and paints it again once or
  twice: each layout that shows the screen or moves its parts tells the screen its own
  size, and the screen lays itself out again. The table and chart now come in the first
  of those (below, "How the figures above are kept down"), where they waited for a
  layout of their own two or three layouts later (1e at 2.1-2.4× in the day's runs
  before, 1.7× after). Passing over those layouts when the size is the one already laid
  out (the event's default prevented) saved about 20 ms of 1e, but some screens need
  that second pass (the budget's tables at 60×20 stayed where the first pass put them,
  past the bottom of the screen), so it is not done; the dashboard no longer draws its
  summary again on each.
  What is left, timed frame by frame at 120×40 (the app under a timer, not the
  benchmark; figures move with the machine): about 15 ms importing the dashboard's
  modules, 30 ms composing and mounting its widgets, 5 ms focusing its table and
  13-21 ms for Textual's first layout and paint; then, for 1e, 2-4 ms filling the
  area table (12 ms before its rows were measured by their lines, below) and 17-30 ms
  for the layout that shows it, most of which is DataTable drawing the rows in view.
  Three things were tried this evening and not kept: a footer of one widget instead of
  a key per widget (no difference in 15 interleaved start-ups); opening the file and
  reading the first figures on a thread while Textual is imported (slower by 20-30 ms
  at the median of 15: each thread waits for Python's lock at every row and module);
  and, earlier, mounting the table and chart after the first frame (worse for both
  rows). The same code measured row 1 at 1.50× and 1.62×, and 1e at 1.65× and 1.78×,
  within an hour: the bare app's own time moved from 156 to 132 ms between the two and
  this app's less. In a start-up run of 20:38 UTC, after the dashboard's figures came
  to be read with the file memory-mapped (below), row 1 was 1.66× and 1e 1.82× against
  a bare app of 137 ms; in 21 interleaved start-ups just before it, the same change took
  row 1 from 238 to 227 ms and 1e from 261 to 248 ms against a bare app of 140 ms
  (1.70× to 1.62×, 1.87× to 1.78×). In the full run of 21:19 UTC, with the file also
  opened on one connection (below), row 1 was 1.60× and 1e 1.79× against a bare app of
  153 ms; at 22:22 1.63× and 1.80× (bare app 129 ms); at 22:51 (the table above) 1.58×
  and 1.73× (bare app 120 ms).
  Until 2026-12-05 these rows started the app without `hotspot-tui`'s own module, which
  imported every command (the pay engine, the holiday calendar, pydantic's models) before
  the app began: about 170 ms more for a person starting it, 2.9× the bare app, that the
  table did not show. The commands are now imported when used, and the rows import that
  module first, as `hotspot-tui` does (click and the table of commands, about 10 ms);
  the collector is held from before Textual's import (about 9 ms less) and the
  dashboard's records are named tuples (about 2.5 ms less). Measured so: 1.51× and
  1.63× in a start-up run of its own (bare app 146 ms); 1.54× and 1.68× at 00:18
  (bare app 116 ms); 1.61× and 1.75× at 00:44 (the table above, bare app 122 ms).
  Two imports that the first screen made without needing them are gone: Textual's text
  area (asked for by the footer, key by key, to know whether a text field had the
  cursor; about 10 ms before the area table was drawn) and rich's table of emoji names
  (the area table's column titles were read as markup).
- 2b (a patrol with its ranked candidates, against 30 ms): 21 ms on the previous day's quiet
  machine, 22-47 ms from run to run this afternoon on files of either page size, the
  same code and file both times; the candidates' minutes are read from an index and
  only the first page gets the full working-time checks.
- 4a and 4b (0.9× to 1.1× from run to run): the `sqlite3 -csv` anchor runs the very query the
  file is written from. The writer in Python (about 3 to 5 µs a line) is what the file
  costs beyond the query; where a faster writer was looked for, and what did not help, is
  listed under "How the figures above are kept down".
- 6a and 6e near the target (each between 31 and 52 ms at the median in one run or
  another this afternoon, the same code and file): what these keys wait for is Textual
  laying out and painting what they show, and for 6e a write on a worker thread, which
  takes up to twice its service time while the main thread paints the booking form
  closing and the page under it (the two share Python's lock). A booking (6e) waits for
  its own checks and the patrol read again after it; next week on the roster (6a) for a
  table of 26 areas by 7 days, whose cells hold several lines each, laid out and painted
  again. After any dialog closes, Textual restyles the widget that lost focus (8-10 ms).
- 6c is `a` once the patrol's page has built its picker (below, "How the figures above
  are kept down"); what is left is Textual laying out and painting the picker, 25-35 ms.
  6j (no target) is `a` pressed as soon as the page is shown, before it has built the
  picker: the picker is then built when `a` is pressed, as it always was (about 20-30 ms
  more).
- 6i (no target) is a section opened before it has been built ahead: a key pressed in
  the first second or so after the first screen, on the way the app opened every section
  before (117 ms at the median in the run above, 107 ms in the day's first).
- The national sample (its section below): made by `hotspot-tui sample --scale national`,
  with its progress bar, in 13 minutes 51 seconds on this machine with nothing else
  running (2026-12-04; target 15 minutes; 24 minutes on 2026-12-04 11:06 with the test
  suite running alongside). Timed phase by phase in another run: about 5 minutes loading
  the patrols, 6 costing them, 3 checking working time and 1 the police data. It has
  three times the county's areas and people (78 areas, 7,500 people, 6,180 of them
  officers) over five years against three, in a file five times the size (8.3 GiB).
  Both files are read through once before they are measured (`read_through` in
  `bench/benchmark.py`), so that both are measured from the operating system's cache, as
  a file in daily use is: before, the national file met the disk at pages the county
  file had in memory, and the rows that read a person's scattered patrols measured the
  disk (assigning a person, 2c, took 15 ms against the county's 7.5 at 16:57 UTC; read
  from the cache, 8, 11 and 15 ms in this evening's three runs). Figures on this machine
  move by more than the target's fifth from run to run: in the national runs of 21:19 to
  21:30 UTC start-up (1c at 1.13×), memory and every key row but 6i were within 1.2× of
  the county's; in those of 22:22 to 22:29, the same code for those rows, 1c measured
  1.36× and six of the key rows 1.3× to 1.7× (booking a patrol as planned, 6e, 52 ms
  against 33, though a booking reads one patrol and its people on either file). Each key
  row now times fifteen keys, not five (`KEYS_PER_RUN` in `bench/keys.py`): in the runs
  of 22:51 to 23:01 (the table) every key row but 6f was within 1.2× (6f 1.49×, 31
  against 21 ms; 0.97× and 0.99× in the two runs before), and 1c measured 1.58× (20.7 ms
  against 13.1; 1.13× and 1.36× in the two runs before).
  Two rows that grew with the file no longer do:
  - the roster (2a) reads a dozen areas at a time, each area's patrols from the index
    of its start times (below): a week of 12 areas read on a file of 78 areas costs what
    it does on a file of 26 (3.7 against 3.5 ms timed alone; the whole week of 78 areas
    took 27 ms against 8). 2a was 3.35× the county's before, when it read every area;
  - the payroll file (4a, 4b) reads a period's lines person by person (below): the query
    alone spends 6 µs a line on either file, where driven from the period's lines, as
    SQLite chose on this file, it spent 9 µs here against 5.5 on the county file. 4a
    and 4b were 1.53× and 1.50× the county's before.
  The two rows that write are over it, and move most from run to run:
  - a pay change (2d) is timed for constables with 120 patrols since the change (the
    nearest number each file has), where it took the busiest: the busiest constable of
    a force three times the size has more patrols (165 since 26 weeks back against the
    county's 138). For the same number of patrols it still measured 1.87× in the table
    (110 against 59 ms); timed side by side on copies of both files, 96 against 110 ms,
    and 77 against 88 with an 8 MiB page cache, each change taking from 40 to 160 ms
    from one officer to the next;
  - a person's assignment (2c), timed alone on copies of both files side by side, took
    11.5 ms on each (12 assignments each), where the table has 7.5 and 10.8 ms, and
    6.9 and 12.4 in the run before. What makes a write slower on the larger file in
    the benchmark's runs and not in those side by side was not found.
  The rows still over it read in proportion to the areas, the people or the operation's
  length, not to the history of patrols:
  - the dashboard's sums (3) read each area's totals and, for the chart, each day's spend
    of the operation: three times the areas, and five years of days against three. Of
    its 9 ms here (4 on the county file), 3.7 ms (1.2) is counting the people not booked
    on the last two days' patrols of every area;
  - the monthly return (3b) reads a month of every area's patrols: three times as many;
  - the report of the whole operation (3c) reads each area's totals (below), and counts
    each area's police records month by month, before and during the operation: 78 areas
    over 54 months against 26 over 30, five times the area-months counted (97 ms here
    against 22 on the county file at 20:15 UTC, 132 against 18 at 18:44; 405 against 48
    before the totals). Two costs of it that grew with the months imported are gone
    (below): finding each area's forces (24 ms of it here, 3.7 on the county file) and
    making a new object for every month it compared (40 against 68 ms, 8.6 against 13.7,
    timed alone);
  - the writes (2c, 2d; 2d has no target) change the most from run to run, on either
    file: a write now and then lands on the write-ahead log's automatic checkpoint
    (every 1,000 pages), which copies the pages into the file and syncs it to the disk.
    Six pay changes of the same size, one after another on the same fresh copy of the
    county file, took 130, 577, 55, 83, 54 and 102 ms, of which the queries of the one
    timed under a profiler took 70 ms. The median of five moves with where the
    checkpoints fall (2d on the county file 90 ms at 00:18 UTC, 63 ms at 00:44); the
    service rows are now timed on a copy that is read through first, as the file itself
    is, so that the copy's reads are not the disk's as well;
  - the first figures (1c) count the people not booked on the last two days' patrols,
    over every area (3 ms here against 1 ms on the county file). The patrols listed as
    not booked and as short of people are read in start order and stop at the last one
    listed (below, "How the figures above are kept down"): before, they sorted every
    patrol of their days, 26 ms of the national file's first figures against 9 ms of the
    county's; the outcome figures, which read every patrol's outcomes (25 ms of 1c on
    this file), now read each area's totals (schema 30);
  - a patrol's candidates (2b) order every officer of the kind by their minutes of four
    weeks: three times the officers. The four weeks are now one run of an index by week
    (schema 33, below): the query alone takes 16 ms here against 5 (39 against 10 when
    it sought each person's weeks), and the row 30 ms against 18. A pool narrower than
    every officer of the force would be a rule of the force's to make, not the
    benchmark's;
  - a section opened before it is built ahead (6i, no target) builds a screen that reads
    every area or person it lists.
  A monthly return, an operation report and a dashboard are of every area: meeting 1.2×
  on them would take summaries kept per area and month (the report's comparisons) or
  screens that show a page of areas, as the roster now does.

## Where start-up goes

Both apps start in fresh processes from compiled bytecode, as installed packages do, and
both note the moment Textual's compositor first hands the (headless) terminal a frame that
shows what is asked for: for the bare app, its first frame; for this app, the dashboard
with its headline figures and alerts (row 1). The area table's rows and the chart follow
in the next frame (row 1e, target ≤ 1.5× bare).

Rows 1a-1d (no targets) split row 1, timed within the same runs (each the median of its
own, so they need not add up exactly). On top of what the bare app does, this app
- imports its own modules (1b): the console script's (click and the table of commands,
  each command's modules imported only when it is used) and the first screen's. As
  `hotspot-tui` does, it holds Python's cycle collector off from before Textual is
  imported until the start is made (the bare app runs with the collector as Python
  sets it);
- opens and checks the file and reads the first figures (1c), from summary tables, with
  the standard library's `sqlite3` alone: sqlite-utils, the store's library, loads on a
  worker once the first frame is shown;
- builds a title line, a scrolling body with the summary and the alerts, and a footer of
  the screen's keys, where the bare app shows one line of text (most of 1d, with the bare
  app's own painting). The dashboard is the app's default screen (its mode is registered
  once it exists), so Textual styles it once: no other screen is built and switched away
  from, and no style sheet is read twice. Its summary is one piece of text, cheap to
  measure, where a rich Table would be laid out again at every measurement.

The two apps' start-ups alternate, run after run, so that a busy spell of the machine
falls on both alike; even so the bare app's own time moves by a quarter from run to run
here, which is why start-up takes the median of more runs than the other rows.

How the figures above are kept down:
- Screens run indexed, bounded queries: covering indexes for cover by kind, a person's
  minutes over any window and the dashboard's sums (schema 4), and summary tables kept by
  triggers in the same transaction as every change, each tested against a fresh GROUP BY:
  money per area, patrol day and status (schema 3), each patrol's live cover (schema 6),
  each person's extra minutes per week (schema 7), each area's arrests (schema 8), and
  money per area over all days and per day over all areas (schema 9, kept from the
  schema 3 table), and the patrols worked and the outcomes per area and day (schema 29),
  so that the operation report over the whole operation (row 3c) reads a row per area and
  day instead of every assignment (1.2 to 1.7 s on the county file before), and each
  area's outcomes over the whole operation (schema 30, kept from the schema 29 table), so
  that the dashboard's outcome figures (its first read, 1c, and every refresh, 3) read a
  row per area, not the outcomes of every patrol (4 ms on the county file, 25 ms on the
  national, before), and each area's worked patrols over the whole operation (schema 31,
  kept from the schema 29 table): a report whose days hold every day those tables have
  a row for (the whole operation, as the report is asked for unless told otherwise; each
  table's first and last day read from the ends of an index) reads each area's totals, a
  row per area however many years (3c: 48 to 18-26 ms on the county file, 405 to
  120-135 ms on the national, with the months below), and any other range the rows of
  its days. The roster's spend
  per area reads the schema 9 totals, a row per area and status, where it summed a row
  per area, day and status (on the national file, 29 ms of 2a's 59). Keyset
  paging on the long lists. The roster reads a county week (about 1,600 patrols) from the
  patrols alone.
- The candidate picker orders a county's two thousand officers by their minutes in SQLite
  and turns only the head of that order into Python objects; only the first page gets the
  full working-time checks. The minutes of the four weeks are read as one run of an index
  of the weekly minutes by week (schema 33, `store/schema_week_index.py`) and summed per
  person in one pass, where each person's weeks were a seek of their own (about 4 µs a
  person on the county file and 6 on the national, whose table is a level deeper).
- Start-up imports only what the first screen needs: sqlite-utils and the pay engine
  (pydantic rules, the holiday calendar) load when first used. The console script's
  module (`hotspot_tui/cli/__init__.py`) names its commands in a table and imports one
  only when it is run or `--help` lists them (`cli/common.py`, `LazyGroup`): it imported
  every command, and with them the pay engine and the holiday calendar, before the app
  began to start, about 170 ms that rows 1 and 1e did not show, as they started the app
  without it. They now import it first, as `hotspot-tui` does (the import costs them
  about 10 ms: click and the table). The store no longer imports `importlib.abc` to hide
  numpy from sqlite-utils (about 3 ms), and the dashboard's records are named tuples,
  where each dataclass cost its import about half a millisecond to make (about 2.5 ms). Every other section's
  modules are imported on the warm-up thread once the first screen is shown whole (about
  0.4 s, most of it the roster's, and about 16 MiB of the app's memory: row 5, taken as
  the benchmark's app closes once its first screen is shown whole, held some of them
  while that frame came later, 63 MiB against 46 MiB now; row 5b holds them all), so a
  section opened for the first time does not wait for them. The dashboard's area table
  and chart are part of the first screen (their styles read once with it) but empty in
  the first frame. They are filled as soon as it is painted (asked for, with
  `call_next`, by the screen's first `ScreenResume`, after which Textual paints), so
  that the layout Textual makes next anyway, for the screen's own size, shows them; and
  the table works out its rows' sizes as it is filled (`PlainTable.size_rows_now`),
  where DataTable does it when next idle: the frame after the first then showed the
  table as its header alone, and its rows one layout later. A test holds the frame the
  dashboard marks as whole (`complete`, which row 1e times and which starts the
  warm-up) to every area, and to the chart drawn unless it is out of view (at 120×40 the
  county's chart is below the page's edge; at 160×48 it is drawn a frame after the
  table, and waited for). Only then does the warm-up start (loading
  sqlite-utils earlier held the interpreter while the table was laid out). The spend chart is drawn by
  the app itself in braille dots as one piece of text (`tui/widgets/line_chart.py`, about
  a millisecond): the plotting library it replaces cost an import and a layout of its own
  in the frame after the first.
- The dashboard is composed with nothing focused (`AUTO_FOCUS` empty) and focuses its
  area table once mounted: Textual focuses the first widget that takes the focus as it
  composes a screen, here the scrolling body, and moving the focus from it to the table
  restyled the whole screen before its first frame. In two interleaved runs of 15 and
  21 start-ups, rows 1 and 1e each fell by about 25 ms (row 1 from 1.64-1.68× to
  1.44-1.53×).
- The spend chart appends each run of cells of one style as one piece of its text, not
  each cell (`tui/widgets/line_chart.py`): the same characters in the same styles (the
  dashboard's 160×48 snapshot changed only in how its SVG groups them), made in a third
  of the time (2.3 to 0.75 ms) and drawn on screen at 160×48 in 11-12 ms where it took
  15-18.
- The roster reads the week after the one shown once that one is painted
  (`READ_AHEAD`, a worker of its own), and `]` shows that week as read when the file's
  change mark, the day and the areas shown are as they were when it was read, and
  otherwise reads it as before; a week read for a key that has since moved on is not
  shown.
- The roster shows a dozen areas at a time (`services.roster.AREA_PAGE`), in name order,
  under them a line saying how many more there are; the next dozen is read (a worker of
  its own) once the cursor is within three areas of the last one shown or that line is
  scrolled into view, and added under the others, the cursor where it was; another week
  is read for as many areas as are shown. Each area's patrols are read from the index of
  its start times (`idx_shifts_area_start`, between the day before the week's first and
  the day after its last, as a patrol starts within a day of its local date whatever the
  clocks do, then kept by their local date), so the areas not shown cost nothing: on the
  national file (78 areas) a week read all its 5,000 patrols (27 ms, and 6a's frame drew
  a grid of 78 areas) where a page reads its 12 areas' (3.7 ms). A test keeps a patrol
  starting at 00:30 on a summer Monday (23:30 UTC the day before) in its own week.
- Months (police data's unit) compare, order and hash by one whole number, and are
  sorted by it (`domain/months.py`): the operation report of the whole operation
  compared and looked up months some hundred thousand times on the national file (a
  third of its time in Python). Each month is made once and shared (`Month.from_index`,
  and `parse_month` remembers the texts it has read), so a set or a dict finds the very
  object it holds without calling `__eq__`: the report took 40 ms on the national file
  against 68, and 8.6 against 13.7 on the county file, timed alone.
- An area's forces (which decide which of its months are loaded) are found by a seek for
  each force in an index of the areas' counts by area and force (schema 32,
  `store/schema_area_force_index.py`), where every count of the area was read: months
  times crime types, more with each month imported (24 ms of each operation report on
  the national file, 3.7 on the county file; now a tenth of a millisecond).
- A period's payroll lines are read person by person: the query walks the people (in
  payroll order, as SQLite chooses) and takes each one's lines of the period from the
  index of a period's lines, its joins fixed in that order (`CROSS JOIN`,
  `store/payroll.py`). On the national file SQLite drove it from the period's lines
  instead, and each line's duty and patrol were looked up in the order of the people's
  ids and pay codes: 9 µs a line against the county's 5.5, where the order of people
  gives 6 µs on either file. The files are the same byte for byte; a test holds a draft
  file's reads of the period's lines to that order (the final file, its ledger and its
  totals read them through the same query).
- The payroll CSV is written a batch of 500 lines at a time, column by column, with no
  Python step per line: the cursor's rows are fetched a batch at a time and turned into
  columns; a draft's lines are read without their element codes, which the writer looks up
  once per pay rule instead of the query joining them on every line (the `sqlite3 -csv`
  anchor runs that same query); a text column whose
  values all need neither the formula guard nor quoting (checked over the whole column at
  once, in C, a formula character looked for on its own before the slower search for it at
  the start of a value) is written as it is, any other goes through a table of each
  distinct value's cell (guarded and quoted as the csv module would, tested byte for byte
  against it); times, and each distinct (rate, multiplier, minutes, amount)'s hours, rate
  and amount, are formatted once; the lines are joined, encoded and hashed per batch. The
  export reads with a 64 MiB page cache and the file memory-mapped, so that a month's
  pages and its sort stay in memory and each page is read in place. What remains is the
  query (most of the anchor's time too), turning its rows into Python objects and the
  writer (rows 4a, 4b).
- A screen coming back into view (a dialog closed over it, its section chosen again) reads
  its figures again only when the file may have changed since it last read them (the rows
  its own connection has changed, and SQLite's count of other connections' commits) or the
  day it shows has moved (`tui/freshness.py`): the roster is not redrawn when the patrol
  chooser closes to open the patrol it chose. And it is restyled only when the app's
  styles have changed since it was last styled (`tui/steady_styles.py`): Textual restyles
  every widget of a screen each time it becomes active, 10 to 100 ms for a dialog of ranked
  candidates, which changed nothing unless the theme had.
- The dashboard's breach alerts read the first fifty breaches of each kind (open, and
  overridden by another change) in start order from a partial index of that kind
  (schema 28), so they cost the same whether the file holds ten breaches or a million.
  Its patrols short of people (the first fifty of the week) and its patrols not booked
  (the three oldest) are read in start order from the index of start times, between
  the first and the last patrol of their days, each patrol's people counted from its own
  index, so each list stops at the last patrol it shows; the people not booked of the
  last two days are counted in SQLite, not read out patrol by patrol, passing over the
  patrols not yet begun without reading their people (a person's planned times are the
  patrol's): at 07:00 most of the day's patrols, and the count took 2.1 ms instead of 4.6
  on the national file (0.9 instead of 1.3 on the county's); late in the evening, when
  the day's patrols have begun, it is as before. The dashboard's figures went from 15 to
  5 ms on the county file and from 34 to 10 ms on the national.
- No table holds more than it shows a page of: the 48-hour opt-outs in Settings (8 in 9
  of the county's people) are listed sixty at a time, the cursor on the line after them
  showing the next, where the whole list once took 0.7 s to lay out.
- The staff list searches at each key typed (an indexed page of 60), with no pause: a
  search still running when the next key comes is replaced, and a page that arrives after
  a newer key is not shown.
- A large file's full integrity check runs in the background after the first paint;
  nothing is written until it has passed.
- The first screen's figures are read just before it is built, on the main thread: read on a
  worker thread while Textual starts, the query waited for the GIL at every row and took
  several times as long.
- New files are made with 16 KiB pages, four times SQLite's default (`store/database.py`,
  `PAGE_SIZE`): the large tables' trees are shallower and a scan reads a quarter as many
  pages. A file made before keeps its 4 KiB pages and works the same.
- Bulk work (costing every assignment, the full working-time check, a police file going
  in) holds Python's cycle collector off while it runs (`services/collector.py`): it makes
  millions of small objects that hold no cycles, and the collector walked every object of
  the program again and again as they piled up (on the county sample's making, about a
  sixth of the costing's and the check's time by the collector's own clock).
- The app holds the cycle collector off from its start (`hotspot-tui` from before it
  imports the app and Textual: about 9 ms of collections in Textual's import alone) until
  the first screen is shown whole and the warm-up has imported every section (ten seconds at most), then sets
  everything made so far aside from it for good (`gc.freeze`): Textual's widgets, styles
  and caches and the modules are kept for the app's life. On this machine a full
  collection takes about 0.7 µs an object, so one over the whole program (about 250,000
  objects a few keys in) held a key for 150 to 250 ms, every few keys. In interleaved
  runs rows 1 and 1e fell by about a sixth (1.85× to 1.53-1.69×, and 2.7× to 2.2-2.4×).
  From then on the full collection waits for a pause: it runs once nobody has pressed a
  key or moved the mouse for two seconds (`tui/app.py`, `IDLE_S`), and the collector
  starts one of its own only ten times as seldom as Python's default. The benchmark
  presses its keys without such pauses, so the few full collections it meets take 0.5 s
  and more each (the 95th percentiles of 6c and 6d). In two interleaved runs of the key
  rows, with and without the wait for a pause, the candidate picker (6c) fell from 340 ms
  to 183-211 ms at the median; the other rows moved within this machine's noise.
- A patrol's page, once shown, ranks the candidate picker's first page on a worker
  (`tui/screens/shift.py`, `RankedAhead`), and `a` opens the picker with it, in its first
  frame, when the file's change mark (this connection's changes and other connections'
  commits) and the day are as they were when the ranking began; otherwise the picker
  ranks them itself, as it always did. In interleaved runs 6c fell from 160-190 ms to
  85-97 ms at the median.
- The candidate picker is built while the patrol's page is read (`ShiftScreen.ahead`,
  `tui/dialog_ahead.py`): once the page has ranked the picker's first page and has been
  left alone for 0.3 s with none of the screens' work running, the picker for that page
  is composed, mounted and styled without being shown, and `a` shows it as built if the
  file's change mark and the day are still those of the ranking; otherwise it is closed
  unshown and `a` builds one, as before. None outlives its page. Textual builds a screen
  without showing it only inside `push_screen` (`App._get_screen`, not public); where it
  is missing, nothing is built ahead. In runs of the same patrols, 6c fell from 43-56 ms
  to 26-37 ms. The benchmark presses `a` once the picker is built, as it opens a section
  once the sections are built (6c), and also as soon as the page is shown (6j).
- The picker stays up while the people picked in it are assigned, and closes once they
  are (or are refused, the page then saying why): the page under it is laid out and drawn
  once, with the change, and the assignment's write on its thread no longer shares
  Python's lock with the main thread drawing the picker closing and the page without the
  change (the write took two to three times its service time, 2c, then). In runs of the
  same patrols, 6d fell from 44-79 ms to 28-46 ms. A pick that needs a working-time
  override still closes the picker first, to ask for the reason.
- The picker opens on the screen's plain background: behind the tint other dialogs have,
  Textual draws the whole page beneath again and tints each of its segments whenever the
  dialog is drawn whole. In three interleaved runs of fifteen openings each, its median
  fell by 3 to 17 ms (6 to 45 ms of processor time). The picker covers nine tenths of
  the screen, so little of the tinted page showed around it.
- The picker's kinds are one line of choices, the chosen one highlighted and each chosen
  by a click (`tui/widgets/choice_line.py`), where a drop-down list was five widgets to
  style and lay out each time the picker opens: 6c 73-86 ms before, 60-73 ms after, in
  four interleaved runs each.
- Reading the pay rules (about forty times a booking, for the force date and the
  working-time rules) no longer asks the holidays library each time whether it lists the
  rules' country and region (half a millisecond each time); the answer is kept
  (`domain/rules.py`, `has_holiday_list`). Booking a patrol's people as planned does not
  run the working-time checks again when the times they read are unchanged (the checks
  read a duty's times and minutes, not whether it is booked), which was most of a
  booking's time (6e).
- A table cell of several lines of plain text (the roster's patrols, row 6a) is drawn
  straight to its segments as a one-line cell is, tested character for character and
  style for style against DataTable's own drawing. So are a cell whose styles each cover
  whole lines (a roster cell's coloured patrols), right-justified text (figures) and a
  line too long for a one-line row (names, employers, audit details), cut as Rich cuts
  it.
- The roster shows a week once the worker that read it has ended (Textual's
  `Worker.StateChanged`), as a patrol page shows a change: shown from inside the worker
  (`call_from_thread`), the worker was still running when the frame that showed the week
  was painted (it ends only once the main thread lets it), so the frame the benchmark
  takes as the key's answer, the first with none of the screen's work running, was the
  next one, 20-25 ms later. Its cells are made as one string each, with a span per
  coloured patrol (a `Text.append` per patrol and line before), and as every column has a
  set width, DataTable is not asked to measure the new rows (`PlainTable`: it measures
  every cell of every new row, though a column given a width never reads the result). In
  interleaved runs 6a fell from 80-100 ms to 30-45 ms.
- Where a column does size itself by its cells (the dashboard's area table), a row of
  plain text cells is measured by its lines' lengths, which is what Rich's measure of a
  text gives, instead of through DataTable's measuring, which builds the console's
  options for every cell (asking the terminal its size three times each). A test holds
  the widths to DataTable's own, and shows that only a row with a label, a height to
  work out or a cell of another kind is measured DataTable's way. The dashboard's table
  is filled in 2-4 ms instead of 12; in 15 interleaved start-ups 1e fell from 267 to
  258 ms (1.71× to 1.65× against a bare app of 156 ms).
- The dashboard reads its figures with the file memory-mapped, as the payroll export
  reads its lines (`store.database.memory_mapped`, the connection's setting put back
  after, tested both ways): at start SQLite's page cache is empty, and each page the
  figures visit was copied in by a system call. Its first reading of the county file
  fell from 15 to 10 ms at the median of 8 fresh processes; a refresh, with the pages
  already cached, costs 0.2 ms more for the setting and the mapping. SQLite maps at most
  2 GiB, so on the national file (8.3 GiB) the first figures' pages mostly lie past the
  map and nothing changed there (15 ms both ways).
- A file in write-ahead mode with nothing in its log (a file the app has used and closed)
  is checked on the connection kept for use, so its schema (290 tables, indexes and
  triggers, about 4 ms to read) is read once, not once more on a connection of its own:
  opening the county file takes 5.6 ms against 8.9 (each the same in two fresh
  processes). A file whose log holds changes, or that nobody may write, is still checked
  on a read-only connection of its own: closing the last writable connection of a file
  writes its log back into it, and a refused file is left exactly as it was. Tests
  refuse a newer schema, another program's file and a damaged file checked in place,
  each byte for byte unchanged with nothing left beside it. In 21 interleaved start-ups
  the difference was within the runs' spread (row 1 197 and 196 ms, 1e 214 and 215 ms,
  against a bare app of 124 ms: 1.58× and 1.72×).
- Sections are built ahead (`tui/sections_ahead.py`): once the app has been left alone for
  0.3 s with none of its screens' work running, it builds the next section's screen
  without showing it, one at a time, until every section is built (about a second after
  the first screen on the county file; row 5b is the memory they take). Textual builds a
  mode's screen that way only inside `switch_mode` (`App._init_mode`, not public); where
  it is missing, nothing is built ahead. Opening a section built ahead is then like
  opening it again: 6f fell from 110-170 ms to 20-45 ms in interleaved runs. Every
  section reads its figures again as it comes into view if the file or the day has moved
  since it read them (the staff list, the report and the hotspots now do too), so one
  built at 06:55 shows a change made at 07:00. Row 6i is a section opened before it was
  built: a key pressed in the first second or so, or on an app that has not been left
  alone since it started. A section already built is also switched to without the 50 ms
  during which Textual holds back every frame on a change of mode, to hide a screen being
  built (`HotspotApp.switch_mode`); that hold was what 6g waited for when the section
  had nothing new to read.
- Textual paints on a beat, 60 a second by default, and the frame that answers a key
  waits for the next beat after the key's work is done: up to two beats, 17 to 33 ms.
  The app sets 120 (`hotspot_tui/__init__.py`, before Textual is first imported; a
  `TEXTUAL_FPS` in the environment wins). In interleaved runs of typing in the staff
  list's search (6h), 46-53 ms at 60 against 36-37 ms at 120. Both apps of the start-up
  rows run at 120, where it made no difference.
"""


GROUPS = ("start", "service", "export", "keys", "police", "hotspots")
"""Rows by what they measure: start-up and memory (1-1e, 5), service actions (2a-3c), payroll
exports (4a, 4b), key to frame in the running app (6a-6h, `bench/keys.py`), importing police
data (30, 31, `bench/police_import.py`, in a section of their own), finding hotspots and an
area's chart (40-43, `bench/hotspots_bench.py`, in a section of their own)."""


@dataclass
class Row:
    number: str
    action: str
    value: float
    unit: str
    anchor_label: str
    anchor: float | None
    target: str
    ok: bool

    info: bool = False
    """A breakdown shown for explanation, with no target of its own."""

    def ratio(self) -> str:
        if self.anchor in (None, 0):
            return "-"
        return f"{self.value / self.anchor:.2f}×"


def child_env() -> dict[str, str]:
    """Both apps start from compiled bytecode, as an installed package does (pip compiles
    Textual's when it installs it; `compile_app` does this app's once before the runs),
    and both paint at the frame rate this app sets for itself (`FRAMES_PER_SECOND`)."""
    from hotspot_tui import FRAMES_PER_SECOND

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "TEXTUAL": "", "TEXTUAL_FPS": FRAMES_PER_SECOND}


def compile_app() -> None:
    compileall.compile_dir(ROOT / "hotspot_tui", quiet=1)


def run_script(script: str, *args: str) -> list[float]:
    """(ms to the first painted screen, peak MiB, ms to the whole first screen painted,
    then the real app's parts of its start-up in ms)."""
    out = [float(v) for v in subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True,
        cwd=ROOT, env=child_env(),
    ).stdout.split()]
    return [out[0] * 1000, out[1] / 1024, *(v * 1000 for v in out[2:])]


def ensure_database(scale: str, path: Path | None) -> Path:
    target = path or (ROOT / "bench" / f"{scale}.db")
    if not target.exists():
        print(f"creating {target} ({scale} scale)…", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "hotspot_tui", "sample", "--out", str(target), "--scale", scale],
            check=True, cwd=ROOT,
        )
    return target


def read_through(db: Path) -> int:
    """Read the file (and its write-ahead log) once from end to end, so that every row is
    measured with the file in the operating system's cache, as a file in daily use is: a
    file of several GiB otherwise meets the disk at pages a smaller file has in memory, and
    its rows measure this machine's memory rather than what the app reads. Returns the
    bytes read."""
    read = 0
    for path in (db, db.with_name(db.name + "-wal")):
        if path.exists():
            with path.open("rb", buffering=0) as f:
                while chunk := f.read(8 * 2**20):
                    read += len(chunk)
    return read


def startup_and_memory(db: Path, runs: int) -> list[Row]:
    # Interleaved, so that a busy spell of the machine falls on both apps alike.
    bare, real = [], []
    for _ in range(runs):
        bare.append(run_script(BARE_APP))
        real.append(run_script(REAL_APP, str(db)))
    built = [run_script(SECTIONS_BUILT, str(db))[1] for _ in range(3)]
    bare_ms = statistics.median(b[0] for b in bare)
    real_ms = statistics.median(r[0] for r in real)
    bare_mib = statistics.median(b[1] for b in bare)
    real_mib = statistics.median(r[1] for r in real)
    whole_ms = statistics.median(r[2] for r in real)
    parts = [[r[3], r[4], r[5], r[0] - r[3] - r[4] - r[5]] for r in real]
    labels = ("… of which importing Textual (as the bare app does)",
              "… importing this app's modules on top (the console script's and the first screen's)",
              "… opening the file and reading the first figures",
              "… the rest: building and painting the first screen")
    return [
        Row("1", "start to first painted screen (dashboard: headline figures and alerts)",
            real_ms, "ms", "bare Textual app", bare_ms, "≤ 1.5× bare", real_ms <= 1.5 * bare_ms),
        *(Row(f"1{letter}", label, statistics.median(p[i] for p in parts), "ms", "-", None, "-",
              True, info=True)
          for i, (letter, label) in enumerate(zip("abcd", labels, strict=True))),
        Row("1e", "… and to the area table and chart painted as well", whole_ms, "ms",
            "bare Textual app", bare_ms, "≤ 1.5× bare", whole_ms <= 1.5 * bare_ms),
        Row("5", "peak memory of the app process", real_mib, "MiB",
            "bare Textual app", bare_mib, "≤ bare + 60 MiB", real_mib <= bare_mib + 60),
        Row("5b", "… once every section is built ahead (the app left alone after its start; "
                  "3 runs)", statistics.median(built), "MiB", "bare Textual app", bare_mib, "-",
            True, info=True),
    ]


def service_rows(db: Path, runs: int, groups: frozenset[str]) -> list[Row]:
    """Roster, candidates, assign and dashboard, measured at the service layer, and the
    payroll exports beside their anchor."""
    from bench import actions

    work = Path(tempfile.mkdtemp(prefix="hotspot-bench-")) / "work.db"
    shutil.copyfile(db, work)
    os.sync()  # the copy's writes are flushed before timing, not while
    read_through(work)  # and the copy is measured from the cache, as the file itself is
    try:
        return actions.measure(work, runs, groups)
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)


def write_table(rows: list[Row], out: Path, scale: str, db: Path, runs: int, startup_runs: int) -> None:
    cpu = platform.processor() or platform.machine()
    lines = [
        "# Performance",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.system()} "
        f"{platform.release()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"SQLite {__import__('sqlite3').sqlite_version}.",
        f"Database: `{scale}` scale ({db.stat().st_size / 2**20:,.0f} MiB), read through once "
        "before the runs so that it is measured from the operating system's cache. "
        f"Each figure is the median of {runs} runs (start-up and memory: {startup_runs} runs, "
        "the two apps alternating). Regenerate with `make bench`.",
        "",
        "| # | action | result | anchor | anchor result | ratio | target | met |",
        "| --- | --- | ---: | --- | ---: | ---: | --- | --- |",
    ]
    lines.extend(row_line(r) for r in rows)
    lines.extend(NOTES.splitlines())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n" + police_section(out) + hotspots_section(out) + served_section(out)
                   + sync_section(out) + checks_section(out) + national_section(out))


def police_section(out: Path) -> str:
    """The police-data import section as `out` has it (measured by `police_rows`)."""
    from bench.police_import import SECTION_END, SECTION_START

    return _kept(out, SECTION_START, SECTION_END)


def hotspots_section(out: Path) -> str:
    """The hotspots section as `out` has it (measured by `hotspots_rows`)."""
    from bench.hotspots_bench import SECTION_END, SECTION_START

    return _kept(out, SECTION_START, SECTION_END)


def hotspots_rows(out: Path, runs: int) -> None:
    """Rank hotspots over a force's year and refresh an area's chart
    (bench/hotspots_bench.py), written to their own section of `out`."""
    from bench.hotspots_bench import measure, section, write_section

    write_section(out, section(measure(runs), runs))


def police_rows(out: Path, runs: int) -> None:
    """Import one force-month and a force-year against `sqlite3 -csv .import`
    (bench/police_import.py), written to its own section of `out`."""
    from bench.police_import import measure, section, write_section

    load = os.getloadavg()
    write_section(out, section(measure(runs), runs, load))


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f}"


def _row_number(line: str) -> str | None:
    if not line.startswith("| ") or line.startswith("| #") or line.startswith("| ---"):
        return None
    return line.split("|")[1].strip()


def _sort_key(number: str) -> tuple[int, str]:
    digits = "".join(c for c in number if c.isdigit())
    return int(digits or 0), number[len(digits):]


def update_table(rows: list[Row], out: Path, scale: str, runs: int, groups: str, load: str) -> None:
    """Replace (or add) only the measured rows in the existing table, keeping every other
    row and all the text around it, and say above the table when these rows were measured."""
    lines = out.read_text().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| # |"))
    end = header + 2
    while end < len(lines) and _row_number(lines[end]) is not None:
        end += 1
    kept = {_row_number(line): line for line in lines[header + 2:end]}
    fresh = {r.number: row_line(r) for r in rows}
    merged = {**kept, **fresh}
    numbers = sorted(merged, key=lambda n: _sort_key(n or ""))
    note = (f"Rows {', '.join(r.number for r in rows)} ({groups}) measured "
            f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} with `--only {groups}` on the "
            f"`{scale}` database, each the median of {runs} runs, the machine shared with other "
            f"work ({load}); the other rows are from the runs named above.")
    marker = f"with `--only {groups}`"
    before = [line for line in lines[:header] if marker not in line]
    while before and before[-1] == "":
        before.pop()
    body = before + ["", note, ""] + lines[header:header + 2] + [merged[n] for n in numbers]
    out.write_text("\n".join(body + lines[end:]) + "\n")


def row_line(r: Row) -> str:
    anchor = f"{r.anchor:,.1f} {r.unit}" if r.anchor is not None else "-"
    return (f"| {r.number} | {r.action} | {r.value:,.1f} {r.unit} | {r.anchor_label} | {anchor} | "
            f"{r.ratio()} | {r.target} | {'-' if r.info else 'yes' if r.ok else '**no**'} |")


def served_section(out: Path) -> str:
    """The section `bench/served.py` wrote in `out`, kept as it was (it is measured apart)."""
    from bench.served import SECTION_END, SECTION_START

    return _kept(out, SECTION_START, SECTION_END)


def sync_section(out: Path) -> str:
    """The section `bench/sync_bench.py` wrote in `out`, kept as it was (measured apart)."""
    from bench.sync_bench import SECTION_END, SECTION_START

    return _kept(out, SECTION_START, SECTION_END)


def checks_section(out: Path) -> str:
    """The section `bench/checks_bench.py` wrote in `out`, kept as it was (measured apart)."""
    from bench.checks_bench import SECTION_END, SECTION_START

    return _kept(out, SECTION_START, SECTION_END)


def national_section(out: Path) -> str:
    """The section `--scale national` wrote in `out`, kept as it was (measured apart)."""
    from bench.national import SECTION_END, SECTION_START

    return _kept(out, SECTION_START, SECTION_END)


def _kept(out: Path, start: str, end: str) -> str:
    old = out.read_text() if out.exists() else ""
    if start not in old or end not in old:
        return ""
    kept = old.split(start, 1)[1].split(end, 1)[0]
    return "\n" + start + kept + end + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["demo", "county", "national"], default="county",
                        help="national: the rows measured on the national file go to a section of "
                             "their own beside the county's (police and hotspots rows are not "
                             "measured on a file)")
    parser.add_argument("--db", type=Path, default=None, help="reuse this database")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--startup-runs", type=int, default=21)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "PERFORMANCE.md")
    parser.add_argument("--json", action="store_true", help="also print the rows as JSON")
    parser.add_argument(
        "--only", default=",".join(GROUPS),
        help=f"comma-separated groups of rows to measure ({', '.join(GROUPS)}); with fewer than "
             "all, only their rows in --out are replaced")
    args = parser.parse_args()
    groups = frozenset(g.strip() for g in args.only.split(",") if g.strip())
    if not groups or groups - set(GROUPS):
        parser.error(f"--only takes some of {', '.join(GROUPS)}")
    if args.scale == "national":
        groups -= {"police", "hotspots"}
        if not groups:
            parser.error("police and hotspots rows are measured apart from any file: not on --scale national")
    if groups <= {"police", "hotspots"}:
        if "police" in groups:
            police_rows(args.out, args.runs)
        if "hotspots" in groups:
            hotspots_rows(args.out, args.runs)
        print(args.out.read_text())
        return 0
    db = ensure_database(args.scale, args.db)
    read_through(db)
    compile_app()
    load = load_text()
    rows = startup_and_memory(db, args.startup_runs) if "start" in groups else []
    if groups & {"service", "export"}:
        rows += service_rows(db, args.runs, groups)
    if "keys" in groups:
        from bench import keys

        rows += keys.measure(db, args.runs)
    rows.sort(key=lambda r: _sort_key(r.number))
    if args.scale == "national":
        from bench import national

        national.write(args.out, rows, db=db, runs=args.runs,
                       load=f"{load} at the start, {load_text().removeprefix('load average ')} at the end")
        print(args.out.read_text())
        return 0
    if groups == set(GROUPS) or not args.out.exists():
        write_table(rows, args.out, args.scale, db, args.runs, args.startup_runs)
    else:
        update_table(rows, args.out, args.scale, args.runs, ",".join(g for g in GROUPS if g in groups),
                     f"{load} at the start, {load_text().removeprefix('load average ')} at the end")
    if "police" in groups:
        police_rows(args.out, args.runs)
    if "hotspots" in groups:
        hotspots_rows(args.out, args.runs)
    print(args.out.read_text())
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
