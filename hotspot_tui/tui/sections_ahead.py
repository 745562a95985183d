"""Each section's screen built in the background while nobody is pressing keys, so that a
section opened for the first time comes up as quickly as one opened before.

Textual builds a section's screen (a mode's first screen) when the section is first
opened: composed, styled, laid out and its figures read, 100 to 150 ms on a county file
before its first frame. Built ahead, one section at a time once the app has been left
alone for `IDLE_S` and no screen's work is running, it comes into view as a section
visited before does: it reads its figures again only if the file, or the day, has moved
since it read them (`tui/freshness.py`).

Textual has no public call that builds a mode's screen without showing it; `switch_mode`
does it through `App._init_mode`. Where that is missing (another Textual), nothing is
built ahead and each section is built when first opened, as before.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.timer import Timer

    from hotspot_tui.tui.app import HotspotApp

IDLE_S = 0.3
"""How long with no key pressed (nor the mouse moved) before the next section is built."""
STEP_S = 0.1
PATIENT_GROUPS = frozenset({"integrity"})
"""Workers that may run for long without a screen waiting on them (a large file's check)."""


def left_alone(app: HotspotApp) -> bool:
    """No key pressed (nor the mouse moved) for `IDLE_S`, and no screen's work running:
    the moment to build what may be asked for next."""
    return time.monotonic() - app.last_input >= IDLE_S and all(
        w.is_finished or w.group in PATIENT_GROUPS for w in app.workers)


class SectionsAhead:
    """Which sections' screens exist, and the building of the others ahead of use."""

    def __init__(self, app: HotspotApp) -> None:
        self.app = app
        self.built: set[str] = set()
        self._timer: Timer | None = None
        self._held = False

    @property
    def started(self) -> bool:
        """Building has begun (the app's start-up is done) and is not finished."""
        return self._timer is not None

    @property
    def done(self) -> bool:
        """Every section's screen is built (or nothing more will be built ahead)."""
        return self._timer is None and (self._held or not self._waiting())

    def _waiting(self) -> list[str]:
        if not hasattr(self.app, "_init_mode"):
            return []
        return [s.mode for s in self.app.sections if s.mode not in self.built]

    def start(self) -> None:
        if self._timer is None and not self._held and self._waiting():
            self._timer = self.app.set_interval(STEP_S, self._step, name="sections-ahead")

    def hold(self) -> None:
        """Build nothing more ahead: each section not yet built is built when first opened."""
        self._held = True
        self._stop()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _step(self) -> None:
        app = self.app
        if not app.is_running:  # closing: its screens are being closed
            self._stop()
            return
        if not left_alone(app):
            return
        waiting = self._waiting()
        if not waiting or app.needs_setup:
            self._stop()
            return
        mode = waiting[0]
        self.built.add(mode)
        app._init_mode(mode)
