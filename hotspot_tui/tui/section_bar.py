"""The line under the title that names where you are and how to get anywhere else."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.content import Content
from textual.widgets import Static

MIN_TITLE = 3
SHORT = {"Dashboard": "Dash", "Settings": "Set", "Payroll": "Pay", "Budget": "Bud",
         "Report": "Rep", "Roster": "Rost", "Hotspots": "Hot"}
"""The short names a narrow bar uses first, longest titles first; then titles are cut."""


def section_labels(sections: list[Any], current: str | None, width: int) -> list[tuple[str, str, bool]]:
    """(mode, title, is current) for each section, the titles shortened as little as needed
    for `key title` pairs, one space apart (the current one padded), to fit `width` cells.
    The current section's title is never shortened."""
    titles = {s.mode: s.title for s in sections}

    def total() -> int:
        return (sum(len(f"{s.key} {titles[s.mode]}") for s in sections) + len(sections) - 1
                + (2 if current in titles else 0) + 1)

    for mode in sorted(titles, key=lambda m: -len(titles[m])):
        if total() <= width:
            break
        if mode != current and titles[mode] in SHORT:
            titles[mode] = SHORT[titles[mode]]
    while total() > width:
        longest = max((m for m in titles if m != current and len(titles[m]) > MIN_TITLE),
                      key=lambda m: len(titles[m]), default=None)
        if longest is None:
            break
        titles[longest] = titles[longest][:-1]
    return [(s.mode, titles[s.mode], s.mode == current) for s in sections]


class SectionBar(Static):
    """Every section with its key, the current one highlighted, and the screen open within
    it (`Roster › Patrol`). A click on a section goes there."""

    DEFAULT_CSS = """
    SectionBar {
        width: 100%;
        height: 1;
        background: $boost;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="section-bar")
        self._spans: list[tuple[int, int, str]] = []
        self.current_mode: str | None = None

    def on_mount(self) -> None:
        # A section's own screen is in its section, even when built ahead of being shown;
        # any other screen stays in the section (mode) it was opened in.
        screen = type(self.screen)
        self.current_mode = next(
            (s.mode for s in getattr(self.app, "sections", [])
             if s.target == f"{screen.__module__}:{screen.__name__}"),
            getattr(self.app, "current_mode", None))
        self._show()

    def on_resize(self, event: events.Resize) -> None:
        self._show()

    def where(self) -> str:
        """The open screen's name when it is not the section's own (e.g. `Patrol`)."""
        sections = getattr(self.app, "sections", [])
        section = next((s for s in sections if s.mode == self.current_mode), None)
        title = getattr(self.screen, "HELP_TITLE", "")
        if section is None or not title or title == section.title:
            return ""
        return title

    def _show(self) -> None:
        sections = list(getattr(self.app, "sections", []))
        where = self.where()
        extra = f" › {where}" if where else ""
        width = max(self.size.width or self.app.size.width, 20) - len(extra)
        content = Content(" ")
        self._spans = []
        x = 1
        keys = {s.mode: s.key for s in sections}
        for i, (mode, title, current) in enumerate(section_labels(sections, self.current_mode,
                                                                  width)):
            if i:
                content += Content(" ")
                x += 1
            label = f" {keys[mode]} {title} " if current else f"{keys[mode]} {title}"
            if current:
                content += Content.styled(label, "reverse bold")
            else:
                content += Content.styled(keys[mode], "bold") + Content(f" {title}")
            self._spans.append((x, x + len(label), mode))
            x += len(label)
        if extra:
            content += Content.styled(extra, "bold")
        self.update(content)

    @property
    def text(self) -> str:
        return str(self.content)

    def on_click(self, event: events.Click) -> None:
        for start, end, mode in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.switch_mode(mode)
                return
