"""The footer every screen shows its keys in."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's compact footer, leaving out the command-palette key on a narrow terminal so
    that the screen's own keys and `? Help` fit; ctrl+p still opens the palette, and the
    help lists it."""

    NARROW_BELOW = 100

    def __init__(self) -> None:
        super().__init__(compact=True)

    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(self.app.size.width)

    def _fit(self, width: int) -> None:
        wide = width >= self.NARROW_BELOW
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.refresh(recompose=True)
