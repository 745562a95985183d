"""A PlainTable draws text cells itself, one line or several: exactly what DataTable would
draw."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Span, Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from hotspot_tui.tui.plain import PlainTable

ROWS: list[tuple[Any, ...]] = [
    ("Ann [/] Smith", Text("ok"), Text("2 error", style="bold #ff0000"), "", 7, None),
    ("Abigail Patterson-Smythe", Text("a verdict far too long", style="#ff0000"), "日本語日本語",
     "trailing space ", Text("no wrap off but far too long", no_wrap=False),
     Text("partly styled and long", spans=[Span(0, 6, "red")])),
    (Text("PC", style="#888888"), "Bo", Text.assemble(("a", "red"), "b", ("c", "on blue")),
     "£1,234.56", "wide 日本", Text("x", style="italic")),
    ("a name far too long for its column", "b", "c", "d", "e", "f"),
]
TALL: list[tuple[Any, ...]] = [
    (Text("18-02\n2/2 1/1", style="#ff0000"), Text.assemble(("12-20", "bold"), "\n", ("1/1 0/1", "on blue")),
     "", "one line", Text("a\n\nc"), "x"),
    ("a\nb\nc", Text("1\n2\n3\n4"), "too long a line\nfor it", "ends\n", "tab\there", "日本\n語"),
    (Text("18\n2/2\n1/1", spans=[Span(0, 6, "#ff0000"), Span(7, 10, "bold")], style="italic"),
     Text("12-20\n\n1/1", spans=[Span(0, 5, "on blue"), Span(0, 5, "underline"), Span(7, 10, "underline")]),
     Text("18-02\n2/2", spans=[Span(0, 3, "red")]), Text("a\nbc", spans=[Span(2, 3, "red")]),
     Text("x\ny", spans=[Span(0, 3, "red"), Span(2, 3, "blue")]), "z"),
    (Text("£1,234", justify="right"), Text("7\n\n42", justify="right", style="on #202020"),
     Text("1\n22", justify="right", spans=[Span(0, 1, "red"), Span(2, 4, "bold")]),
     Text("12 ", justify="right"), Text("1\n2", justify="right", spans=[Span(0, 1, "red"),
                                                                       Span(2, 3, "bold")]),
     Text("ab", justify="right", spans=[Span(0, 1, "red")])),
]
TALL_HEIGHT = 3


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield PlainTable(id="t", zebra_stripes=True, cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(PlainTable)
        for label, width in (("Name", 12), ("Rules", 8), ("E", 9), ("Cost", 10),
                             ("Kind", 6), ("Z", None)):
            table.add_column(label, width=width)
        for n, row in enumerate(ROWS):
            table.add_row(*row, key=str(n))
        for n, row in enumerate(TALL):
            table.add_row(*row, key=f"tall{n}", height=TALL_HEIGHT)


def chars(lines: list[list[Any]]) -> list[tuple[str, Any]]:
    return [(ch, seg.style) for line in lines for seg in line for ch in seg.text]


@pytest.mark.parametrize("cursor", [False, True])
@pytest.mark.parametrize("hover", [False, True])
async def test_every_cell_is_drawn_as_datatable_draws_it(cursor: bool, hover: bool) -> None:
    async with Tables().run_test(size=(100, 10)) as pilot:
        table = pilot.app.query_one(PlainTable)
        await pilot.pause()
        drawn = tall = 0
        for row in range(len(ROWS) + len(TALL)):
            height = 1 if row < len(ROWS) else TALL_HEIGHT
            for column, col in enumerate(table.ordered_columns):
                width = col.get_render_width(table)
                base = table.rich_style
                mine = table._text_cell(row, column, base, width, cursor, hover)
                table._cell_render_cache.clear()
                theirs = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                table._cell_render_cache.clear()
                if mine is None:
                    continue
                drawn += 1
                tall += height > 1
                assert chars(mine) == chars(theirs), (row, column)
                assert len(mine) == len(theirs) == height
        assert drawn >= 33 and tall >= 17
        # a long line of a one-line row is cut as Rich cuts it; one with a space at its end,
        # one that may wrap, one that is partly styled: left to DataTable
        assert table._text_cell(1, 0, table.rich_style, 14, False, False) is not None
        for column in (3, 4):
            assert table._text_cell(1, column, table.rich_style, 10, False, False) is None
        assert table._text_cell(1, 5, table.rich_style, 8, False, False) is None
        # cells that must be folded, or run past their row, are left to DataTable
        for column in (1, 2, 3, 4):
            assert table._text_cell(len(ROWS) + 1, column, table.rich_style, 10, False, False) is None


class SideBySide(App[None]):
    """The same rows in a PlainTable and a DataTable, every column sized by its cells."""

    def __init__(self, *, both: bool = True) -> None:
        super().__init__()
        self.both = both

    def compose(self) -> ComposeResult:
        yield PlainTable(id="plain")
        if self.both:
            yield DataTable(id="data")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            for label in ("Name", "Rules", "E", "Cost", "Kind", "Z"):
                table.add_column(label)
            for n, row in enumerate(ROWS):
                table.add_row(*(Text(c) if isinstance(c, str) else c for c in row), key=str(n))
            for n, row in enumerate(TALL):
                table.add_row(*(Text(c) if isinstance(c, str) else c for c in row), key=f"tall{n}",
                              height=TALL_HEIGHT)
            table.add_row(Text("labelled"), "", "", "", "", "", key="labelled", label=Text("L"))
            table.add_row(Text("grows\nto\nfit"), "", "", "", "", "", key="auto", height=None)
            table.add_row(Text("7"), 7, 1.5, None, "", "", key="not text")


async def test_columns_sized_by_their_cells_as_datatable_sizes_them() -> None:
    async with SideBySide().run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        plain = pilot.app.query_one(PlainTable)
        data = pilot.app.query_one("#data", DataTable)
        assert [c.content_width for c in plain.ordered_columns] == [
            c.content_width for c in data.ordered_columns]
        assert plain.ordered_columns[0].content_width == len("a name far too long for its column")
        assert plain.virtual_size == data.virtual_size
        assert [r.height for r in plain.ordered_rows] == [r.height for r in data.ordered_rows]


async def test_only_rows_of_other_cells_are_measured_through_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows of text cells are measured by their lines; a row with a label, a height to work
    out or a cell of another kind (a number, None) goes to DataTable: four rows of six
    cells, the one label, and the six column titles as each column is added."""
    from textual.widgets import _data_table

    measured: list[Any] = []
    real = _data_table.measure

    def counting(console: Any, renderable: Any, default: int, **kwargs: Any) -> int:
        measured.append(renderable)
        return real(console, renderable, default, **kwargs)

    monkeypatch.setattr(_data_table, "measure", counting)
    async with SideBySide(both=False).run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        assert len(measured) == 6 + 4 * 6 + 1
        assert not {"Abigail Patterson-Smythe", "a name far too long for its column"} & {
            getattr(m, "plain", m) for m in measured}
