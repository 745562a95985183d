"""Supervisors at once on a served county file: `hotspot-tui serve`, driven as browsers drive it.

    python bench/served.py                      # 10 supervisors, 60 s, county database
    python bench/served.py --sessions 3 --seconds 15 --scale demo --out /tmp/served.md

A copy of the database is given an admin and one supervisor account per session (through
the account services), and `hotspot-tui serve` is started on it in its own process. Each
supervisor signs in over HTTP (the form's CSRF token, this site's Origin), opens the app's
websocket as textual-serve's page does, and works the scripted mix of `bench/served_mix.py`
(roster, another week, moving about it, a patrol, the candidate picker, an assignment; on
every other round a patrol just gone, an assignment and its hours booked) until the time is
up. Every key is timed to the first frame that comes back; the app processes' memory is
read from /proc while they run (Linux).

Afterwards the sessions close, the server stops, and the run checks:
- every write a supervisor saw the app confirm is in the file, made by that account, with
  its audit row (no lost write);
- no screen any session received, and nothing the app processes or the server wrote to
  their logs, shows "database is locked", the app's own busy refusal, or a traceback.

The figures go to docs/PERFORMANCE.md, in its section on served sessions (the rest of the
file is left as it is). Exit status 1 if a write was lost or a problem reached a person.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import doc_sections  # noqa: E402
from bench.served_client import PROBLEMS, ServedSession  # noqa: E402
from bench.served_mix import Supervisor, Write, start  # noqa: E402

ADMIN = ("Insp Bench", "bench admin phrase 1")
SECTION_START = "<!-- served sessions: bench/served.py writes this section -->"
SECTION_END = "<!-- end of served sessions -->"
LOG_PROBLEMS = (*PROBLEMS, "Error", "Exception", " asyncio ")
"""In the server's log: a problem on a screen, any error, and anything asyncio reports (a
child process it could not reap, a task that failed unseen)."""


def supervisors(count: int) -> list[tuple[str, str]]:
    return [(f"PS Bench {n:02d}", f"bench sergeant phrase {n:02d}") for n in range(1, count + 1)]


# -- the station --------------------------------------------------------------------------
def add_accounts(db: Path, people: list[tuple[str, str]]) -> None:
    """An admin added by whoever holds the file, then the admin adds each supervisor: the
    services `hotspot-tui user add` runs."""
    from hotspot_tui.domain.accounts import Credentials
    from hotspot_tui.services.accounts import add_account
    from hotspot_tui.services.session import open_session

    owner = open_session(db, "bench owner")
    try:
        add_account(owner, ADMIN[0], "admin", ADMIN[1])
    finally:
        owner.close()
    admin = open_session(db, "bench", sign_in=lambda: Credentials(*ADMIN))
    try:
        for name, password in people:
            add_account(admin, name, "supervisor", password)
    finally:
        admin.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(db: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`hotspot-tui serve` on `db` in its own process, its output (and, as each app closes,
    that app's standard error) in `log`."""
    port = free_port()
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "hotspot_tui", "--db", str(db), "serve",
                                   "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
                                  cwd=ROOT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("the server did not start:\n" + log.read_text()) from None
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{port}", server
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


# -- memory -------------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            kids = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        found += [int(k) for k in kids]
        todo += [int(k) for k in kids]
    return found


