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


MOMENT_S = 0.02
"""The longest a screen coming into view waits for a read on another thread (a section
being built ahead, a patrol page ranking ahead) to let it take the change mark; past it,
the mark is unknown and the screen reads again."""


class Freshness:
    def __init__(self) -> None:
        self._seen: tuple[tuple[int, int], Hashable] | None = None

    def note(self, session: Session, when: Hashable = None) -> None:
        """A read is starting now: what it will see."""
        mark = session.change_mark(wait=MOMENT_S)
        self._seen = None if mark is None else (mark, when)

    def stale(self, session: Session, when: Hashable = None) -> bool:
        """Whether anything may have changed since the last `note` (and, if so, note now)."""
        mark = session.change_mark(wait=MOMENT_S)
        if mark is not None and self._seen == (mark, when):
            return False
        self._seen = None if mark is None else (mark, when)
        return True


def still_holds(session: Session, mark: tuple[int, int], read_for: Hashable,
                wanted: Hashable) -> bool:
    """Whether something read ahead in the background, at the file's change mark `mark`
    and for `read_for` (the day taken as today and what was read), is still what a key
    asking for `wanted` would read now: the same, and nothing written since."""
    return read_for == wanted and mark == session.change_mark(wait=MOMENT_S)
