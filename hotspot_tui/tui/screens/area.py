"""One area: did it work? Its police-recorded counts month by month, the operation's start
marked, and the comparisons that say whether they fell."""

from __future__ import annotations

import inspect
from typing import Any

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Select, Static

from hotspot_tui.domain.evidence import ASB
from hotspot_tui.domain.hotspots import ALL_TYPES, CRIME_TYPES
from hotspot_tui.errors import HotspotError
from hotspot_tui.services.evidence import AreaEvidence, area_evidence
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.title_bar import TitleBar


def draw_chart(plt: Any, evidence: AreaEvidence) -> None:
    """The area's count for each loaded month as bars, the month its patrols started (the
    operation's, or a later area's own) as a line;
    a label under every month, or every second or third (as many fit 80 columns), written
    without a space ("May25"): plotext places labels with spaces differently from one
    process to the next."""
    plt.clear_figure()
    months = sorted(evidence.months)
    if not months:
        plt.title("No police data loaded for these months")
        return
    origin = months[0].index
    xs = [m.index - origin for m in months]
    plt.bar(xs, [evidence.months[m] for m in months], marker="hd", width=0.6)
    start = evidence.starts.index - origin
    top = max(evidence.months.values()) or 1
    plt.vertical_line(start - 0.5, color="red")
    plt.text("start", x=start - 0.5, y=top * 1.05, color="red", alignment="center")
    plt.xlim(min(-1, start - 1), max(xs[-1], start) + 1)
    plt.ylim(0, top * 1.15)
    tick = max(1, -(-top // 5))
    plt.yticks(list(range(0, top + 1, tick)))
    step = 1 if len(xs) <= 9 else 2 if len(xs) <= 18 else 3
    shown = months[::step]
    plt.xticks([m.index - origin for m in shown], [f"{m.label()[:3]}{m.year % 100:02d}" for m in shown])
    plt.title(f"{evidence.crime_type} a month in {evidence.name}")


def evidence_plot() -> Any:
    """A plot of an area's months drawn afresh each time it is painted: a figure built
    once at one size keeps some of that size's layout when built again at another."""
    from textual_plotext import PlotextPlot

    class EvidencePlot(PlotextPlot):
        evidence: AreaEvidence | None = None

        def show(self, evidence: AreaEvidence) -> None:
            self.evidence = evidence
            self.refresh()

        def render(self) -> Any:
            if self.evidence is not None:
                draw_chart(self.plt, self.evidence)
            return super().render()

    return EvidencePlot()


class AreaScreen(SteadyStyles, Screen[None]):
    """Did it work in this area? The police records inside it, month by month, for
    anti-social behaviour or any crime type, with the start of its patrols marked (the
    operation's start, or the day an area added later was added); then its months of the
    operation against the same months a year before, and against as many months just
    before it started, each with both counts and the months each figure covers. A month
    with no police data loaded for the forces whose records lie in the area is left out of
    both sides of a comparison (and named), so a loaded month is never set against a
    missing one."""

    app = getters.app(HotspotApp)

    HELP = inspect.cleandoc(__doc__ or "")
    HELP_TITLE = "Area"
    BINDINGS = [
        Binding("escape", "back", "Back", id="area.back"),
        Binding("r", "refresh", "Refresh", id="area.refresh"),
    ]
    DEFAULT_CSS = """
    AreaScreen #head { height: auto; padding: 0 1; }
    AreaScreen #name { width: 1fr; height: auto; }
    AreaScreen #type { width: 30; }
    AreaScreen #chart { height: 1fr; min-height: 10; }
    AreaScreen #chart PlotextPlot { width: 1fr; height: 1fr; }
    AreaScreen #claims { height: auto; padding: 0 1; }
    """

    def __init__(self, area_name: str) -> None:
        super().__init__()
        self.area_name = area_name
        self.evidence: AreaEvidence | None = None
        self._chart: Any = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        with Horizontal(id="head"):
            yield Static(Content(self.area_name), id="name", markup=False)
            yield Select[str]([(Content(t), t) for t in CRIME_TYPES], prompt=ALL_TYPES, value=ASB,
                              id="type", compact=True)
        with Vertical():
            self._chart = evidence_plot()
            yield Container(self._chart, id="chart")
            yield Static("Reading the police data…", id="claims")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    @on(Select.Changed, "#type")
    def action_refresh(self) -> None:
        crime = self.query_one("#type", Select).value
        self.load(None if crime is Select.NULL else str(crime))

    @work(thread=True, exclusive=True, group="area-evidence")
    def load(self, crime_type: str | None) -> None:
        try:
            evidence = area_evidence(self.app.session, self.area_name, crime_type)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.show, evidence)

    def show_error(self, text: str) -> None:
        self.query_one("#claims", Static).update(Content(text))

    def show(self, evidence: AreaEvidence) -> None:
        self.evidence = evidence
        where = evidence.place or "no place set"
        self.query_one("#name", Static).update(Content(f"{evidence.name} · {where}"))
        self._chart.show(evidence)
        self.query_one("#claims", Static).update(Content("\n".join(evidence.claims())))

    def action_back(self) -> None:
        self.app.pop_screen()
