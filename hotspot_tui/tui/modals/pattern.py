"""`p`: a recurring patrol pattern, typed as a supervisor would say it.

Enter shows the dates it will create; enter again (unchanged) saves them all, or none.
"""

from __future__ import annotations

from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from hotspot_tui.errors import HotspotError
from hotspot_tui.services.session import Session
from hotspot_tui.services.shifts import PatternPreview, create_pattern, preview_pattern
from hotspot_tui.tui.modals.form import FormModal

EXAMPLE = "every Fri and Sat 18:00-02:00 in Watford until 2026-12-31, need 2 officers and 1 PCSO"


class PatternModal(FormModal[tuple[str, list[str]]]):
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="pattern_save")]

    def __init__(self, session: Session, today: date, text: str = "") -> None:
        super().__init__()
        self.session = session
        self.today = today
        self.text = text
        self.preview: PatternPreview | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Recurring patrols", classes="title")
            yield Static(f"e.g. {EXAMPLE}", classes="hint")
            yield Input(value=self.text, placeholder="every …", id="pattern", compact=True)
            yield Static("", id="error", classes="error")
            with VerticalScroll(id="preview-box"):
                yield Static("", id="preview")
            yield Static("enter preview · enter again to save · escape cancel", classes="hint")

    @on(Input.Changed, "#pattern")
    def _changed(self, event: Input.Changed) -> None:
        if self.preview is not None and event.value != self.preview.text:
            self.preview = None
            self.query_one("#preview", Static).update("")
        self.clear_error()

    @on(Input.Submitted, "#pattern")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.preview is not None and self.preview.text == event.value:
            self.action_save()
        else:
            self.run_preview(event.value)

    @work(thread=True, exclusive=True, group="pattern")
    def run_preview(self, text: str) -> None:
        try:
            preview = preview_pattern(self.session, text, self.today)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        self.app.call_from_thread(self.show_preview, preview)

    def show_preview(self, preview: PatternPreview) -> None:
        self.preview = preview
        lines = [f"{len(preview.dates)} patrols: {preview.summary()}", ""]
        row: list[str] = []
        for day in preview.dates:
            marks = [preview.holidays[day]] if day in preview.holidays else []
            marks += ["clash"] if day in preview.clashes else []
            mark = f" ({', '.join(marks)})" if marks else ""
            row.append(f"{day:%a %d %b %Y}{mark}")
            if len(row) == 4:
                lines.append("  ".join(row))
                row = []
        if row:
            lines.append("  ".join(row))
        if preview.clashes:
            self.show_error(f"{len(preview.clashes)} dates clash with a patrol already planned "
                            f"in {preview.area_name}: change the pattern")
        else:
            if preview.holidays:
                names = ", ".join(f"{name} {day:%d %b}" for day, name in preview.holidays.items())
                lines += ["", f"Public holidays (paid at the holiday rate): {names}"]
            lines += ["", "Press enter again to create them all."]
        self.query_one("#preview", Static).update(Content("\n".join(lines)))

    def action_save(self) -> None:
        if self.preview is None:
            self.show_error("Press enter to see the dates first.")
            return
        if self.preview.clashes:
            self.show_error("Some dates clash with patrols already planned; nothing was created.")
            return
        self.run_save(self.preview.text)

    @work(thread=True, exclusive=True, group="pattern")
    def run_save(self, text: str) -> None:
        try:
            made = create_pattern(self.session, text, self.today)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        self.app.call_from_thread(self.dismiss, made)
