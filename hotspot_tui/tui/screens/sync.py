"""Sync: this copy and the station's hub file, what waits in each direction, and the
conflicts syncs found, each with both versions, for a supervisor to choose."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Input, ProgressBar, Static

from hotspot_tui.domain.access import Permission
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import sync as sync_service
from hotspot_tui.services import sync_access, sync_apart
from hotspot_tui.services.sync_view import TITLES, assignment_line, differing, local_time, status_lines
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.plain import PlainTable, refit_columns
from hotspot_tui.tui.roles import RoleAware
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.style_files import style_file
from hotspot_tui.tui.title_bar import TitleBar

SYNC_STEPS = 4


class SyncScreen(SteadyStyles, RoleAware, Screen[None]):
    """This copy of the operation's database and the station's hub file it came from: when
    they last synced, what waits to be sent and received, and the conflicts still open.

    `s` syncs now (both files must be reachable), with its progress. For the highlighted
    conflict, `h` keeps the hub's version and `c` this copy's; `b` keeps both (overlapping
    patrols only, with a reason typed in the reason field). Every choice is recorded in the
    audit trail and travels at the next sync.
    """

    app = getters.app(HotspotApp)

    HELP = inspect.cleandoc(__doc__ or "")
    HELP_TITLE = "Sync"
    ESCAPE_FOCUS = "#sync-conflicts"
    DEFAULT_CSS = style_file("sync.tcss")
    SCOPED_CSS = False  # the file names its screen in every rule
    BINDINGS = [
        Binding("s", "sync_now", "Sync now", id="sync.now"),
        Binding("h", "keep('here')", "Keep hub's", id="sync.keep_hub"),
        Binding("c", "keep('there')", "Keep copy's", id="sync.keep_copy"),
        Binding("b", "keep('both')", "Keep both", id="sync.keep_both"),
        Binding("r", "reload", "Refresh", id="sync.reload"),
        Binding("escape", "back", "Back", id="sync.back"),
    ]
    NEEDS: ClassVar[dict[str, Permission]] = {"sync_now": Permission.SYNC, "keep": sync_access.RESOLVING}

    def __init__(self) -> None:
        super().__init__()
        self.conflicts: dict[str, dict[str, Any]] = {}
        self.hub_path: Path | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Loading…", id="sync-status")
        yield ProgressBar(total=SYNC_STEPS, show_eta=False, id="sync-progress")
        yield PlainTable(id="sync-conflicts", cursor_type="row", zebra_stripes=True)
        yield Static("", id="sync-detail")
        yield Input(placeholder="reason for your choice (kept in the audit trail)", id="sync-reason",
                    compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#sync-conflicts", PlainTable)
        table.add_columns("Conflict", "Kind", "Found", "What")
        self.query_one("#sync-progress", ProgressBar).display = False
        self.load()

    @property
    def path(self) -> Path:
        return self.app.session.path

    @work(thread=True, exclusive=True, group="sync-load")
    def load(self) -> None:
        try:
            status = sync_apart.run("status", self.path)
            conflicts = sync_apart.run("list_conflicts", self.path)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_status, [exc.message], error=True)
            return
        self.app.call_from_thread(self.show, status, conflicts)

    def show(self, status: sync_service.SyncStatus, conflicts: list[dict[str, Any]]) -> None:
        self.hub_path = Path(status.hub_path) if status.hub_path else None
        self.show_status(status_lines(status))
        table = self.query_one("#sync-conflicts", PlainTable)
        table.clear()
        refit_columns(table)
        self.conflicts = {c["id"]: c for c in conflicts}
        for c in conflicts:
            table.add_row(c["id"][:8], TITLES.get(c["kind"], c["kind"]), local_time(c["found_at"]),
                          c["message"], key=c["id"])
        self.show_detail(conflicts[0] if conflicts else None)

    def show_status(self, lines: list[str], *, error: bool = False) -> None:
        widget = self.query_one("#sync-status", Static)
        widget.update(Content("\n".join(lines)))
        widget.set_class(error, "error")

    def show_detail(self, conflict: dict[str, Any] | None) -> None:
        detail = self.query_one("#sync-detail", Static)
        if conflict is None:
            detail.update(Content("No conflicts to resolve."))
            return
        lines = [conflict["message"]]
        if conflict["kind"] == "overlap":
            for label, v in (("hub", conflict["here_version"]), ("copy", conflict["there_version"])):
                lines.append(f"{label}: {assignment_line(v)}")
            detail.update(Content("\n".join(lines)))
            return
        for name, here, there in differing(conflict):
            lines.append(f"{name}: hub {here!r} | copy {there!r}")
        detail.update(Content("\n".join(lines)))

    @on(DataTable.RowHighlighted, "#sync-conflicts")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key else None
        self.show_detail(self.conflicts.get(str(key)) if key else None)

    def current(self) -> dict[str, Any] | None:
        table = self.query_one("#sync-conflicts", PlainTable)
        if not self.conflicts or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return self.conflicts.get(str(key))

    def action_keep(self, choice: str) -> None:
        conflict = self.current()
        if conflict is None:
            self.notify("No conflict is highlighted.")
            return
        reason = self.query_one("#sync-reason", Input).value.strip() or None
        self.resolve(conflict["id"], choice, reason)

    @work(thread=True, exclusive=True, group="sync-write")
    def resolve(self, conflict_id: str, choice: str, reason: str | None) -> None:
        try:
            sync_access.resolve(self.app.session, conflict_id, choice, reason)
        except HotspotError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self.resolved, choice)

    def resolved(self, choice: str) -> None:
        self.query_one("#sync-reason", Input).value = ""
        kept = {"here": "the hub's version", "there": "this copy's version", "both": "both"}[choice]
        self.notify(f"Resolved: kept {kept}. It travels at the next sync.")
        self.load()

    def action_sync_now(self) -> None:
        if self.busy:
            return
        if self.hub_path is None:
            self.notify("This file is not a checkout: copies sync with it.", severity="warning")
            return
        self.busy = True
        bar = self.query_one("#sync-progress", ProgressBar)
        bar.update(progress=0)
        bar.display = True
        self.run_sync(self.hub_path)

    @work(thread=True, exclusive=True, group="sync-write")
    def run_sync(self, hub: Path) -> None:
        def progress(step: str) -> None:
            self.app.call_from_thread(self.step, step)

        try:
            report = sync_access.sync_now(self.app.session, hub, progress)
        except HotspotError as exc:
            self.app.call_from_thread(self.finished, f"Not synced: {exc.message}", True)
            return
        if report.nothing_to_do:
            text = "Already in step: nothing to send or receive."
        else:
            text = (f"Synced: sent {report.sent_rows} changes, received {report.received_rows}"
                    + (f"; {report.conflicts} conflicts found" if report.conflicts else "") + ".")
        self.app.call_from_thread(self.finished, text, False)

    def step(self, text: str) -> None:
        self.query_one("#sync-progress", ProgressBar).advance(1)
        self.show_status([f"Syncing with {self.hub_path}: {text}…"])

    def finished(self, text: str, error: bool) -> None:
        self.busy = False
        bar = self.query_one("#sync-progress", ProgressBar)
        bar.update(progress=SYNC_STEPS)
        bar.display = False
        self.notify(text, severity="error" if error else "information")
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
