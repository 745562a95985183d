"""The footer every screen shows its keys in."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

HELP_ACTIONS = frozenset({"help", "help_while_typing"})


class KeysFooter(Footer):
    """Textual's compact footer, leaving out the command-palette key on a narrow terminal so
    that the screen's own keys and `? Help` fit; ctrl+p still opens the palette, and the
    help lists it. On a very narrow terminal `^q Quit` is left out too (ctrl+q still quits;
    the help lists it) and `? Help` keeps to the right-hand end, so it stays in view even
    when the screen's keys do not all fit."""

    NARROW_BELOW = 100
    TIGHT_BELOW = 80
    DEFAULT_CSS = """
    KeysFooter.-compact FooterKey.-help-key { dock: right; margin-right: 0; padding-left: 1; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)
        self.tight = False
        self._shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Textual says the keys may have changed at every change of focus; the footer is
        built again (once the change has settled) only when the keys it would show have."""
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if self.is_attached and self._keys(self.screen) != self._shown:
            await self.recompose()

    def _keys(self, screen: Screen[Any]) -> tuple[Any, ...]:
        """What the footer shows: each key with its words, and whether it can be pressed."""
        return (self.show_command_palette, self.tight, self.app.app_focus, tuple(
            (b.key, b.action, b.description, b.show, b.key_display, b.group, enabled, tooltip)
            for _node, b, enabled, tooltip in screen.active_bindings.values()))

    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(self.app.size.width)

    def _fit(self, width: int) -> None:
        wide = width >= self.NARROW_BELOW
        tight = width < self.TIGHT_BELOW
        if wide != self.show_command_palette or tight != self.tight:
            self.show_command_palette = wide
            self.tight = tight
            self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys(self.screen)
        for widget in super().compose():
            action = getattr(widget, "action", None)  # a key (groups and labels have none)
            if self.tight and action == "quit":
                continue
            if self.tight and action in HELP_ACTIONS:
                widget.add_class("-help-key", update=False)
            if action is not None and self.compact:
                # As Textual's key would set it once mounted, when it would be styled again.
                widget.add_class("-compact", update=False)
            yield widget
