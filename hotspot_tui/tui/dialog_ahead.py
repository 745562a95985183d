"""A dialog built while the page under it is being read, so that its key shows it at once.

Textual builds a screen (composes, mounts and styles its widgets) when it is pushed: for
the candidate picker, 20 to 30 ms of the key's time before Textual even lays it out.
Built ahead, the screen is registered with the app but on no screen stack, so nothing
shows it and none of its keys are live; pushed later, it comes up as built.

Textual has no public call that builds a screen without showing it; `push_screen` does it
through `App._get_screen`. Where that is missing (another Textual), nothing is built ahead
and the dialog is built when its key is pressed, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from textual.screen import Screen

from hotspot_tui.tui.sections_ahead import STEP_S, left_alone

if TYPE_CHECKING:
    from textual.timer import Timer

    from hotspot_tui.tui.app import HotspotApp

S = TypeVar("S", bound=Screen[Any])


def build_unshown(app: Any, screen: Screen[Any]) -> bool:
    """Build `screen` without showing it; False (and nothing done) where Textual cannot."""
    load_css = getattr(app, "_load_screen_css", None)
    register = getattr(app, "_get_screen", None)
    if load_css is None or register is None:
        return False
    load_css(screen)
    register(screen)
    return True


def discard(screen: Screen[Any] | None) -> None:
    """Close a screen built ahead and never shown (or no longer wanted)."""
    if screen is not None and screen.is_attached and screen not in screen.app.screen_stack:
        screen.remove()


class DialogAhead(Generic[S]):
    """One dialog of a page, built unshown once the page has been left alone
    (`sections_ahead.left_alone`): never while a key's answer is being drawn."""

    def __init__(self, page: Screen[Any], make: Callable[[S | None], S | None]) -> None:
        """`make(built)`: the dialog to build now given the one built already (None: keep
        that one, or build nothing)."""
        self.page = page
        self.make = make
        self.built: S | None = None
        self._timer: Timer | None = None

    def want(self) -> None:
        """Build it once the page has been left alone (unless a build is already due)."""
        if self._timer is None:
            self._timer = self.page.set_interval(STEP_S, self._step, name="dialog-ahead")

    def _step(self) -> None:
        if not self.page.is_current:
            self._stop()
        elif left_alone(cast("HotspotApp", self.page.app)):
            self._stop()
            self.build()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def build(self) -> None:
        screen = self.make(self.built)
        if screen is None:
            return
        self.drop()
        if build_unshown(self.page.app, screen):
            self.built = screen

    def take(self) -> S | None:
        """The dialog built, now the caller's to show or discard."""
        built, self.built = self.built, None
        return built

    def drop(self) -> None:
        discard(self.built)
        self.built = None
