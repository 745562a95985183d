"""Payroll: pay periods with their totals, draft and final exports, locking."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, ProgressBar, Static

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.payroll import pounds_grouped
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import payroll as service
from hotspot_tui.services.costing import ensure_costed
from hotspot_tui.services.payroll import ExportPreview, ExportResult, Format, PeriodSummary
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import Freshness
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.roles import RoleAware
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.title_bar import TitleBar

PAGE = 24


def _money(pence: int | None) -> Text:
    return Text("" if pence is None else pounds_grouped(int(pence)), justify="right")


def _dates(starts_on: str, ends_on: str) -> str:
    first, last = date.fromisoformat(starts_on), date.fromisoformat(ends_on) - timedelta(days=1)
    return f"{first:%d %b} – {last:%d %b %Y}"


def final_refusal(preview: ExportPreview) -> str | None:
    """Why a final export of the period cannot go now, in one line (None: it can)."""
    if not preview.ended:
        return (f"{preview.period_id} has not ended: a final export locks it. To send it early,"
                " use hotspot-tui export payroll --final --early --reason TEXT")
    if preview.unapproved:
        return (f"{preview.unapproved} bookings in {preview.period_id} are not approved: approve them"
                " on their patrols (v), then export; d writes a draft with them marked")
    if preview.missing_codes:
        return (f"no payroll element code for {', '.join(preview.missing_codes)}: set them in"
                " Settings, then export")
    return None


class ConfirmFinalExport(SteadyStyles, ModalScreen[bool]):
    """Asks before a final export locks a pay period."""

    BINDINGS = [
        Binding("y", "confirm", "Lock and export", id="payroll.confirm"),
        Binding("escape,n", "cancel", "Cancel", id="payroll.cancel"),
    ]
    DEFAULT_CSS = """
    ConfirmFinalExport { align: center middle; }
    ConfirmFinalExport > Vertical {
        width: 72; max-width: 95%; height: auto; border: thick $warning; background: $surface;
        padding: 1 2;
    }
    ConfirmFinalExport #question { margin-bottom: 1; }
    ConfirmFinalExport Horizontal { height: auto; align-horizontal: right; }
    ConfirmFinalExport Button { margin-left: 1; }
    """

    def __init__(self, preview: ExportPreview, fmt: str) -> None:
        super().__init__()
        self.preview = preview
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        p = self.preview
        lines = [
            f"[b]Final export of {p.label}[/b]",
            "",
            f"{p.rows:,} lines, {pounds_grouped(p.total_pence)} to pay"
            + (f", including {p.adjustments} adjustment lines for earlier periods" if p.adjustments else ""),
            f"Format: {self.fmt.upper()}",
        ]
        if p.unapproved:
            lines.append(f"[b $warning]{p.unapproved} bookings are not approved[/]")
        if p.unbooked:
            lines.append(f"[b $warning]{p.unbooked} assignments in this period have no hours booked"
                         " and will not be paid now[/]")
        lines += ["", "The period will be locked: later changes are paid as adjustments in the"
                  " next period. Lock it and export? (y / n)"]
        with Vertical():
            yield Static("\n".join(lines), id="question")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Lock and export", id="confirm", variant="warning")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def _pressed_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _pressed_cancel(self) -> None:
        self.dismiss(False)


class PayrollScreen(SteadyStyles, RoleAware, Screen[None]):
    """Pay periods, newest first, with the worked cost, the estimate for unbooked patrols
    and what was exported. A period stays open until its final export, which locks it:
    later changes to its patrols are paid as adjustment rows in the next period's export,
    and exporting a locked period again gives the same file. Draft exports lock nothing.
    A final export needs the period ended, every booking in it approved (on its patrol, v)
    and every pay rule mapped to an element code; a draft marks lines not yet approved.
    Council staff are not on the payroll (use `hotspot-tui export recharge`). Files are
    written to the folder shown, readable by you only, never over an existing file."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Payroll"
    BINDINGS = [
        Binding("d", "export_draft", "Draft", id="payroll.draft"),
        Binding("f", "export_final", "Final (locks)", id="payroll.final"),
        Binding("t", "toggle_format", "CSV/XLSX", id="payroll.format"),
        # As on the roster: [ earlier, ] later.
        Binding("left_square_bracket", "older", "Older", key_display="[", id="payroll.older"),
        Binding("right_square_bracket", "newer", "Newer", key_display="]", id="payroll.newer"),
        Binding("r", "refresh", "Refresh", show=False, id="payroll.refresh"),
    ]
    NEEDS = {
        "export_draft": Permission.EXPORT,
        "export_final": Permission.LOCK,
    }
    DEFAULT_CSS = """
    PayrollScreen #status { height: auto; padding: 0 1; }
    PayrollScreen #periods { height: 1fr; min-height: 5; }
    PayrollScreen #progress { height: 1; padding: 0 1; display: none; }
    PayrollScreen #progress.running { display: block; }
    PayrollScreen #result { height: auto; padding: 0 1; color: $success; }
    PayrollScreen #result.error { color: $error; }
    """

    def __init__(self, export_dir: Path | None = None) -> None:
        super().__init__()
        self.export_dir = export_dir or Path.cwd()
        self.fresh = Freshness()
        self.fmt: Format = "csv"
        self.pages: list[str | None] = [None]
        self.periods: list[PeriodSummary] = []
        self.busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        yield Static("Loading pay periods…", id="status")
        yield PlainTable(id="periods", cursor_type="row", zebra_stripes=True)
        yield ProgressBar(id="progress", show_eta=False)
        yield Static("", id="result")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#periods", DataTable)
        table.add_column("Period", key="period")
        table.add_column("Dates", key="dates")
        table.add_column("Status", key="status")
        table.add_column(Text("Worked", justify="right"), key="worked")
        table.add_column(Text("Estimate", justify="right"), key="estimate")
        table.add_column(Text("Exported", justify="right"), key="exported")
        table.add_column("Locked", key="locked")
        self.load()

    def on_screen_resume(self) -> None:
        if not self.busy and self.fresh.stale(self.app.session, london_today(self.app)):
            self.load()  # patrols booked or approved elsewhere change the totals

    def _status_text(self) -> str:
        page = len(self.pages)
        return f"{self.fmt.upper()} files to {self.export_dir} · page {page}"

    def load(self) -> None:
        self.fresh.note(self.app.session, london_today(self.app))
        self.read_periods()

    @work(thread=True, exclusive=True, group="payroll-load")
    def read_periods(self) -> None:
        session = self.app.session
        try:
            ensure_costed(session)
            rows = service.list_periods(session, before_starts_on=self.pages[-1], limit=PAGE)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_result, exc.message, True)
            return
        self.app.call_from_thread(self.show_periods, rows)

    def show_periods(self, rows: list[PeriodSummary]) -> None:
        table = self.query_one("#periods", DataTable)
        keep = table.cursor_row
        table.clear()
        self.periods = rows
        for p in rows:
            locked = f"{p.locked_at[:10]} {p.locked_by}" if p.locked_at else ""
            table.add_row(
                p.id, _dates(p.starts_on, p.ends_on), "locked" if p.status == "locked" else "open",
                _money(p.worked_pence), _money(p.estimate_pence), _money(p.exported_pence), locked,
                key=p.id,
            )
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        status = self._status_text()
        if not rows:
            status = "No pay periods yet: periods appear once patrols are costed. " + status
        self.query_one("#status", Static).update(Text(status))  # the folder's name is data

    def show_result(self, message: str, error: bool = False) -> None:
        result = self.query_one("#result", Static)
        result.set_class(error, "error")
        result.update(Text(message))

    def _selected(self) -> PeriodSummary | None:
        table = self.query_one("#periods", DataTable)
        if not self.periods or table.cursor_row < 0:
            return None
        return self.periods[min(table.cursor_row, len(self.periods) - 1)]

    def action_refresh(self) -> None:
        self.load()

    def action_older(self) -> None:
        if len(self.periods) == PAGE:
            self.pages.append(self.periods[-1].starts_on)
            self.load()

    def action_newer(self) -> None:
        if len(self.pages) > 1:
            self.pages.pop()
            self.load()

    def action_toggle_format(self) -> None:
        self.fmt = "xlsx" if self.fmt == "csv" else "csv"
        self.query_one("#status", Static).update(Text(self._status_text()))

    def action_export_draft(self) -> None:
        period = self._selected()
        if period is None or self.busy:
            return
        self.run_export(period.id, False, period.status == "locked")

    def action_export_final(self) -> None:
        period = self._selected()
        if period is None or self.busy:
            return
        self.prepare_final(period.id)

    @work(thread=True, exclusive=True, group="payroll-preview")
    def prepare_final(self, period_id: str) -> None:
        try:
            preview = service.preview_export(self.app.session, period_id)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_result, exc.message, True)
            return
        self.app.call_from_thread(self.ask_final, preview)

    def ask_final(self, preview: ExportPreview) -> None:
        if preview.status == "locked":
            self.show_result(f"{preview.period_id} is locked; d exports it again, unchanged")
            return
        if preview.blocked_by:
            self.show_result(f"export {preview.blocked_by} for payment first: periods lock in order",
                             True)
            return
        refusal = final_refusal(preview)
        if refusal:
            self.show_result(refusal, True)
            return

        def answered(ok: bool | None) -> None:
            if ok:
                self.run_export(preview.period_id, True, False)

        self.app.push_screen(ConfirmFinalExport(preview, self.fmt), answered)

    def _started(self) -> None:
        self.busy = True
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("running")
        self.show_result("Exporting…")

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#progress", ProgressBar).update(total=max(total, 1), progress=done)

    def _finished(self, result: ExportResult | None, error: str | None) -> None:
        self.busy = False
        self.query_one("#progress", ProgressBar).remove_class("running")
        if error is not None:
            self.show_result(error, True)
            return
        assert result is not None
        what = ("exported again, unchanged" if result.relocked
                else "final, period locked" if result.final
                else f"draft, {result.unapproved} lines not approved (marked)" if result.unapproved
                else "draft")
        extra = f", {result.adjustments} adjustment rows" if result.adjustments else ""
        self.show_result(f"Wrote {result.path} ({what}): {result.rows:,} lines, "
                         f"{pounds_grouped(result.total_pence)}{extra}")
        self.load()

    @work(thread=True, exclusive=True, group="payroll-export")
    def run_export(self, period_id: str, final: bool, locked: bool) -> None:
        self.app.call_from_thread(self._started)
        session = self.app.session
        fmt = self.fmt
        name = service.default_file_name("payroll", period_id, fmt, final=final or locked)
        target = self.export_dir / name
        try:
            result = service.export_payroll(
                session, period_id, fmt=fmt, out=target, final=final, next_free=True,
                progress=lambda done, total: self.app.call_from_thread(self._progress, done, total),
            )
        except HotspotError as exc:
            self.app.call_from_thread(self._finished, None, exc.message)
            return
        except OSError as exc:
            self.app.call_from_thread(self._finished, None, f"cannot write {target}: {exc.strerror}")
            return
        self.app.call_from_thread(self._finished, result, None)
