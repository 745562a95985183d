"""A line chart drawn in braille dots as one piece of rich text.

Each terminal cell holds a 2x4 grid of dots, so a line has four times the height and twice
the width of a block chart's resolution. Lines, their markers, horizontal and vertical
marks with their labels, y-axis figures, month ticks on the x axis, a title and a legend:
what the dashboard's spend chart shows, drawn in a millisecond where a plotting library
would first have to be imported and laid out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby, pairwise
from operator import itemgetter

from rich.text import Text
from textual.widget import Widget

_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The braille bit of the dot at (row, column) within a cell."""


@dataclass(frozen=True)
class Series:
    label: str
    xs: list[float]
    ys: list[float]
    style: str
    dotted: bool = False


@dataclass(frozen=True)
class Mark:
    """A horizontal (`at` on the y axis) or vertical (`at` on the x axis) line."""

    at: float
    style: str
    label: str = ""


@dataclass
class ChartSpec:
    title: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    series: list[Series] = field(default_factory=list)
    across: list[Mark] = field(default_factory=list)
    upright: list[Mark] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)


def _figure(value: float, top: float) -> str:
    return f"{value:,.0f}" if top >= 10 else f"{value:.1f}"


def chart_text(spec: ChartSpec, width: int, height: int) -> Text:
    """The chart drawn to fill `width` x `height` cells."""
    plot_rows = height - 4  # title, x axis, tick labels, legend
    x0, x1 = spec.x_range
    y0, y1 = spec.y_range
    y_ticks = [y0 + (y1 - y0) * i / 4 for i in range(5)]
    margin = max(len(_figure(v, y1)) for v in y_ticks) + 1
    plot_cols = width - margin - 1
    if plot_rows < 2 or plot_cols < 8 or x1 <= x0 or y1 <= y0:
        return Text(spec.title, style="bold")
    dots_w, dots_h = plot_cols * 2, plot_rows * 4

    def dot_x(x: float) -> int:
        return round((x - x0) / (x1 - x0) * (dots_w - 1))

    def dot_y(y: float) -> int:
        return dots_h - 1 - round((y - y0) / (y1 - y0) * (dots_h - 1))

    bits = [[0] * plot_cols for _ in range(plot_rows)]
    styles: list[list[str]] = [[""] * plot_cols for _ in range(plot_rows)]
    glyphs: list[list[str]] = [[" "] * plot_cols for _ in range(plot_rows)]

    def put(dx: int, dy: int, style: str) -> None:
        if 0 <= dx < dots_w and 0 <= dy < dots_h:
            row, col = dy // 4, dx // 2
            bits[row][col] |= _DOTS[dy % 4][dx % 2]
            styles[row][col] = style

    for mark in spec.across:
        row = dot_y(mark.at) // 4
        if 0 <= row < plot_rows:
            for col in range(plot_cols):
                glyphs[row][col], styles[row][col] = "─", mark.style
    for mark in spec.upright:
        col = dot_x(mark.at) // 2
        if 0 <= col < plot_cols:
            for row in range(plot_rows):
                glyphs[row][col] = "┼" if glyphs[row][col] == "─" else "│"
                styles[row][col] = mark.style
            if mark.label:
                start = max(0, col - len(mark.label))
                for i, char in enumerate(mark.label[: col - start]):
                    glyphs[plot_rows - 1][start + i], styles[plot_rows - 1][start + i] = char, mark.style
    for series in spec.series:
        points = [(dot_x(x), dot_y(y)) for x, y in zip(series.xs, series.ys, strict=True)]
        step = 0
        for (ax, ay), (bx, by) in pairwise(points):
            steps = max(abs(bx - ax), abs(by - ay), 1)
            for i in range(steps):
                if not series.dotted or step % 2 == 0:
                    put(ax + round((bx - ax) * i / steps), ay + round((by - ay) * i / steps), series.style)
                step += 1
        if points:
            put(*points[-1], series.style)

    text = Text(spec.title.center(width)[:width].rstrip(), style="bold")
    tick_rows = {min(plot_rows - 1, dot_y(v) // 4): _figure(v, y1) for v in y_ticks}
    for row in range(plot_rows):
        text.append("\n" + tick_rows.get(row, "").rjust(margin - 1) + " ", style="dim")
        text.append("┤" if row in tick_rows else "│", style="dim")
        cells = (chr(0x2800 + b) if b else g for b, g in zip(bits[row], glyphs[row], strict=True))
        for style, run in groupby(zip(cells, styles[row], strict=True), key=itemgetter(1)):
            text.append("".join(cell for cell, _ in run), style=style or None)
    axis = ["─"] * plot_cols
    labels = [" "] * plot_cols
    free_from = 0
    for x, label in spec.x_ticks:
        col = dot_x(x) // 2
        if 0 <= col < plot_cols:
            axis[col] = "┬"
            start = max(col - len(label) // 2, 0)
            if start >= free_from and start + len(label) <= plot_cols:
                labels[start:start + len(label)] = label
                free_from = start + len(label) + 1
    text.append("\n" + " " * margin + "└" + "".join(axis), style="dim")
    text.append("\n" + " " * (margin + 1) + "".join(labels).rstrip(), style="dim")
    text.append("\n" + " " * (margin + 1))
    for series in spec.series:
        text.append("⠒⠒" if series.dotted else "⣀⣀", style=series.style)
        text.append(f" {series.label}   ")
    for mark in spec.across:
        text.append("──", style=mark.style)
        text.append(f" {mark.label}   ")
    text.rstrip()
    return text


class LineChart(Widget):
    """Shows a `ChartSpec` at the widget's size (drawn again when it is resized)."""

    DEFAULT_CSS = "LineChart { width: 1fr; height: 1fr; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spec: ChartSpec | None = None
        self.drawn = False
        """True once the spec last given has been drawn for a frame."""

    def show(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.drawn = False
        self.refresh()

    def render(self) -> Text:
        if self.spec is None:
            return Text("")
        self.drawn = True
        return chart_text(self.spec, self.content_size.width, self.content_size.height)
