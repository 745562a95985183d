"""The Textual application and its factory."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from hotspot_tui.services.session import Session
from hotspot_tui.tui.screens.home import HomeScreen


class HotspotApp(App[None]):
    """The supervisor's terminal app."""

    TITLE = "hotspot-tui"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.sub_title = f"{session.path.name} · {session.actor}"

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())

    def on_unmount(self) -> None:
        self.session.close()


def make_app(session: Session) -> HotspotApp:
    """Build the app for the CLI, tests and serving alike."""
    return HotspotApp(session)