def app_processes(server_pid: int) -> list[int]:
    """The app processes the server started (one for each session)."""
    apps = []
    for pid in _children(server_pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"hotspot_tui" in command and b"serve" not in command:
            apps.append(pid)
    return apps


def memory_kib(pid: int) -> dict[str, int]:
    """Resident now and at peak (VmRSS, VmHWM) and the proportional share (Pss), KiB; and
    the CPU time used so far (cpu_ms, user and system)."""
    found: dict[str, int] = {"cpu_ms": round(_cpu_seconds(pid) * 1000)}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                found["Pss"] = int(line.split()[1])
    except OSError:
        pass
    return found


@dataclass
class MemoryWatch:
    server_pid: int
    peaks: dict[int, dict[str, int]] = field(default_factory=dict)

    def sample(self) -> None:
        for pid in [self.server_pid, *app_processes(self.server_pid)]:
            now = memory_kib(pid)
            seen = self.peaks.setdefault(pid, {})
            for key, value in now.items():
                seen[key] = max(seen.get(key, 0), value)

    async def watch(self, every: float = 1.0) -> None:
        while True:
            self.sample()
            await asyncio.sleep(every)

    def apps(self) -> dict[int, dict[str, int]]:
        return {pid: m for pid, m in self.peaks.items() if pid != self.server_pid}


def _machine_ticks() -> tuple[int, int]:
    """(busy, idle) clock ticks of every core since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = values
    return user + nice + system + irq + softirq + steal, idle + iowait


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuShares:
    """Where the machine's CPU went over the timed run: the apps, the server, the clients
    (this process), other work on the machine, idle. Seconds of one core."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self._start = self._read()
        self.used: dict[str, float] = {}
        self.lag: list[float] = []
        """How late the clients' event loop woke, each time it was asked to (seconds)."""

    def _read(self) -> dict[str, float]:
        busy, idle = _machine_ticks()
        tick = os.sysconf("SC_CLK_TCK")
        return {"busy": busy / tick, "idle": idle / tick, "server": _cpu_seconds(self.server_pid),
                "clients": time.process_time(),
                **{f"app {pid}": _cpu_seconds(pid) for pid in app_processes(self.server_pid)}}

    def end(self) -> None:
        now = self._read()
        delta = {k: now[k] - self._start.get(k, 0.0) for k in now}
        apps = sum(v for k, v in delta.items() if k.startswith("app "))
        ours = apps + delta["server"] + delta["clients"]
        self.used = {"the apps": apps, "the server": delta["server"], "the clients": delta["clients"],
                     "other work": max(0.0, delta["busy"] - ours), "idle": delta["idle"]}

    def text(self) -> str:
        total = sum(self.used.values()) or 1.0
        return ", ".join(f"{name} {seconds:.0f} s ({seconds / total:.0%})"
                         for name, seconds in self.used.items())


# -- checking afterwards ------------------------------------------------------------------
CONFIRMED = {
    "assign": """
        SELECT count(*) FROM assignments a
        JOIN shifts s ON s.id = a.shift_id JOIN staff p ON p.id = a.staff_id
        WHERE s.ref = :patrol AND p.name = :person AND a.status IN ('planned', 'worked')
          AND EXISTS (SELECT 1 FROM audit_log l WHERE l.entity_id = a.id AND l.actor = :actor
                      AND l.action IN ('assignment.create', 'assignment.override'))""",
    "book": """
        SELECT count(*) FROM assignments a
        JOIN shifts s ON s.id = a.shift_id JOIN staff p ON p.id = a.staff_id
        WHERE s.ref = :patrol AND p.name = :person AND a.status = 'worked'
          AND a.booked_by = :actor
          AND EXISTS (SELECT 1 FROM audit_log l WHERE l.entity_id = a.id AND l.actor = :actor
                      AND l.action = 'assignment.book')""",
}


def lost_writes(db: Path, writes: list[Write]) -> list[Write]:
    """The confirmed writes the file does not hold."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [w for w in writes if conn.execute(CONFIRMED[w.kind], asdict(w)).fetchone()[0] < 1]
    finally:
        conn.close()


def log_problems(text: str) -> list[str]:
    """Lines of the server's log (which holds each app's standard error) that show a
    problem: not the access log's request lines."""
    found = []
    for line in text.splitlines():
        if re.search(r'"(GET|POST) /', line):
            continue
        if any(p in line for p in LOG_PROBLEMS):
            found.append(line.strip())
    return found


# -- the run ------------------------------------------------------------------------------
@dataclass
class Outcome:
    sessions: int
    seconds: float
    starts: list[float]
    people: list[Supervisor]
    memory: dict[int, dict[str, int]]
    server_memory: dict[str, int]
    lost: list[Write]
    screen_problems: list[str]
    log_problems: list[str]
    load: tuple[float, float, float]
    cpu: CpuShares
    closed: float
    """Seconds from the last session closing to the last app process gone."""
    began: float
    """When the timed run began (time.perf_counter()), every session signed in and open."""

    @property
    def writes(self) -> list[Write]:
        return [w for p in self.people for w in p.writes]

    def latencies(self) -> list[float]:
        return [t.seconds for p in self.people for t in p.session.timings if t.seconds is not None]

    def latencies_between(self, start: float, end: float) -> list[float]:
        """Key to first frame, for keys sent between `start` and `end` seconds into the run."""
        return [t.seconds for p in self.people for t in p.session.timings
                if t.seconds is not None and start <= t.at - self.began < end]

    def by(self, what: str) -> dict[str, list[float]]:
        """Key to first frame by the key's label (`key`), or key to result by action."""
        found: dict[str, list[float]] = {}
        for p in self.people:
            if what == "key":
                for t in p.session.timings:
                    if t.seconds is not None:
                        found.setdefault(t.label, []).append(t.seconds)
            else:
                for action, values in p.results.items():
                    found.setdefault(action, []).extend(values)
        return found

    def unanswered(self) -> int:
        return sum(1 for p in self.people for t in p.session.timings if t.seconds is None)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.screen_problems or self.log_problems)


