"""On opening a file upgraded from before working-time breaches were kept: the full check
it owes, run in a worker with its progress on screen, before the dashboard lists what it
found."""

from __future__ import annotations

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from hotspot_tui.errors import HotspotError
from hotspot_tui.services.worktime_scan import ScanReport, do_owed_checks
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.steady_styles import SteadyStyles


class _Stopped(Exception):
    """The app is closing while the check runs: its transaction is rolled back, and the
    file still owes it."""


class OwedChecksModal(SteadyStyles, ModalScreen[ScanReport | None]):
    """Checking everyone's working time, once, after an upgrade. Closes by itself when done;
    if the check fails, says why (the file still owes it: the next opening tries again)."""

    app = getters.app(HotspotApp)

    BINDINGS = [Binding("escape", "close", "Close", show=False)]
    DEFAULT_CSS = """
    OwedChecksModal { align: center middle; }
    OwedChecksModal > Vertical {
        width: 90%; max-width: 72; height: auto; border: round $accent; background: $surface;
        padding: 0 1;
    }
    OwedChecksModal #owed-progress { width: 1fr; margin: 1 0; }
    OwedChecksModal #owed-result { color: $error; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Checking working time", style="bold"), id="owed-title")
            yield Static("This file comes from an earlier version, which kept no record of the "
                         "working-time breaches its patrols already held. Every patrol of every "
                         "person is checked once now; the dashboard then lists what is found.",
                         id="owed-what")
            yield ProgressBar(id="owed-progress", show_eta=False)
            yield Static("", id="owed-result")

    def on_mount(self) -> None:
        self.failed = False
        self.run_checks()

    @work(thread=True, exclusive=True, group="owed-checks")
    def run_checks(self) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Stopped
            self.app.call_from_thread(self._progress, done, total)

        try:
            report = do_owed_checks(self.app.session, progress)
        except _Stopped:
            return
        except HotspotError as exc:
            self.app.call_from_thread(self._failed, exc.message)
            return
        self.app.call_from_thread(self.dismiss, report)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#owed-progress", ProgressBar).update(total=max(total, 1), progress=done)

    def _failed(self, message: str) -> None:
        self.failed = True
        self.query_one("#owed-result", Static).update(Text(
            f"The check could not be made: {message}\nNothing was changed; it is tried again "
            "the next time the file is opened. Press escape to go on."))

    def action_close(self) -> None:
        if self.failed:
            self.dismiss(None)
