"""Screens restyled on coming into view only when the app's styles have changed.

Textual restyles every widget of a screen each time it becomes the active one (pushed,
or its section switched to). A screen just built was styled as it was mounted, and one
coming back was styled when it was last shown: unless the app's styles have changed
since (the theme), that second pass changes nothing and costs from ten to a hundred
milliseconds before the screen's first frame (a dialog of ranked candidates, a form).
Mixed in before `Screen` or `ModalScreen`, this marks the resume as needing no restyle
when the screen was styled at the app's current style count.
"""

from __future__ import annotations

from typing import Any

from textual import events


class SteadyStyles:
    _styled_at: int | None = None

    def on_mount(self: Any) -> None:
        self._styled_at = self.app._css_update_count

    def _on_screen_resume(self: Any, event: events.ScreenResume) -> None:
        """Runs before `Screen`'s own handler (earlier in the method order), which restyles
        only if `refresh_styles` is still set."""
        count = self.app._css_update_count
        if self._styled_at == count:
            event.refresh_styles = False
        self._styled_at = count
