"""The Textual application and its factory."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from hotspot_tui.services.session import Session
from hotspot_tui.tui.commands import ScreenActionCommands, SectionCommands
from hotspot_tui.tui.navigation import Section, available_sections


class HotspotApp(App[None]):
    """The supervisor's terminal app."""

    TITLE = "hotspot-tui"
    COMMANDS = App.COMMANDS | {SectionCommands, ScreenActionCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("f1", "help", "Help", show=False, priority=True, id="help_f1"),
    ]

    def __init__(self, session: Session, *, sections: list[Section] | None = None) -> None:
        self.sections = sections if sections is not None else available_sections()
        self.MODES = {s.mode: s.build for s in self.sections}  # type: ignore[misc]
        super().__init__()
        self.session = session
        self.sub_title = f"{session.path.name} · {session.actor}"
        for section in self.sections:
            self.bind(section.key, f"switch_mode('{section.mode}')", description=section.title,
                      show=False)

    def on_mount(self) -> None:
        if self.sections:
            self.switch_mode(self.sections[0].mode)

    def action_help(self) -> None:
        from hotspot_tui.tui.modals.help import HelpModal, help_markdown

        if isinstance(self.screen, HelpModal):
            return
        self.push_screen(HelpModal(help_markdown(self.screen, self.sections)))

    def on_unmount(self) -> None:
        self.session.close()


def make_app(session: Session) -> HotspotApp:
    """Build the app for the CLI, tests and serving alike."""
    return HotspotApp(session)
