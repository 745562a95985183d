"""Browser sessions: who signed in, since when, last active when; nothing stored on disk.

A session's id (the cookie) and its form token are random, 256 bits each. A session ends
when the person signs out, after `idle_minutes` with no key or click, or `session_hours`
after signing in, whichever comes first; the server then closes its app.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hotspot_tui.domain.access import Identity
from hotspot_tui.domain.accounts import SignInPolicy


@dataclass
class WebSession:
    id: str
    identity: Identity
    csrf: str
    started: float
    last_seen: float
    idle_seconds: float
    max_seconds: float
    sockets: set[Any] = field(default_factory=set)

    def ended(self, now: float) -> bool:
        return now - self.last_seen > self.idle_seconds or now - self.started > self.max_seconds

    def ends_at(self) -> float:
        return min(self.last_seen + self.idle_seconds, self.started + self.max_seconds)

    def form_token_ok(self, token: str) -> bool:
        return hmac.compare_digest(self.csrf.encode(), (token or "").encode())


class SessionStore:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._sessions: dict[str, WebSession] = {}
        self._clock = clock

    def start(self, identity: Identity, policy: SignInPolicy) -> WebSession:
        now = self._clock()
        session = WebSession(secrets.token_urlsafe(32), identity, secrets.token_urlsafe(32), now, now,
                             policy.idle_minutes * 60.0, policy.session_hours * 3600.0)
        self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> WebSession | None:
        """The live session with this id (an ended one is forgotten)."""
        if not session_id:
            return None
        session = self._sessions.get(session_id)
        if session is None:
            return None
        if session.ended(self._clock()):
            self._sessions.pop(session_id, None)
            return None
        return session

    def touch(self, session: WebSession) -> None:
        session.last_seen = self._clock()

    def end(self, session: WebSession) -> None:
        self._sessions.pop(session.id, None)

    def live(self, session: WebSession) -> bool:
        return self._sessions.get(session.id) is session and not session.ended(self._clock())

    def now(self) -> float:
        return self._clock()

    def __len__(self) -> int:
        return len(self._sessions)
