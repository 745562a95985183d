"""Rows 6a-6i of the benchmark: key to frame in the running app.

The real app runs headless on a copy of the database, as row 1 starts it (Pilot, 120x40),
and each key is timed from the moment it is pressed to the first frame the compositor hands
the terminal that shows the key's result: the screen asked for, with no work of its own
still running (its figures read and shown), and for a write the app's confirmation.
Frames are noted by the same hook as row 1's (`App._display`).
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.benchmark import Row
from hotspot_tui.tui.app import WARM_UP
from hotspot_tui.tui.screens.roster import READ_AHEAD
from hotspot_tui.tui.screens.shift import RANK_AHEAD

BACKGROUND = {"integrity", WARM_UP, RANK_AHEAD, READ_AHEAD}
"""Workers that are not the answer to a key: the app's own, a patrol page ranking the
candidate picker's first page ahead (the page is shown whole; opening the picker before
it is done ranks them there), and the roster reading the week after the one shown (the
week is shown whole; `]` before that read is done reads the week itself)."""
TARGET_MS = 50.0
SIZE = (120, 40)
KEYS_PER_RUN = 3
"""Keys timed per run asked for: a key takes tens of milliseconds, and a median of five
moved by more than a fifth from run to run (the national file's figures are compared
with the county's at 1.2×)."""


class Frames:
    """Notes the frames the compositor hands the terminal, and the first, after a key, that
    passes the test set for it."""

    def __init__(self) -> None:
        self.test: Callable[[Any], bool] | None = None
        self.at: float | None = None
        self.shown: list[float] = []

    def install(self) -> None:
        from textual.app import App

        display = App._display
        frames = self

        def record(app: Any, screen: Any, renderable: Any) -> Any:
            now = time.perf_counter()
            result = display(app, screen, renderable)
            if renderable is not None:
                frames.shown.append(now)
                if frames.test is not None and frames.at is None and frames.test(app):
                    frames.at = now
            return result

        App._display = record  # type: ignore[method-assign]


def quiet(app: Any) -> bool:
    """No worker of the screens is still reading or writing."""
    return all(w.is_finished for w in app.workers if w.group not in BACKGROUND)


def on(name: str, more: Callable[[Any], bool] = lambda screen: True) -> Callable[[Any], bool]:
    return lambda app: type(app.screen).__name__ == name and quiet(app) and more(app.screen)


def told(words: str) -> Callable[[Any], bool]:
    return lambda app: quiet(app) and any(words in str(n.message) for n in app._notifications)


class Timer:
    def __init__(self, pilot: Any, frames: Frames) -> None:
        self.pilot = pilot
        self.frames = frames
        self.took: dict[str, list[float]] = {}

    async def key(self, label: str | None, keys: tuple[str, ...], test: Callable[[Any], bool],
                  timeout: float = 20.0) -> float:
        """Press `keys` (the last one timed when `label` is given) and wait for the frame
        that shows the result: the first frame painted with the test passing (the screen
        asked for, its work done). When the work ends without changing what is on screen
        (the last worker's result shows no difference), no frame follows it: then the last
        frame painted before it is the one that showed the result."""
        if len(keys) > 1:
            await self.pilot.press(*keys[:-1])
        self.frames.test, self.frames.at = test, None
        self.frames.shown.clear()
        started = time.perf_counter()
        await self.pilot.press(keys[-1])
        app = self.pilot.app
        done: float | None = None
        while self.frames.at is None:
            now = time.perf_counter()
            if done is None and test(app):
                done = now
            if done is not None and now - done > 0.15:
                break
            if now - started > timeout:
                busy = [f"{w.group}:{w.name}" for w in app.workers if not w.is_finished]
                raise TimeoutError(f"{label or keys}: the frame never came (on "
                                   f"{type(app.screen).__name__}, working: {busy})")
            await self.pilot.pause(0.001)
        self.frames.test = None
        at = self.frames.at
        if at is None:
            before = [f for f in self.frames.shown if started <= f <= (done or 0)]
            if not before:
                raise TimeoutError(f"{label or keys}: no frame was painted")
            at = before[-1]
        ms = (at - started) * 1000
        if label is not None:
            self.took.setdefault(label, []).append(ms)
        return ms

    async def leave_field(self) -> None:
        """Out of a text field (where a section's key would be typed), as a person would."""
        from textual.widgets import Input, TextArea

        if isinstance(self.pilot.app.focused, Input | TextArea):
            await self.pilot.press("escape")
            await self.settle()

    async def settle(self) -> None:
        app = self.pilot.app
        for _ in range(2000):
            await self.pilot.pause(0.01)
            if quiet(app):
                break
        await self.pilot.pause(0.05)


async def _session_keys(db: Path, runs: int) -> dict[str, list[float]]:
    from hotspot_tui.services.dashboard import local_today
    from hotspot_tui.services.session import open_session
    from hotspot_tui.tui.app import make_app

    frames = Frames()
    frames.install()
    session = open_session(db, "bench", verify=True, background_check=True)
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        t = Timer(pilot, frames)
        while not all(w.is_finished for w in app.workers):  # the start-up's checks done
            await pilot.pause(0.05)
        while not app.ahead.done:  # the sections built while the app is left alone
            await pilot.pause(0.05)
        await t.settle()
        for visit in ("first time", "again"):
            await _open_each_section(t, f"open a section, {visit}")
            await t.leave_field()
            await t.key(None, ("1",), on("DashboardScreen"))
            await t.settle()
        await t.leave_field()
        await t.key(None, ("2",), on("RosterScreen"))
        await t.settle()
        for _ in range(runs):
            monday = app.screen.week.monday + timedelta(days=7)
            await t.key("roster: next week", ("]",),
                        on("RosterScreen", lambda s, m=monday: s.week.monday == m))
            await t.settle()
        today = local_today()
        for step in range(runs):
            await _patrol(t, today + timedelta(days=8 + step), book=False, read=True)
        for step in range(runs):
            await _patrol(t, today - timedelta(days=2 + step % 5), book=True, read=False)
        await t.leave_field()
        await t.key(None, ("3",), on("StaffScreen"))
        await t.settle()
        names = [r[0] for r in session.db.execute(
            "SELECT name FROM staff WHERE active = 1 ORDER BY payroll_number LIMIT ?", [runs])]
        for name in names:
            typed = name.split()[-1][:5]
            await t.key(None, ("slash",), lambda a: True)
            await t.key("staff list filtered by a typed name", tuple(typed),
                        on("StaffScreen", lambda s, x=typed: s.filter.text == x and
                           any(x.lower() in line.name.lower() for line in s.lines.values())))
            await t.settle()
            await pilot.press(*(["backspace"] * len(typed)), "escape")
            await t.settle()
    session.close()
    return {**t.took, **await _sections_not_built_ahead(db, frames)}


async def _open_each_section(t: Timer, label: str) -> None:
    """Each section but the dashboard opened by its key, timed under `label`."""
    for s in t.pilot.app.sections:
        if s.mode == "dashboard":
            continue
        await t.leave_field()
        await t.key(label, (s.key,), on(s.target.split(":")[1]))
        await t.settle()


async def _sections_not_built_ahead(db: Path, frames: Frames) -> dict[str, list[float]]:
    """Each section opened for the first time in an app that builds none ahead, as when a
    key is pressed before the app has been left alone (`tui/sections_ahead.py`)."""
    from hotspot_tui.services.session import open_session
    from hotspot_tui.tui.app import make_app

    session = open_session(db, "bench", verify=True, background_check=True)
    app = make_app(session)
    app.ahead.hold()
    async with app.run_test(size=SIZE) as pilot:
        t = Timer(pilot, frames)
        while not all(w.is_finished for w in app.workers):
            await pilot.pause(0.05)
        await t.settle()
        await _open_each_section(t, NOT_AHEAD)
    session.close()
    return t.took


async def _patrol(t: Timer, day: Any, *, book: bool, read: bool) -> None:
    """Go to `day` on the roster, open a patrol there with an officer short, pick and
    assign the first person the picker ranks as assignable (and book their hours as
    planned), then back to the roster. `read`: `a` is pressed once the page has built its
    picker, as after a supervisor has read the page (row 6c); else as soon as the page is
    shown, before the picker is built (row 6j)."""
    pilot, app = t.pilot, t.pilot.app
    if not await _find_patrol(t, [day + timedelta(days=i) for i in range(0, 9, 3)]):
        return
    await t.key("open a patrol (to its page)", ("enter",),
                lambda a: type(a.screen).__name__ in ("ShiftScreen", "ChooseModal") and quiet(a))
    if type(app.screen).__name__ == "ChooseModal":
        t.took["open a patrol (to its page)"].pop()
        await t.key("open a patrol (to its page)", ("enter",), on("ShiftScreen"))
    await t.settle()
    if read:
        await _picker_built(t)
    await t.key(PICKER if read else PICKER_UNBUILT, ("a",), on("CandidatePicker"))
    await t.settle()
    picker = app.screen
    choice = next((i for i, c in enumerate(picker.shown) if c.ranked.can_assign), None)
    if choice is None:
        await pilot.press("escape")
        await t.settle()
        await pilot.press("escape")
        await t.settle()
        return
    await pilot.press(*(["down"] * choice))
    person = picker.shown[choice].name
    await t.key("assign a person (through the picker)", ("enter",), told(f"Assigned {person}"))
    await t.settle()
    if book:
        shift = app.screen
        for _ in range(30):
            p = shift.selected()
            if p is not None and p.name == person:
                break
            await pilot.press("down")
        await pilot.press("b")
        await t.settle()
        await t.key("book a patrol's hours as planned", ("ctrl+s",), told(f"Hours booked for {person}"))
        await t.settle()
    await pilot.press("escape")
    await t.settle()


async def _picker_built(t: Timer, timeout: float = 5.0) -> None:
    """Wait for the patrol's page to build its candidate picker (`ShiftScreen.ahead`,
    once the page has been left alone)."""
    page = t.pilot.app.screen
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        built = getattr(page, "picker_ahead", None)
        if built is not None and built.shown:
            return
        await t.pilot.pause(0.02)


async def _find_patrol(t: Timer, days: list[Any]) -> bool:
    """The roster's cursor on a patrol not cancelled, on the first of `days` that has one."""
    pilot, app = t.pilot, t.pilot.app
    for day in days:
        await pilot.press("g")
        await t.settle()
        await pilot.press(*day.isoformat(), "enter")
        await t.settle()
        screen = app.screen
        week = screen.week
        if week is None or screen.selected() is None or screen.selected()[1] != day:
            continue
        row = next((i for i, area in enumerate(week.areas)
                    if any(not c.cancelled for c in week.cells.get((area.id, day), []))), None)
        if row is None:
            continue
        await pilot.press(*(["down"] * row))
        picked = screen.selected()
        return picked is not None and any(not c.cancelled for c in picked[2])
    return False


LABELS = (
    ("6a", "roster: next week"),
    ("6b", "open a patrol (to its page)"),
    ("6c", "open the candidate picker (ranked), once the page has been read"),
    ("6d", "assign a person (through the picker)"),
    ("6e", "book a patrol's hours as planned"),
    ("6f", "open a section, first time"),
    ("6g", "open a section, again"),
    ("6h", "staff list filtered by a typed name"),
)
NOT_AHEAD = "open a section, first time, before it is built ahead"
"""Row 6i (no target): a section key pressed before the app has been left alone."""
PICKER = LABELS[2][1]
PICKER_UNBUILT = "open the candidate picker (ranked), as soon as the page is shown"
"""Row 6j (no target): `a` pressed before the patrol's page has built its picker."""


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(db: Path, runs: int, per_run: int = KEYS_PER_RUN) -> list[Row]:
    """Key-to-frame rows on a throwaway copy of `db` (the keys assign and book), each of
    `runs` × `per_run` keys."""
    work = Path(tempfile.mkdtemp(prefix="hotspot-keys-")) / "work.db"
    shutil.copyfile(db, work)
    try:
        took = asyncio.run(_session_keys(work, max(1, runs) * max(1, per_run)))
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)
    rows = []
    for number, label in LABELS:
        values = took.get(label, [])
        if not values:
            continue
        median = statistics.median(values)
        rows.append(Row(number, f"key to frame: {label} (95th percentile {_p95(values):,.0f} ms, "
                                f"{len(values)} keys)", median, "ms", "-", None,
                        f"≤ {TARGET_MS:.0f} ms", median <= TARGET_MS))
    if took.get(NOT_AHEAD):
        values = took[NOT_AHEAD]
        rows.append(Row("6i", f"… {NOT_AHEAD} (a key pressed before the app was left alone; "
                              f"95th percentile {_p95(values):,.0f} ms, {len(values)} keys)",
                        statistics.median(values), "ms", "-", None, "-", True, info=True))
    if took.get(PICKER_UNBUILT):
        values = took[PICKER_UNBUILT]
        rows.append(Row("6j", f"… {PICKER_UNBUILT} (before it has built the picker; 95th "
                              f"percentile {_p95(values):,.0f} ms, {len(values)} keys)",
                        statistics.median(values), "ms", "-", None, "-", True, info=True))
    return rows
