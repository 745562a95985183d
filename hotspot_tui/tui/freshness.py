"""Whether a screen coming back into view must read its figures again.

A section resumes whenever a dialog over it closes or the supervisor comes back to it.
Reading again each time redraws every table even when nothing has changed, and the
next screen waits for that work. A screen keeps a `Freshness` and reads again only when
the file's change mark (`Session.change_mark`) or `when` (the day it shows; the minute,
for figures that depend on the time) has moved since its last read.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hotspot_tui.services.session import Session


class Freshness:
    def __init__(self) -> None:
        self._seen: tuple[tuple[int, int], Hashable] | None = None

    def note(self, session: Session, when: Hashable = None) -> None:
        """A read is starting now: what it will see."""
        mark = session.change_mark()
        self._seen = None if mark is None else (mark, when)

    def stale(self, session: Session, when: Hashable = None) -> bool:
        """Whether anything may have changed since the last `note` (and, if so, note now)."""
        mark = session.change_mark()
        if mark is not None and self._seen == (mark, when):
            return False
        self._seen = None if mark is None else (mark, when)
        return True
