"""`?`: what the current screen is for and every key it answers."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from hotspot_tui.tui.steady_styles import SteadyStyles

if TYPE_CHECKING:
    from hotspot_tui.tui.navigation import Section


def help_markdown(screen: Screen[object], sections: Sequence[Section]) -> str:
    title = getattr(screen, "HELP_TITLE", type(screen).__name__)
    text = getattr(screen, "HELP", "") or inspect.cleandoc(screen.__doc__ or "")
    lines = [f"# {title}", "", text.strip(), "", "## Keys on this screen", ""]
    for binding in screen.active_bindings.values():
        b = binding.binding
        if b.description:
            lines.append(f"- `{b.key_display or b.key}` {b.description}")
    session = getattr(screen.app, "session", None)
    if session is not None and session.role is not None:
        from hotspot_tui.domain.access import ROLE_HELP

        name = "".join(f"\\{ch}" if ch in "\\`*_[]<>#!|~" else ch for ch in session.actor)
        lines += ["", f"Signed in as {name}, {session.role}: {ROLE_HELP[session.role]}. "
                  "What the role may not do is not listed."]
    lines += ["", "## Anywhere", ""]
    for section in sections:
        lines.append(f"- `{section.key}` {section.title}: {section.help}")
    lines += [
        "- `ctrl+p` command palette: every action, searchable",
        "- `?` (or `f1` while typing) this help · `ctrl+q` quit",
        "- `escape` leaves a text field (then the keys above work); again, closes a dialog"
        " (a one-line reason box closes at once, saving nothing)",
    ]
    return "\n".join(lines)


class HelpModal(SteadyStyles, ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]
    DEFAULT_CSS = """
    HelpModal { align: center middle; }
    HelpModal > VerticalScroll {
        width: 90%; max-width: 100; height: 90%; border: round $accent; background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(self.markdown)
