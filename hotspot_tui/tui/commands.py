"""Command palette: every section and every action of the current screen."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.types import IgnoreReturnCallbackType

from hotspot_tui.tui.roles import permitted

if TYPE_CHECKING:
    from hotspot_tui.tui.navigation import Section

Command = tuple[str, str, IgnoreReturnCallbackType]
"""A palette entry: its name, its help line and what it does."""


def screen_bindings(screen: Screen[object]) -> list[Binding]:
    """The described key bindings a screen (or modal) of this app declares, its base
    classes' included (a form's `escape` Cancel), later classes overriding earlier ones."""
    by_action: dict[str, Binding] = {}
    for cls in reversed(type(screen).__mro__):
        if not cls.__module__.startswith("hotspot_tui"):
            continue
        for item in cls.__dict__.get("BINDINGS", []):
            binding = item if isinstance(item, Binding) else Binding(*item)
            if binding.description:
                by_action[binding.action] = binding
    return list(by_action.values())


class SectionCommands(Provider):
    """Go to any section of the app."""

    def _commands(self) -> list[Command]:
        app = self.app
        found: list[Command] = []
        if getattr(app, "needs_setup", False):
            return found  # the sections open once the operation is set up
        sections: Sequence[Section] = getattr(app, "sections", ())
        for section in sections:
            found.append((f"Go to {section.title}", section.help,
                          partial(app.switch_mode, section.mode)))
        return found

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class ScreenActionCommands(Provider):
    """Every key binding of the current screen (or open form), as a command."""

    def _commands(self) -> list[Command]:
        screen = self.screen
        found: list[Command] = []
        for binding in screen_bindings(screen):
            if not permitted(screen, binding.action):
                continue  # the role may not: left out, as from the footer
            key = binding.key_display or self.app.get_key_display(binding)
            found.append((f"{binding.description} ({key})", binding.action,
                          partial(screen.run_action, binding.action)))
        return found

    async def discover(self) -> Hits:
        for name, _, callback in self._commands():
            yield DiscoveryHit(name, callback)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, _, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback)


class SyncCommands(Provider):
    """Open the Sync screen: this copy, its hub, what waits, and the conflicts."""

    def _open(self) -> None:
        from hotspot_tui.tui.screens.sync import SyncScreen

        self.app.push_screen(SyncScreen())

    async def discover(self) -> Hits:
        if not getattr(self.app, "needs_setup", False):
            yield DiscoveryHit("Sync", self._open, help="Sync with the hub; conflicts to resolve")

    async def search(self, query: str) -> Hits:
        if getattr(self.app, "needs_setup", False):
            return
        matcher = self.matcher(query)
        for name in ("Sync", "Sync conflicts"):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._open,
                          help="Sync with the hub; conflicts to resolve")
                return
