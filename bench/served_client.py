"""A browser session without the browser: what `hotspot-tui serve` sees from one person.

`ServedSession` signs in over HTTP as the sign-in page does (the form's CSRF token with its
cookie, this site's Origin), takes the session cookie, and opens the app's websocket as
textual-serve's `textual.js` does (`/ws?width=W&height=H`, then `resize` and `ping`). It
types keys as `stdin` messages, the bytes xterm.js would send, and keeps a VT100 screen
(pyte) of the frames that come back, so a script can wait for what a person would wait
for and read the screen as they would.

Each key sent with `press` is timed from the moment it is sent to the first frame that
comes back after it (the first websocket message of the app's redrawn screen). Before a
timed key the session waits for the app to fall quiet, so the frame that follows is the
answer to that key and not the end of an earlier redraw.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
import pyte

from hotspot_tui.serve.server import LOGIN_COOKIE, SESSION_COOKIE

KEYS = {
    "enter": "\r", "escape": "\x1b", "tab": "\t", "space": " ", "backspace": "\x7f",
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
    "ctrl+s": "\x13", "ctrl+n": "\x0e",
}
"""What xterm.js sends for each key."""

PROBLEMS = ("database is locked", "Traceback", "is busy: another hotspot-tui is writing")
"""Text that must never reach a person's screen: SQLite's own word for a lock it waited out,
a crash, and the app's own refusal when the file stayed locked past its busy timeout."""

PROBLEM_WORDS = (b"locked", b"Traceback", b"busy")
"""A frame holding one of these is read onto the screen at once, to be checked before a later
frame can cover it."""

QUIET_SECONDS = 0.12
"""How long the app must have sent nothing before a timed key goes."""

ANSWER_SECONDS = 10.0
"""How long a timed key waits for its frame before the next key goes regardless."""


class SignInFailed(Exception):
    """The server did not sign the person in (the message is the page's error line)."""


class AppClosed(Exception):
    """The app's websocket closed while the script was waiting on it."""


class NotShown(Exception):
    """What the script waited for did not appear in time."""


@dataclass
class KeyTiming:
    key: str
    label: str
    seconds: float | None
    """Key sent to the first frame after it; None if no frame came before the next key."""
    at: float = 0.0
    """When the key was sent (time.perf_counter())."""