async def _loop_lag(found: list[float], every: float = 0.02) -> None:
    """How late the clients' event loop wakes (so how late it can notice a frame): the
    measurement's own error."""
    while True:
        asked = time.perf_counter()
        await asyncio.sleep(every)
        found.append(time.perf_counter() - asked - every)


async def drive(base: str, server_pid: int, people: list[tuple[str, str]], seconds: float,
                max_rounds: int | None = None, past_first: bool = False, width: int = 120,
                height: int = 40) -> tuple[list[float], list[Supervisor], MemoryWatch, float,
                                           CpuShares]:
    from hotspot_tui.services.dashboard import local_today

    sessions = [ServedSession(base, name, password, width, height) for name, password in people]
    memory = MemoryWatch(server_pid)
    watching = asyncio.create_task(memory.watch())
    try:
        starts = await asyncio.gather(*(start(s) for s in sessions))
        today = local_today()
        crew = [Supervisor(s, n, today, past_first=past_first) for n, s in enumerate(sessions)]
        shares = CpuShares(server_pid)
        lag: list[float] = []
        lagging = asyncio.create_task(_loop_lag(lag))
        began = time.perf_counter()
        await asyncio.gather(*(p.run(began + seconds, max_rounds) for p in crew))
        shares.end()
        shares.lag = lag
        lagging.cancel()
        memory.sample()
    finally:
        watching.cancel()
        for s in sessions:
            await s.close()
    return list(starts), crew, memory, began, shares


def run(db: Path, people: list[tuple[str, str]], seconds: float, work: Path,
        max_rounds: int | None = None, past_first: bool = False) -> Outcome:
    """`people` (supervisors' names and passwords, their accounts already in `db`) at once
    on `db` served, for `seconds` (or `max_rounds` rounds each, if sooner)."""
    log = work / "serve.log"
    with served(db, log) as (base, server):
        starts, crew, memory, began, shares = asyncio.run(drive(base, server.pid, people, seconds, max_rounds,
                                                 past_first))
        server_memory = memory.peaks.get(server.pid, {})
        closing = time.monotonic()
        while app_processes(server.pid) and time.monotonic() - closing < 60:
            time.sleep(0.1)  # each app closes, its standard error reaching the log
        closed = time.monotonic() - closing
    return Outcome(
        sessions=len(people), seconds=seconds, starts=starts, people=crew, memory=memory.apps(),
        server_memory=server_memory, lost=lost_writes(db, [w for p in crew for w in p.writes]),
        screen_problems=[f"{p.name}: {line}" for p in crew for line in p.session.problems],
        log_problems=log_problems(log.read_text(errors="replace")),
        load=os.getloadavg(), cpu=shares, closed=closed, began=began)


# -- the report ---------------------------------------------------------------------------
def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def _mib(kib: float) -> str:
    return f"{kib / 1024:,.1f} MiB"


def _median(values: list[float]) -> str:
    return _ms(statistics.median(values)) if values else "-"


def _p95(values: list[float]) -> str:
    return _ms(percentile(values, 95)) if values else "-"


def _memory(outcome: Outcome, key: str, how: str) -> str:
    values = [m.get(key, 0) for m in outcome.memory.values()]
    if not values:
        return "-"
    return _mib(statistics.median(values) if how == "median" else max(values))


def _cpu(outcome: Outcome, how: str) -> str:
    values = [m.get("cpu_ms", 0) / 1000 for m in outcome.memory.values()]
    if not values:
        return "-"
    return f"{statistics.median(values) if how == 'median' else max(values):.1f} s"


