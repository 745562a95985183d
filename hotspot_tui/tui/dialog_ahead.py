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

from typing import Any

from textual.screen import Screen


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
