"""Pick one of a short list (a cell's patrols, a filter)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hotspot_tui.tui.modals.form import FormModal


class ChooseModal(FormModal[str]):
    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static(Content(self.title_text), classes="title")
            yield OptionList(*(Option(Content(label), id=key) for key, label in self.options), id="choices")
            yield Static("", id="error", classes="error")
            yield Static("enter choose · escape cancel", classes="hint")

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