def _rows(o: Outcome, alone: Outcome | None) -> list[tuple[str, str, str]]:
    """(what, with everyone at once, one supervisor alone) for the main table."""
    def row(what: str, figure: Callable[[Outcome], str]) -> tuple[str, str, str]:
        return what, figure(o), figure(alone) if alone is not None else "-"

    return [
        row("key to the first frame back, median", lambda x: _median(x.latencies())),
        row("key to the first frame back, 95th percentile", lambda x: _p95(x.latencies())),
        row("keys timed (of them, no frame back within 10 s)",
            lambda x: f"{len(x.latencies()) + x.unanswered():,} ({x.unanswered()})"),
        row("writes the app confirmed: assignments + bookings",
            lambda x: f"{sum(w.kind == 'assign' for w in x.writes)} + "
                      f"{sum(w.kind == 'book' for w in x.writes)}"),
        row("**of those, not in the file afterwards (lost)**", lambda x: str(len(x.lost))),
        row("**'database is locked', a busy refusal or a traceback on a screen**",
            lambda x: str(len(x.screen_problems))),
        row("**the same in the apps' standard error or the server's log**",
            lambda x: str(len(x.log_problems))),
        row("writes the app refused, in its own words (below)",
            lambda x: str(sum(len(p.refusals) for p in x.people))),
        row("sign-in to the first screen, median (slowest)",
            lambda x: f"{_median(x.starts)} ({_ms(max(x.starts))})"),
        row("memory of each app process: peak resident (VmHWM), median (largest)",
            lambda x: f"{_memory(x, 'VmHWM', 'median')} ({_memory(x, 'VmHWM', 'max')})"),
        row("… its proportional share (Pss: shared pages split among the processes)",
            lambda x: f"{_memory(x, 'Pss', 'median')} ({_memory(x, 'Pss', 'max')})"),
        row("the server process, peak resident",
            lambda x: _mib(x.server_memory.get("VmHWM", 0))),
        row("CPU time of each app process over the run, median (most)",
            lambda x: f"{_cpu(x, 'median')} ({_cpu(x, 'max')})"),
        row("CPU time of the server process", lambda x: f"{x.server_memory.get('cpu_ms', 0) / 1000:.1f} s"),
        row("every app process gone, after the last session closed", lambda x: _ms(x.closed)),
        row("the clients' own lateness in noticing a frame (event-loop lag), median / p95",
            lambda x: f"{_median(x.cpu.lag)} / {_p95(x.cpu.lag)}"),
    ]


