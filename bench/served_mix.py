"""The supervisors' scripted mix on a served app: read the roster, move about it, open a
patrol, assign someone, book hours, go back; all through keys on the app's websocket.

Each `Supervisor` keeps what it saw the app confirm (`writes`: an assignment or a booking
the app said it made) and what the app refused (`refusals`, with the app's own words), so
that the database can be checked afterwards for every write the person believes was made.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.served_client import AppClosed, NotShown, ServedSession

VERDICTS = ("ok", "warning", "needs override", "not eligible", "not possible")
ROW = re.compile(r"│\s+[✓ ]?\s*(\d+)\s{2,}(.+?)\s{2,}(" + "|".join(VERDICTS) + r")\s")
"""A row of the candidate picker: position, name (cut to its column), verdict."""
ASSIGNABLE = ("ok", "warning")
CELL = re.compile(r"^ \S.* · \w{3} \d\d \w{3} \d{4}$")
"""The roster's line naming the highlighted cell's area and day (its patrols follow)."""
TOAST = 30
"""How much of a confirmation is looked for: it fits on the first line of its toast."""


@dataclass(frozen=True)
class Write:
    kind: str  # "assign" | "book"
    patrol: str  # the patrol's reference, as its screen shows it
    person: str  # the person's full name, as the app names them
    actor: str  # the account that made it


@dataclass
class Supervisor:
    """One person's scripted work on one served app."""

    session: ServedSession
    number: int
    today: date
    writes: list[Write] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    results: dict[str, list[float]] = field(default_factory=dict)
    """Seconds from a key to what it asked for on screen, by action."""
    rounds: int = 0
    past_first: bool = False
    """Rounds alternate: a patrol ahead (assign), then one just gone (assign and book);
    True starts with the one just gone."""
    errors: list[str] = field(default_factory=list)
    """Where the script itself could not go on (what it waited for never came)."""
    screens: list[str] = field(default_factory=list)
    """The screen each time the script could not go on."""

    @property
    def name(self) -> str:
        return self.session.name

    def _took(self, action: str, since: float) -> None:
        self.results.setdefault(action, []).append(time.perf_counter() - since)

    # -- the rounds -----------------------------------------------------------------------
    async def run(self, until: float, max_rounds: int | None = None) -> None:
        """Rounds until the monotonic clock passes `until` (or `max_rounds` are done); each
        round assigns on a patrol ahead, or assigns and books hours on one just gone."""
        while time.perf_counter() < until and (max_rounds is None or self.rounds < max_rounds):
            past = (self.rounds + self.past_first) % 2 == 1
            try:
                await self.round(past)
            except NotShown as exc:
                self.errors.append(str(exc).splitlines()[0])
                self.screens.append(str(exc))
                await self._home()
            except AppClosed as exc:  # its error output is in the server's log
                self.errors.append(str(exc))
                return
            self.rounds += 1

    async def _home(self) -> None:
        """Back to the roster from wherever the script stopped (closing any dialog)."""
        s = self.session
        for _ in range(4):
            text = "\n".join(await s.look())
            if "Week of Mon" in text and "╭" not in text:
                return
            await s.press("escape", "back", timed=False)
            await s.settle(0.4)

    async def round(self, past: bool) -> None:
        s = self.session
        k = self.number + self.rounds
        # Read: the dashboard (the app opens on it), the roster's week, then the week of
        # the day to work on.
        if self.rounds:
            started = time.perf_counter()
            await s.press("1", "switch section")
            await s.wait_for(lambda t: "Alerts (" in t and "Week of Mon" not in t)
            self._took("dashboard", started)
        started = time.perf_counter()
        await s.press("2", "switch section")
        await s.wait_for(lambda t: "Week of Mon" in t and "Alerts (" not in t)
        self._took("roster", started)
        day = (self.today - timedelta(days=2 + k % 4) if past
               else self.today + timedelta(days=7 + k % 14))
        await self.go_to(day)
        # Move: down the areas to this person's, then along the week and back.
        for _ in range(self.number % 5 + k % 3):
            await s.press("down", "move")
        await s.press("right", "move")
        await s.press("left", "move")
        for _ in range(6):
            if self._cell_has_patrols(await s.look()):
                break
            await s.press("down", "move")
        else:
            return
        await self.open_patrol()
        name = await self.assign()
        if name and past:
            await self.book(name)
        started = time.perf_counter()
        await s.press("escape", "back")
        await s.wait_for(lambda text: "Week of Mon" in text and "Cover:" not in text)
        self._took("back to roster", started)

    async def go_to(self, day: date) -> None:
        s = self.session
        await s.press("g", "open a dialog")
        await s.wait_for("Go to date")
        await s.type(day.isoformat())
        monday = day - timedelta(days=day.weekday())
        started = time.perf_counter()
        await s.press("enter", timed=False)
        await s.wait_for(lambda text: f"Week of Mon {monday:%d %b}" in text and "Go to date" not in text)
        self._took("roster of another week", started)

    @staticmethod
    def _cell_has_patrols(lines: list[str]) -> bool:
        detail = next((i for i, line in enumerate(lines) if CELL.match(line)), None)
        return detail is not None and not lines[detail + 1].strip().startswith("no patrols")

    async def open_patrol(self) -> None:
        s = self.session
        started = time.perf_counter()
        await s.press("enter", "open a patrol")
        text = await s.wait_for(lambda t: "Cover:" in t or "Patrols on" in t)
        if "Patrols on" in text and "Cover:" not in text:
            await s.press("enter", "choose a patrol")
            await s.wait_for("Cover:")
        await s.wait_for(lambda t: "Outcomes:" in t)
        self._took("open a patrol", started)

    async def _patrol_ref(self) -> str:
        """The reference at the start of the patrol screen's title (under the section bar)."""
        lines = await self.session.look()
        bar = next(i for i, line in enumerate(lines) if line.rstrip().endswith("› Patrol"))
        return lines[bar + 1].strip().split(" · ", 1)[0]

    async def assign(self) -> str | None:
        """The first person the picker ranks as assignable, assigned; their name, or None."""
        s = self.session
        if any("CANCELLED" in line for line in await s.look()):
            return None
        patrol = await self._patrol_ref()
        started = time.perf_counter()
        await s.press("a", "open the picker")
        await s.wait_for(lambda t: ROW.search(t) is not None or "Nobody matches" in t)
        self._took("open the picker (ranked candidates)", started)
        rows = [m for line in await s.look() if (m := ROW.search(line))]
        pick = next((i for i, m in enumerate(rows) if m.group(3) in ASSIGNABLE), None)
        for _ in range(2):  # nobody of the kind the patrol is short of: the other kinds
            if pick is not None:
                break
            before = [m.group(2) for m in rows]
            await s.press("ctrl+n", "next kind")
            await s.wait_for(lambda t, was=before: [m.group(2) for m in ROW.finditer(t)] != was
                             or "Nobody matches" in t)
            rows = [m for line in await s.look() if (m := ROW.search(line))]
            pick = next((i for i, m in enumerate(rows) if m.group(3) in ASSIGNABLE), None)
        if pick is None:
            self.refusals.append(f"{patrol}: nobody assignable on the first page")
            await s.press("escape", "close the picker")
            await s.wait_for(lambda t: "Assign to" not in t)
            return None
        for _ in range(pick):
            await s.press("down", "move")
        shown = rows[pick].group(2).rstrip("…").strip()
        reason = next((line for line in await s.look() if f"│ {shown}" in line and ": " in line
                       and not ROW.search(line)), None)
        if reason is None:
            await s.wait_for(lambda t: any(f"│ {shown}" in x and ": " in x and not ROW.search(x)
                                           for x in t.splitlines()))
            reason = next(line for line in s.lines() if f"│ {shown}" in line and ": " in line
                          and not ROW.search(line))
        person = reason.split("│", 1)[1].strip().split(": ", 1)[0]
        confirmed = f"Assigned {person}"[:TOAST]
        started = time.perf_counter()
        await s.press("enter", "assign")
        text = await s.wait_for(lambda t: confirmed in t or self._refused(t) is not None)
        if confirmed not in text:
            self.refusals.append(f"{patrol} {person}: {self._refused(text)}")
            await self._close_dialog()
            return None
        self._took("assign (to the app's confirmation)", started)
        self.writes.append(Write("assign", patrol, person, self.name))
        await s.wait_for(lambda t: "Assign to" not in t and "Outcomes:" in t)
        return person

    async def _close_dialog(self) -> None:
        """Back to the patrol screen from a dialog that refused (or asked for more)."""
        s = self.session
        for _ in range(3):
            if "╭" not in "\n".join(await s.look()):
                return
            await s.press("escape", timed=False)
            await s.settle(0.4)

    def _refused(self, text: str) -> str | None:
        """The app's refusal on the patrol screen or in a dialog, if it shows one."""
        lines = [line.strip() for line in text.splitlines()]
        for line in lines:
            body = line.strip("│ ")
            if body.startswith("Not saved:") or "cannot be assigned" in body:
                return body
        if "Override a working-time rule" in text:
            return "asked for an override reason"
        if "╭" not in text and len(lines) > 2 and lines[-2] and not lines[-2].startswith("Outcomes:"):
            return lines[-2]  # the patrol screen's message line, just above the footer
        return None

    async def book(self, person: str) -> None:
        """The person's hours booked as planned."""
        s = self.session
        patrol = await self._patrol_ref()
        for step in range(30):
            lines = await s.look()
            if any(line.strip().startswith(f"{person} (") for line in lines):
                break
            await s.press("down" if step < 15 else "up", "move")
        else:
            self.refusals.append(f"{patrol} {person}: not found on the patrol to book")
            return
        await s.press("b", "open a form")
        await s.wait_for(f"Book hours: {person}"[:TOAST])
        confirmed = f"Hours booked for {person}"[:TOAST]
        started = time.perf_counter()
        await s.press("ctrl+s", "book hours")
        text = await s.wait_for(lambda t: confirmed in t or "Not saved:" in t)
        if confirmed not in text:
            self.refusals.append(f"{patrol} {person}: {self._refused(text)}")
            await self._close_dialog()
            return
        self._took("book hours (to the app's confirmation)", started)
        self.writes.append(Write("book", patrol, person, self.name))
        await s.wait_for(lambda t: "Book hours" not in t)


async def start(session: ServedSession, timeout: float = 120.0) -> float:
    """Sign in and open the app; seconds from the websocket opening to the first screen
    with the person's name on it and quiet."""
    await session.sign_in()
    started = time.perf_counter()
    await session.open_app()
    await session.wait_for(f"{session.name} (supervisor)", timeout=timeout)
    took = time.perf_counter() - started
    await session.settle(0.3)
    return took

