"""Sync on the county database: a week of one supervisor's laptop work exported, applied at
the hub and the reply applied back, timed, with its memory and the changes file's size; and
the same week's work again after earlier syncs (the hub's log longer, the file's history
larger), to show the cost follows the week's changes, not the history.

    python bench/sync_bench.py                      # county database; writes its section of
                                                    # docs/PERFORMANCE.md
    python bench/sync_bench.py --db bench/demo.db --out /tmp/perf.md   # quick check

The database is copied first (never changed); the work is done through the services, as
the screens do it, on a checkout of the copy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import doc_sections  # noqa: E402

SECTION_START = "<!-- sync benchmark: bench/sync_bench.py -->"
SECTION_END = "<!-- end of sync benchmark -->"
TARGET_S = 2.0
ACTOR = "PS 1234 Patel"

ROUND_TRIP = """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from hotspot_tui.services import sync
laptop, hub, folder = map(Path, sys.argv[1:4])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t1 = time.perf_counter()
exported = sync.export_changes(laptop, folder / "week.hsync")
t2 = time.perf_counter()
applied = sync.apply_file(folder / "week.hsync", hub, "PS 1234 Patel")
t3 = time.perf_counter()
back = sync.apply_file(applied.reply, laptop, "PS 1234 Patel")
t4 = time.perf_counter()
print(json.dumps({"export_s": t2 - t1, "apply_s": t3 - t2, "reply_s": t4 - t3,
                  "rows": exported.rows, "size": exported.size, "reply_size": applied.reply_size,
                  "conflicts": applied.conflicts, "base_kib": base,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
"""Run in a process of its own, so its peak memory is the sync's (beside the imports')."""


def week_of_work(laptop: Path, monday: date, patrols_per_day: int, people_per_patrol: int) -> int:
    """A supervisor's week on a laptop, through the services: patrols planned, people put
    on them, their hours booked and the outcomes recorded. Returns the patrols made."""
    from hotspot_tui.domain import clock_utc
    from hotspot_tui.errors import HotspotError
    from hotspot_tui.services.assignments import AssignOptions, assign, book_as_planned
    from hotspot_tui.services.outcomes import record_outcomes
    from hotspot_tui.services.session import open_session
    from hotspot_tui.services.shifts import ShiftDraft, create_shift

    clock_utc.utc_now = lambda: datetime.combine(monday + timedelta(days=8), wall(9), tzinfo=UTC)
    session = open_session(laptop, ACTOR)
    made = 0
    try:
        with session.reading() as db:
            areas = [r[0] for r in db.execute("SELECT id FROM areas WHERE active = 1 ORDER BY name")]
            people = [r[0] for r in db.execute(
                "SELECT id FROM staff WHERE active = 1 ORDER BY payroll_number")]
        cursor = 0
        problem: Exception | None = None
        for day in range(7):
            for n in range(patrols_per_day):
                start = wall(1 + (n % 3))  # small hours: few of the county's own duties then
                draft = ShiftDraft(areas[(day * patrols_per_day + n) % len(areas)],
                                   monday + timedelta(days=day), start, wall(start.hour + 2),
                                   {"officer": 0, "pcso": 0, "ceo": people_per_patrol})
                shift = create_shift(session, draft)
                made += 1
                placed = 0
                while placed < people_per_patrol and cursor < len(people) * 7:
                    person = people[cursor % len(people)]
                    cursor += 1
                    try:
                        assign(session, shift, [person], AssignOptions(override_reason="extra cover"))
                        placed += 1
                    except HotspotError as exc:
                        problem = exc
                        continue
                if not placed:
                    raise SystemExit(f"nobody could be put on a patrol: {problem}")
                book_as_planned(session, shift)
                record_outcomes(session, shift, {"arrests": n % 2, "dispersals": 1}, confirmed=True)
    finally:
        session.close()
    return made


def round_trip(laptop: Path, hub: Path, folder: Path) -> dict[str, float]:
    for old in folder.glob("week*.hsync"):
        old.unlink()
    out = subprocess.run([sys.executable, "-c", ROUND_TRIP, str(laptop), str(hub), str(folder)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)


def measure(db: Path, weeks: int, patrols_per_day: int, people: int) -> list[dict[str, float]]:
    from hotspot_tui.services import sync

    folder = Path(tempfile.mkdtemp(prefix="hotspot-sync-bench-"))
    try:
        hub = folder / "hub.db"
        shutil.copyfile(db, hub)
        hub.chmod(0o600)
        laptop = folder / "laptop.db"
        sync.checkout(hub, laptop, ACTOR)
        os.sync()
        results = []
        monday = date(2026, 9, 7)
        for week in range(weeks):
            started = time.perf_counter()
            made = week_of_work(laptop, monday + timedelta(weeks=week), patrols_per_day, people)
            work_s = time.perf_counter() - started
            os.sync()
            result = round_trip(laptop, hub, folder)
            result.update(week=week + 1, patrols=made, work_s=work_s,
                          hub_mib=hub.stat().st_size / 2**20,
                          log_entries=_log_entries(hub))
            results.append(result)
            print(json.dumps(result), file=sys.stderr)
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _log_entries(hub: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(hub)
    try:
        return int(conn.execute("SELECT count(*) FROM sync_log").fetchone()[0])
    finally:
        conn.close()


def section(db: Path, results: list[dict[str, float]]) -> str:
    load = os.getloadavg()
    lines = [
        SECTION_START,
        "## Sync: a week of laptop work",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} with `bench/sync_bench.py` on a "
        f"copy of `{db.name}` ({db.stat().st_size / 2**20:,.0f} MiB), on a machine shared with other "
        f"work (load average {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} over 1, 5 and 15 minutes; "
        f"{os.cpu_count()} cores): only these rows were run. Each week is one supervisor's work "
        "on a checkout, through the services (patrols planned, people put on them, hours booked, "
        "outcomes recorded), then exported, applied at the hub (which writes the reply) and the "
        "reply applied at the laptop, each step in a process of its own as the commands run. "
        "Memory is the peak resident size of that process; 'imports' is the same process "
        "before it syncs anything.",
        "",
        "| week | row changes | changes file | export | apply at hub | reply at laptop | total "
        "| target | met | peak memory (imports) | hub's log entries after |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |",
    ]
    for r in results:
        total = r["export_s"] + r["apply_s"] + r["reply_s"]
        lines.append(
            f"| {r['week']} | {r['rows']:,} | {r['size'] / 1024:,.0f} KiB | {r['export_s']:.2f} s | "
            f"{r['apply_s']:.2f} s | {r['reply_s']:.2f} s | {total:.2f} s | ≤ {TARGET_S:.0f} s | "
            f"{'yes' if total <= TARGET_S else '**no**'} | {r['peak_kib'] / 1024:,.0f} MiB "
            f"({r['base_kib'] / 1024:,.0f} MiB) | {r['log_entries']:,} |")
    lines += [
        "",
        "Week 1 is the first sync of a new checkout; each later week is the same amount of work "
        "on the same checkout after the earlier weeks' syncs, so the hub's log and the file's "
        "history have grown by a week each time. What a sync reads is the week's own changes "
        "(the rows the capture triggers noted, and the log entries after the copy's last sync, "
        "by key): the figures stay level as history grows.",
        SECTION_END,
    ]
    return "\n".join(lines) + "\n"


def write_section(doc: Path, text: str) -> None:
    """This benchmark's section of `doc`, in place of the last one or at the end."""
    doc_sections.write_section(doc, text, SECTION_START, SECTION_END)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "county.db")
    parser.add_argument("--weeks", type=int, default=3)
    parser.add_argument("--patrols-per-day", type=int, default=28)
    parser.add_argument("--people", type=int, default=8)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "PERFORMANCE.md")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"no database at {args.db}: make it with `make bench` first", file=sys.stderr)
        return 2
    results = measure(args.db, args.weeks, args.patrols_per_day, args.people)
    write_section(args.out, section(args.db, results))
    print(section(args.db, results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
