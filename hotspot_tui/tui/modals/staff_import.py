"""Import people from a CSV file: preview first, with every row's problems, then all or none."""

from __future__ import annotations

from pathlib import Path

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Static

from hotspot_tui.config import user_path
from hotspot_tui.domain.models import KIND_LABELS, RANK_LABELS
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import staff_import
from hotspot_tui.services.staff_import import ImportPreview
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.steady_styles import SteadyStyles

SHOWN_ROWS = 200


class StaffImport(SteadyStyles, ModalScreen[int]):
    """Type the path of a CSV file and press enter to preview it. If every row is good,
    `ctrl+s` imports them all; if any row has a problem nothing can be imported until the
    file is fixed."""

    app = getters.app(HotspotApp)

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="import.cancel"),
        Binding("ctrl+s", "commit", "Import all", id="import.commit"),
    ]
    DEFAULT_CSS = """
    StaffImport { align: center middle; }
    StaffImport > Vertical {
        width: 96%; max-width: 140; height: 90%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    StaffImport #title { text-style: bold; }
    StaffImport #summary { height: auto; margin: 1 0 0 0; }
    StaffImport #summary.bad { color: $error; }
    StaffImport #summary.good { color: $success; }
    StaffImport DataTable { height: 1fr; }
    StaffImport #buttons { height: 1; margin-top: 1; align-horizontal: right; }
    StaffImport #buttons Button { margin-left: 2; }
    """

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.preview: ImportPreview | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Import people from a CSV file", id="title")
            yield Input(self.initial_path, placeholder="path to the CSV file, then enter to preview",
                        id="path", compact=True)
            yield Static("Columns: Payroll number, Name (or First name + Last name), Kind; optionally "
                         "Collar, Rank, Employer, Annual salary, Hourly rate, Contracted hours, "
                         "Home area.", id="summary")
            yield PlainTable(id="preview", cursor_type="row")
            with Horizontal(id="buttons"):
                yield Button("Close", id="close", compact=True)
                yield Button("Preview (enter)", id="check", compact=True)
                yield Button("Import all (ctrl+s)", id="commit", variant="primary", compact=True,
                             disabled=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#check")
    def check(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        self.preview = None
        self.query_one("#commit", Button).disabled = True
        if not text:
            self.say("type the path of a CSV file first", bad=True)
            return
        self.say("Reading…")
        self.parse(user_path(text))

    @work(thread=True, exclusive=True, group="staff-import")
    def parse(self, path: Path) -> None:
        try:
            preview = staff_import.parse(self.app.session, path)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_failure, exc.message)
            return
        self.app.call_from_thread(self.show_preview, preview)

    def say(self, text: str, *, bad: bool = False, good: bool = False) -> None:
        summary = self.query_one("#summary", Static)
        summary.update(Content(text))
        summary.set_class(bad, "bad")
        summary.set_class(good, "good")

    def show_failure(self, message: str) -> None:
        self.query_one("#preview", DataTable).clear(columns=True)
        self.say(message, bad=True)

    def show_preview(self, preview: ImportPreview) -> None:
        table = self.query_one("#preview", DataTable)
        table.clear(columns=True)
        notes = "".join(f"\nnote: {n}" for n in preview.notes)
        if preview.errors:
            summary = preview.error_summary(limit=8, first=False)
            self.say(f"{summary}.\nFix the file and preview it again.{notes}", bad=True)
            table.add_columns("Row", "Problem")
            for error in preview.errors[:SHOWN_ROWS]:
                table.add_row(str(error.row), error.message)
            return
        self.preview = preview
        more = f" (showing the first {SHOWN_ROWS})" if len(preview.rows) > SHOWN_ROWS else ""
        self.say(f"All {len(preview.rows)} rows are good{more}. ctrl+s imports them all.{notes}",
                 good=True)
        table.add_columns("Row", "Name", "Kind", "Payroll", "Collar", "Employer", "Home area")
        for row in preview.rows[:SHOWN_ROWS]:
            m = row.member
            kind = RANK_LABELS[m.rank] if m.rank else KIND_LABELS[m.kind]
            table.add_row(str(row.row), m.name, kind, m.payroll_number, m.collar_number or "",
                          row.employer_name, row.home_area_name or "")
        self.query_one("#commit", Button).disabled = False

    @on(Button.Pressed, "#commit")
    def action_commit(self) -> None:
        if self.preview is None:
            self.say("preview a file with no errors before importing", bad=True)
            return
        self.say("Importing…")
        self.query_one("#commit", Button).disabled = True
        self.commit(self.preview)

    @work(thread=True, exclusive=True, group="staff-import")
    def commit(self, preview: ImportPreview) -> None:
        try:
            count = staff_import.commit(self.app.session, preview)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_failure, exc.message)
            return
        self.app.call_from_thread(self.dismiss, count)

    @on(Button.Pressed, "#close")
    def action_cancel(self) -> None:
        self.dismiss(0)
