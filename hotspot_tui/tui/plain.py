"""User text shown as typed: never read as markup.

A `str` given to a Textual widget is markup, so a name such as `PS [/] Tester` would break
the screen (or restyle it). Screens pass user text through `plain()` (or `Content(...)`),
and list people, areas and reasons in a `PlainTable`, whose text cells are always plain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
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

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> Any:
        """A cell of plain text lines drawn straight to its segments; any other cell
        (headers, labels, wrapped, cropped or justified text) as DataTable draws it."""
        lines = self._text_cell(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines

    def _text_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                   cursor: bool, hover: bool) -> list[list[Segment]] | None:
        """The segments DataTable's own rendering (a padded, styled Rich render of the cell)
        gives a text cell whose lines each fit its width and are no more than its row's
        height, in a few microseconds a line instead of a hundred; None for a cell this
        does not cover. Cached under DataTable's own key."""
        if row_index < 0 or column_index < 0:
            return None
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return None
        key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
               self._update_count, self._pseudo_class_state)
        cache = self._cell_render_cache
        if key in cache:
            return cache[key]
        row = self.rows.get(row_key)
        pad = self.cell_padding
        inner = width - 2 * pad
        if row is None or inner < 1:
            return None
        cell = self._get_row_renderables(row_index).cells[column_index]
        options = self.app.console_options
        if (not isinstance(cell, Text) or cell.justify not in (None, "default")
                or (cell.overflow or options.overflow or "fold") not in ("fold", "crop")
                or options.justify not in (None, "default")):
            return None
        plain = cell.plain
        if "\t" in plain or "\r" in plain or plain.endswith("\n"):
            return None
        texts = cell.split("\n") if "\n" in plain else [cell]
        if len(texts) > row.height or any(cell_len(t.plain) > inner for t in texts):
            return None
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component, post = self._get_styles_to_render_cell(
            False, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component

        def styled(style: Style | None) -> Style:
            combined = pre + style
            return combined + post if post else combined

        edge = Segment(" " * pad, styled(None))
        lines = [_line(text, inner, edge, styled, self.app.console) for text in texts]
        lines.extend(_line(Text(), inner, edge, styled, self.app.console)
                     for _ in range(row.height - len(texts)))
        cache[key] = lines
        return lines


def _line(text: Text, inner: int, edge: Segment, styled: Callable[[Style | None], Style],
          console: Console) -> list[Segment]:
    """One line of a cell: `text` (which fits `inner` cells) between its padding, filled out."""
    if text.style or text.spans:
        parts = list(Text("\n").join([text]).render(console))
    else:
        parts = [Segment(text.plain)]
    gap = inner - cell_len(text.plain)
    line = [edge] if edge.text else []
    line.extend(Segment(part.text, styled(part.style)) for part in parts if part.text)
    if gap:
        line.append(Segment(" " * gap, styled(None)))
    if edge.text:
        line.append(edge)
    return line