def section(outcome: Outcome, alone: Outcome | None, scale: str, db_size: int, note: str) -> str:
    o = outcome
    people = f"{o.sessions} supervisors at once"
    lines = [
        SECTION_START,
        "## Served: supervisors at once",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M UTC} with `python bench/served.py` "
        f"(`make bench-served`) on {platform.system()} {platform.release()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, on a copy of the "
        f"`{scale}` database ({db_size / 2**20:,.0f} MiB). {o.sessions} supervisors, each signed "
        "in over HTTP and driving their own app process through its websocket as a browser does, "
        f"work the scripted mix for {o.seconds:.0f} s"
        + (f"; beside them, one supervisor alone for {alone.seconds:.0f} s, on its own server "
           "before them" if alone is not None else "")
        + ". The server, the apps and the clients (signing in, reading every frame into a "
        "terminal emulator) all run on this machine, which is shared: the CPU time of its "
        f"{os.cpu_count()} cores over the {people} run went to {o.cpu.text()}. Load average at "
        f"its end {o.load[0]:.1f} / {o.load[1]:.1f} / {o.load[2]:.1f} (1 / 5 / 15 min).",
    ]
    if note:
        lines += ["", note]
    lines += [
        "",
        "The mix, each supervisor in turn: the dashboard, the roster, another week (`g` and a "
        "date), down the areas and along the week, a patrol, the candidate picker, the first "
        "person it ranks as assignable assigned; every other round a patrol two to five days "
        "gone, and the person's hours booked as planned (`b`, ctrl+s); escape to the roster. "
        "A key is timed from being sent to the first websocket message of the app's next frame, "
        "once the app has been quiet for 0.12 s (so the frame answers that key). Afterwards every "
        "write the app confirmed on screen is looked for in the file, made by that account, with "
        "its audit row.",
        "",
        f"| what | {people} | one alone |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {what} | {many} | {one} |" for what, many, one in _rows(o, alone)]
    quarter = o.seconds / 4
    windows = [o.latencies_between(i * quarter, (i + 1) * quarter) for i in range(4)]
    lines += [
        "",
        f"Key to first frame with {people}, by quarter of the run (median / 95th percentile / keys): "
        + "; ".join(f"{i * quarter:.0f}-{(i + 1) * quarter:.0f} s: {_median(w)} / {_p95(w)} / {len(w)}"
                    for i, w in enumerate(windows)) + ".",
    ]
    for what, title in (("key", "Key to first frame, by what the key did"),
                        ("result", "Key to what it asked for on screen (the data shown, or the "
                                   "app's confirmation)")):
        many, one = o.by(what), alone.by(what) if alone is not None else {}
        lines += ["", f"{title} (median / 95th percentile / count):", "",
                  f"| {'key' if what == 'key' else 'action'} | {people} | one alone |",
                  "| --- | ---: | ---: |"]
        for label, values in sorted(many.items(), key=lambda kv: -len(kv[1])):
            solo = one.get(label, [])
            lines.append(f"| {label} | {_median(values)} / {_p95(values)} / {len(values)} | "
                         + (f"{_median(solo)} / {_p95(solo)} / {len(solo)}" if solo else "-") + " |")
    refusals = [r for p in o.people for r in p.refusals]
    stuck = [e for p in o.people for e in p.errors]
    if refusals or stuck:
        lines += ["", f"What the app refused ({people}), and where the script could not go on:", ""]
        lines += [f"- refused: {r}" for r in _counted(refusals)]
        lines += [f"- script: {e}" for e in _counted(stuck)]
    for run in (o, alone):
        if run is not None and not run.ok:
            lines += ["", f"**Problems ({run.sessions} at once):**", ""]
            lines += [f"- lost write: {w}" for w in run.lost]
            lines += [f"- on screen: {x}" for x in run.screen_problems]
            lines += [f"- in a log: {x}" for x in run.log_problems[:20]]
    lines += ["", SECTION_END]
    return "\n".join(lines) + "\n"


def _counted(items: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for item in items:
        key = re.sub(r"^\S+ ", "", item)  # the patrol's reference differs; the words do not
        counts[key] = counts.get(key, 0) + 1
    return [f"{text} ({n}×)" if n > 1 else text for text, n in counts.items()]


def write_section(doc: Path, text: str) -> None:
    """This benchmark's section of `doc`, in place of the last one or at the end."""
    doc_sections.write_section(doc, text, SECTION_START, SECTION_END)


def main() -> int:
    from bench.benchmark import ensure_database

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["demo", "county"], default="county")
    parser.add_argument("--db", type=Path, default=None, help="a copy of this database is used")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--alone-seconds", type=float, default=60.0,
                        help="first, one supervisor alone for this long (0: not)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "PERFORMANCE.md",
                        help="the document whose served-sessions section is (re)written")
    parser.add_argument("--note", default="", help="a line on the machine's conditions, for the report")
    parser.add_argument("--json", type=Path, default=None, help="also write every timing here")
    args = parser.parse_args()
    source = ensure_database(args.scale, args.db)
    work = Path(tempfile.mkdtemp(prefix="hotspot-served-"))
    try:
        db = work / "station.db"
        shutil.copyfile(source, db)
        os.chmod(db, 0o600)
        people = supervisors(args.sessions)
        add_accounts(db, people)
        alone = run(db, people[:1], args.alone_seconds, work) if args.alone_seconds > 0 else None
        outcome = run(db, people, args.seconds, work)
        text = section(outcome, alone, args.scale, source.stat().st_size, args.note)
        write_section(args.out, text)
        print(text)
        if args.json:
            args.json.write_text(json.dumps({
                "starts": outcome.starts,
                "people": [{"name": p.name, "rounds": p.rounds, "writes": [asdict(w) for w in p.writes],
                            "refusals": p.refusals, "errors": p.errors, "results": p.results,
                            "timings": [asdict(t) for t in p.session.timings],
                            "frames": p.session.frames_in, "bytes": p.session.bytes_in}
                           for p in outcome.people],
                "memory": outcome.memory, "server": outcome.server_memory,
                "log_problems": outcome.log_problems}, indent=1))
        return 0 if outcome.ok and (alone is None or alone.ok) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
