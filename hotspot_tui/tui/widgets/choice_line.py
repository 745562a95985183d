"""A few choices on one line, the chosen one highlighted; a click on one chooses it.

Where a drop-down list would hide the others behind a key or a click, every choice is in
sight, and the line is one widget to style and lay out (a drop-down is five, and a dialog
opened many times a shift pays for them each time). Its screen offers a key to move to
the next choice (`choose_next`).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

GAP = "  "


class ChoiceLine(Widget):
    DEFAULT_CSS = """
    ChoiceLine {
        height: 1;
        width: auto;
        margin-right: 1;
    }
    """

    class Changed(Message):
        """Another choice was made (by a click, `value` or `choose_next`)."""

        def __init__(self, line: ChoiceLine, value: str) -> None:
            super().__init__()
            self.line = line
            self.value = value

        @property
        def control(self) -> ChoiceLine:
            return self.line

    def __init__(self, choices: list[tuple[str, str]], value: str, *, id: str | None = None) -> None:
        """`choices`: (label, value) pairs, in order; `value` one of theirs."""
        super().__init__(id=id)
        self.choices = choices
        self._value = value

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, value: str) -> None:
        if value not in (v for _, v in self.choices):
            raise ValueError(f"{value!r} is not one of the choices")
        if value != self._value:
            self._value = value
            self.refresh()
            self.post_message(self.Changed(self, value))

    def choose_next(self) -> None:
        values = [v for _, v in self.choices]
        self.value = values[(values.index(self._value) + 1) % len(values)]

    def _spans(self) -> list[tuple[int, int, str]]:
        """(first cell, cell after the last, value) of each choice's label on the line."""
        found, x = [], 0
        for label, value in self.choices:
            width = cell_len(label) + 2
            found.append((x, x + width, value))
            x += width + len(GAP)
        return found

    def render(self) -> Content:
        parts: list[Content] = []
        for label, value in self.choices:
            text = f" {label} "
            parts.append(Content.styled(text, "reverse bold") if value == self._value
                         else Content(text))
        return Content(GAP).join(parts)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._spans()[-1][1]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for first, after, value in self._spans():
            if first <= offset.x < after:
                self.value = value
                return