@dataclass
class ServedSession:
    base_url: str
    name: str
    password: str
    width: int = 120
    height: int = 40
    timings: list[KeyTiming] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bytes_in: int = 0
    frames_in: int = 0
    closed: bool = False

    def __post_init__(self) -> None:
        self.screen = pyte.Screen(self.width, self.height)
        self.stream = pyte.ByteStream(self.screen)
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._unread: list[bytes] = []
        self._arrived = asyncio.Event()
        self._last_frame = time.perf_counter()
        self._sent: tuple[float, KeyTiming] | None = None
        self._cookie = ""
        self.texts: list[object] = []

    # -- signing in and opening the app ------------------------------------------------------
    async def sign_in(self) -> None:
        # Cookies by hand: they are Secure, which a browser honours on http://127.0.0.1 (a
        # secure context) and aiohttp's cookie jar does not.
        self._http = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        async with self._http.get(self.base_url + "/login") as page:
            html = await page.text()
            login = page.cookies[LOGIN_COOKIE].value
        token = re.search(r'name="csrf" value="([^"]+)"', html)
        assert token, "the sign-in page has no form token"
        form = {"csrf": token.group(1), "name": self.name, "password": self.password}
        headers = {"Origin": self.base_url, "Cookie": f"{LOGIN_COOKIE}={login}"}
        async with self._http.post(self.base_url + "/login", data=form, headers=headers,
                                   allow_redirects=False) as answer:
            if answer.status != 303 or SESSION_COOKIE not in answer.cookies:
                error = re.search(r'class="error"[^>]*>([^<]*)<', await answer.text())
                raise SignInFailed(error.group(1) if error else f"HTTP {answer.status}")
            self._cookie = f"{SESSION_COOKIE}={answer.cookies[SESSION_COOKIE].value}"
        async with self._http.get(self.base_url + "/", headers={"Cookie": self._cookie},
                                  allow_redirects=False) as page:
            if page.status != 200 or "Signed in as" not in await page.text():
                raise SignInFailed(f"the app page answered HTTP {page.status}")

    async def open_app(self) -> None:
        assert self._http is not None, "sign in first"
        url = self.base_url.replace("http", "ws", 1) + f"/ws?width={self.width}&height={self.height}"
        self._ws = await self._http.ws_connect(
            url, headers={"Origin": self.base_url, "Cookie": self._cookie}, max_msg_size=0,
            autoping=True)
        self._reader = asyncio.create_task(self._read())
        await self._ws.send_str(json.dumps(["resize", {"width": self.width, "height": self.height}]))
        await self._ws.send_str(json.dumps(["ping", str(int(time.time() * 1000))]))

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for message in self._ws:
                now = time.perf_counter()
                if message.type == aiohttp.WSMsgType.BINARY:
                    if self._sent is not None:
                        sent_at, timing = self._sent
                        timing.seconds = now - sent_at
                        self._sent = None
                    self._last_frame = now
                    self.frames_in += 1
                    self.bytes_in += len(message.data)
                    self._unread.append(message.data)
                    self._arrived.set()
                elif message.type == aiohttp.WSMsgType.TEXT:
                    self.texts.append(json.loads(message.data))
                else:
                    break
        finally:
            self.closed = True
            self._arrived.set()

    # -- the screen -----------------------------------------------------------------------
    def _catch_up(self) -> None:
        """Feed what has arrived to the screen, noting any problem it shows."""
        if not self._unread:
            return
        chunks, self._unread = self._unread, []
        for chunk in chunks:
            self.stream.feed(chunk)
            if any(word in chunk for word in PROBLEM_WORDS):
                self._note_problems()  # at once: the next chunk may cover it
        self._note_problems()

    def _note_problems(self) -> None:
        text = self.text()
        for problem in PROBLEMS:
            if problem in text:
                line = next(x.strip() for x in text.splitlines() if problem in x)
                if line not in self.problems:
                    self.problems.append(line)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def lines(self) -> list[str]:
        self._catch_up()
        return [line.rstrip() for line in self.screen.display]

    async def look(self) -> list[str]:
        """The screen's lines once the last timed key has been answered and the app has
        fallen quiet: what a person reads before their next key."""
        await self.answered()
        await self.settle()
        return self.lines()

    async def wait_for(self, shown: Callable[[str], object] | str, timeout: float = 20.0) -> str:
        """Wait until `shown` (text on the screen, or a test of the screen's text) holds;
        the screen's text then."""
        test = (lambda text: shown in text) if isinstance(shown, str) else shown
        deadline = time.perf_counter() + timeout
        while True:
            self._catch_up()
            text = self.text()
            if test(text):
                return text
            if self.closed:
                raise AppClosed(f"{self.name}: the app closed")
            left = deadline - time.perf_counter()
            if left <= 0:
                raise NotShown(f"{self.name}: {shown!r} not shown within {timeout:.0f} s; "
                               f"the screen:\n{text}")
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), min(left, 0.5))

    async def settle(self, quiet: float = QUIET_SECONDS, timeout: float = 10.0) -> None:
        """Wait until the app has sent nothing for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while (since := time.perf_counter() - self._last_frame) < quiet:
            if time.perf_counter() > deadline or self.closed:
                return
            await asyncio.sleep(quiet - since)

    # -- typing ---------------------------------------------------------------------------
    async def press(self, key: str, label: str = "", *, timed: bool = True) -> None:
        """Send one key (a name in KEYS, or the characters typed). A timed key waits for
        the app to fall quiet first, and is timed to the first frame after it."""
        assert self._ws is not None
        if self.closed:
            raise AppClosed(f"{self.name}: the app closed")
        data = KEYS.get(key, key)
        await self.answered()
        self._sent = None
        if timed:
            await self.settle()
            now = time.perf_counter()
            timing = KeyTiming(key, label or key, None, now)
            self.timings.append(timing)
            self._sent = (now, timing)
        await self._ws.send_str(json.dumps(["stdin", data]))

    async def answered(self, timeout: float = ANSWER_SECONDS) -> None:
        """Wait (as a person does) for the frame that answers the last timed key; a key no
        frame answers within `timeout` stays untimed."""
        deadline = time.perf_counter() + timeout
        while self._sent is not None and not self.closed:
            left = deadline - time.perf_counter()
            if left <= 0:
                return
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), left)
            except TimeoutError:
                return

    async def type(self, text: str) -> None:
        """Characters typed into a text box, untimed (a focused box blinks its cursor, so
        the next frame need not be the answer to the key)."""
        for char in text:
            await self.press(char, timed=False)
            await asyncio.sleep(0.01)

    async def close(self) -> None:
        """Leave as a browser tab does when it is closed: the websocket goes."""
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._reader is not None:
            await self._reader
        if self._http is not None:
            await self._http.close()
        self._catch_up()
