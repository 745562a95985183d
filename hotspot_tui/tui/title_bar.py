"""The top line of every screen: the app's title and the open file."""

from __future__ import annotations

from textual import events
from textual.widgets import Static


class TitleBar(Static):
    """The app's title and sub-title (the file and who is working), centred on one line.

    Textual's Header builds four widgets for this line; this is one, and it is on every
    screen the supervisor opens. A click opens the command palette.
    """

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align: center middle;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._show, init=False)
        self.watch(self.app, "sub_title", self._show)

    def _show(self) -> None:
        self.update(self.app.format_title(self.app.title, self.app.sub_title))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.app.action_command_palette()
