"""User text shown as typed: never read as markup.

A `str` given to a Textual widget is markup, so a name such as `PS [/] Tester` would break
the screen (or restyle it). Screens pass user text through `plain()` (or `Content(...)`),
and list people, areas and reasons in a `PlainTable`, whose text cells are always plain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.cells import cell_len, set_cell_size
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

    _text_defaults: tuple[Any, Any] | None = None

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> Any:
        return super().add_row(*(_cell(c) for c in cells), height=height, key=key,
                               label=_cell(label))

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, _cell(value), update_width=update_width)

    def update_cell_at(self, coordinate: Any, value: Any, *, update_width: bool = False) -> None:
        super().update_cell_at(coordinate, _cell(value), update_width=update_width)

    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        """As DataTable's, measuring what DataTable would measure the same way but cheaper:
        a new row of plain text cells is measured here, by its lines' lengths (what Rich's
        measure of a Text gives, without the console options DataTable builds for each
        cell), and not at all when every column has a set width (a column given a width
        never reads what its cells measure). A row with a label, a height to work out or any
        other kind of cell goes to DataTable."""
        measure = any(column.auto_width for column in self.columns.values())
        rest = [key for key in new_rows if not self._measured_here(key, measure)]
        super()._update_dimensions(rest)

    def _measured_here(self, row_key: Any, measure: bool) -> bool:
        """True when the row needs nothing more from DataTable's measuring: it has gone, it
        needs no measuring, or it has been measured here."""
        row = self.rows.get(row_key)
        if row is None or row.auto_height or row.label is not None:
            return row is None
        if not measure:
            return True
        cells = self._data.get(row_key, {})
        columns = self.ordered_columns
        texts: list[Text] = []
        for column in columns:
            cell = cells.get(column.key)
            if type(cell) is not Text:
                return False
            texts.append(cell)
        for column, text in zip(columns, texts, strict=True):
            lines = text.plain.splitlines()
            width = max(map(cell_len, lines)) if lines else 0
            if width > column.content_width:
                column.content_width = width
        return True

    def size_rows_now(self) -> None:
        """Work out the sizes of the rows added since the last time, now rather than when the
        table is next idle (as DataTable does), so that the layout Textual makes next gives
        the table the height of its rows: a table filled just before a layout otherwise
        shows only its header in that frame, and its rows one layout later."""
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> Any:
        """A cell of plain text lines drawn straight to its segments; any other cell
        (headers, labels, wrapped, cropped or justified text) as DataTable draws it."""
        lines = self._text_cell(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines

    def _console_text_defaults(self) -> tuple[Any, Any]:
        """The justify and overflow the app's console options give a cell without its own
        (read once: the options are built afresh at each asking)."""
        defaults = self._text_defaults
        if defaults is None:
            options = self.app.console_options
            defaults = self._text_defaults = (options.justify, options.overflow)
        return defaults

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
        if not isinstance(cell, Text):
            return None
        default_justify, default_overflow = self._console_text_defaults()
        justify = cell.justify or default_justify or "default"
        if (justify not in ("default", "right")
                or (cell.overflow or default_overflow or "fold") not in ("fold", "crop")):
            return None
        plain = cell.plain
        if "\t" in plain or "\r" in plain or plain.endswith("\n"):
            return None
        words = plain.split("\n")
        if len(words) > row.height:
            return None
        right = justify == "right"
        if right and any(w != w.rstrip() for w in words):
            return None  # Rich strips such a line before it pads it
        shown = words
        if any(cell_len(w) > inner for w in words):
            # One line too long for a row of one line is cut at the column's edge, as Rich
            # cuts a line it may not wrap (one with a space at its end is left to Rich).
            if (row.height != 1 or len(words) != 1 or right or cell.no_wrap is False
                    or plain != plain.rstrip()):
                return None
            shown = [set_cell_size(plain, inner)]
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component, post = self._get_styles_to_render_cell(
            False, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component

        def styled(style: Style | None) -> Style:
            combined = pre + style
            return combined + post if post else combined

        edge = Segment(" " * pad, styled(None))
        console = self.app.console
        whole = _whole_line_styles(cell, words, console)
        if whole is None:
            if right or shown is not words:
                return None
            lines = [_line(text, inner, edge, styled, console) for text in cell.split("\n")]
        else:
            # Right-justified, a line is padded on its left within the text: in its own style.
            left = None if not right else (
                Style.combine([Style.null(), console.get_style(cell.style, default=Style.null())])
                if cell.style else Style.null())
            lines = [_plain_line(word, style, inner, edge, styled, left)
                     for word, style in zip(shown, whole, strict=True)]
        lines.extend(_plain_line("", None, inner, edge, styled)
                     for _ in range(row.height - len(words)))
        cache[key] = lines
        return lines


def _whole_line_styles(text: Text, lines: list[str], console: Console) -> list[Style | None] | None:
    """Each of `text`'s lines' one style, when its style and every span cover whole lines
    (as a roster cell's patrols do): the style Rich would give every character of the
    line. None when a span starts or ends within a line (drawn through Rich)."""
    if not text.style and not text.spans:
        return [None] * len(lines)
    get = console.get_style
    base = [get(text.style, default=Style.null())] if text.style else []
    styles: list[list[Style]] = [list(base) for _ in lines]
    starts: list[int] = []
    at = 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    for span in text.spans:
        for n, (start, line) in enumerate(zip(starts, lines, strict=True)):
            end = start + len(line)
            if span.start < end and span.end > start:
                if span.start > start or span.end < end:
                    return None
                styles[n].append(get(span.style, default=Style.null()))
    return [Style.combine([Style.null(), *line]) if line else None for line in styles]


def _plain_line(text: str, style: Style | None, inner: int, edge: Segment,
                styled: Callable[[Style | None], Style], left: Style | None = None) -> list[Segment]:
    """One line of a cell in one style: `text` (which fits `inner` cells) between its
    padding, filled out; or, given the `left` style, pushed to the right in it."""
    parts = [Segment(text, styled(style))] if text else []
    used = cell_len(text)
    if left is not None and used < inner:
        parts.insert(0, Segment(" " * (inner - used), styled(left)))
        used = inner
    return _padded(parts, used, inner, edge, styled)


def _line(text: Text, inner: int, edge: Segment, styled: Callable[[Style | None], Style],
          console: Console) -> list[Segment]:
    """One line of a cell: `text` (which fits `inner` cells) between its padding, filled out."""
    if text.style or text.spans:
        parts = list(Text("\n").join([text]).render(console))
    else:
        parts = [Segment(text.plain)]
    return _padded([Segment(part.text, styled(part.style)) for part in parts if part.text],
                   cell_len(text.plain), inner, edge, styled)


def _padded(parts: list[Segment], used: int, inner: int, edge: Segment,
            styled: Callable[[Style | None], Style]) -> list[Segment]:
    line = [edge] if edge.text else []
    line.extend(parts)
    if used < inner:
        line.append(Segment(" " * (inner - used), styled(None)))
    if edge.text:
        line.append(edge)
    return line
