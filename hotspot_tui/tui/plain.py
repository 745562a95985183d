"""User text shown as typed: never read as markup.

A `str` given to a Textual widget is markup, so a name such as `PS [/] Tester` would break
the screen (or restyle it). Screens pass user text through `plain()` (or `Content(...)`),
and list people, areas and reasons in a `PlainTable`, whose text cells are always plain.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable


def plain(value: object, style: str = "") -> Text:
    """`value` as text that is shown exactly as it reads."""
    return value if isinstance(value, Text) else Text(str(value), style=style)


def _cell(value: Any) -> Any:
    return Text(value) if isinstance(value, str) else value


def refit_columns(table: DataTable[Any]) -> None:
    """After `clear()`, let each column fit the rows added next, narrower ones too (a
    cleared table otherwise keeps the widest it has been, e.g. after a resize)."""
    for column in table.columns.values():
        column.content_width = column.label.cell_len


class PlainTable(DataTable[Any]):
    """A DataTable whose text cells are data, never markup."""

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> Any:
        return super().add_row(*(_cell(c) for c in cells), height=height, key=key,
                               label=_cell(label))

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, _cell(value), update_width=update_width)

    def update_cell_at(self, coordinate: Any, value: Any, *, update_width: bool = False) -> None:
        super().update_cell_at(coordinate, _cell(value), update_width=update_width)
