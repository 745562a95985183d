"""Command palette: every section and every action of the current screen."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class SectionCommands(Provider):
    """Go to any section of the app."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.app
        found = []
        for section in app.sections:  # type: ignore[attr-defined]
            found.append((f"Go to {section.title}", section.help,
                          partial(app.switch_mode, section.mode)))
        return found

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)  # type: ignore[arg-type]


class ScreenActionCommands(Provider):
    """Every key binding of the current screen, as a command."""

    def _commands(self) -> list[tuple[str, str, object]]:
        screen = self.screen
        found = []
        for binding in getattr(screen, "BINDINGS", []):
            key, action, description = binding if isinstance(binding, tuple) else (
                binding.key, binding.action, binding.description)
            if not description:
                continue
            found.append((f"{description} ({key})", action,
                          partial(screen.run_action, action)))
        return found

    async def discover(self) -> Hits:
        for name, _, callback in self._commands():
            yield DiscoveryHit(name, callback)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, _, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback)  # type: ignore[arg-type]
