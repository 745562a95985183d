"""Settings: every pay rule, threshold and limit, its value in force and its history; and
who has opted out of the 48-hour working-time average, and since when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.dates import parse_day
from hotspot_tui.domain.settings import BEGINNING
from hotspot_tui.errors import HotspotError
from hotspot_tui.services.settings import SettingChange, SettingLine, SettingsView, settings_view
from hotspot_tui.services.worktime import OptedOutPerson, opted_out_people
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import app_today, london_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import Freshness
from hotspot_tui.tui.modals.budget_forms import Field, FieldsForm
from hotspot_tui.tui.modals.setting_form import SettingForm
from hotspot_tui.tui.plain import PlainTable, refit_columns
from hotspot_tui.tui.roles import RoleAware
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.title_bar import TitleBar

GROUP_ROW = "group:"
OPT_OUT_ROW = "opt-out:"
"""Row keys of the opt-out list: the person's id after it (nothing: the "nobody" line)."""
OPT_OUTS_AFTER = "working_time"
"""The opt-out list follows this group's settings."""
MORE_OPT_OUTS = f"{GROUP_ROW}more-opt-outs"
"""The line after the opt-outs shown, when there are more: the cursor on it shows the next."""
OPT_OUTS_PAGE = 60
"""Opt-outs listed at a time: a force may hold thousands, and the table holds what it shows."""
HISTORY_SHOWN = 6
VALUE_WIDTH = 12
WIDE_VALUE_WIDTH = 32
WIDE_FROM = 120
LABEL_ROOM = 31
"""Below WIDE_FROM, the columns beside a setting's name (its value and since when, with
padding and the scroll bar): names are cut to the rest, so the value stays in view."""
MIN_LABEL = 20


def _when(day: date) -> str:
    return "the start" if day == BEGINNING else f"{day:%d %b %Y}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _since(line: SettingLine) -> str:
    return "default" if line.since is None else f"since {_when(line.since)}"


def column_widths(terminal_width: int) -> tuple[int | None, int]:
    """How much of each setting's name (None: all of it) and value to show."""
    if terminal_width >= WIDE_FROM:
        return None, WIDE_VALUE_WIDTH
    return max(MIN_LABEL, terminal_width - LABEL_ROOM), VALUE_WIDTH


class SettingsScreen(SteadyStyles, RoleAware, Screen[None]):
    """Every pay rule and threshold (multipliers, notice days, minimum paid time, the casual
    disregard, the 15-minute unit), the force day and week, the bank-holiday policy and the
    working-time limits, grouped, each with the value in force and the date it took effect.
    The panel below shows the highlighted setting's history: every value with the date it
    takes effect, who set it and why.

    A change takes effect from a date: patrols from that date are recosted with it, earlier
    patrols keep the rules in force when they were worked, and patrols in a pay period
    already exported are paid the difference as an adjustment. The form asks for the value,
    the date and the reason, then shows the patrols it recosts before anything is saved.

    After the working-time limits come the people who have opted out of the 48-hour
    average on the day shown, each with the date it took effect (the panel shows who
    recorded it and what was signed), sixty at a time: the cursor on the line after them
    shows the next sixty. `p` records an opt-out, or its withdrawal, for anyone
    by payroll number; `e` (or enter) on a person withdraws theirs. Each is dated and kept
    in the audit trail, as from the person's page (`o`)."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Settings"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        Binding("e", "edit", "Change", id="settings.edit"),
        Binding("o", "on_date", "As on date", id="settings.on_date"),
        Binding("t", "today", "Today", id="settings.today"),
        Binding("p", "opt_out", "Opt-out", id="settings.opt_out"),
        Binding("r", "refresh", "Refresh", show=False, id="settings.refresh"),
    ]
    NEEDS = {
        "edit": Permission.SETTINGS,
        "opt_out": Permission.STAFF,  # as on the person's page
    }
    DEFAULT_CSS = """
    SettingsScreen #summary { height: 1; padding: 0 1; }
    SettingsScreen #settings { height: 1fr; }
    SettingsScreen #detail {
        height: 8; padding: 0 1; border-top: solid $primary; overflow-y: auto;
    }
    SettingsScreen.-short #detail { height: 5; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.on_day: date | None = None
        self.view: SettingsView | None = None
        self.fresh = Freshness()
        self.opted_out: list[OptedOutPerson] = []
        self.opt_outs_shown = OPT_OUTS_PAGE
        self.shown_widths: tuple[int | None, int] = (None, VALUE_WIDTH)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        yield Static("Loading the settings…", id="summary")
        yield PlainTable(id="settings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#settings", DataTable)
        table.add_column("Setting", key="label")
        table.add_column("In force", key="value")
        table.add_column("Since", key="since")
        table.add_column("Next change", key="next")
        table.add_column("Key", key="key")
        self.action_refresh()

    def on_screen_resume(self) -> None:
        if self.fresh.stale(self.app.session, london_today(self.app)):
            self.action_refresh()

    def action_refresh(self) -> None:
        self.fresh.note(self.app.session, london_today(self.app))
        self.load(self.on_day or app_today(self.app))

    @work(thread=True, exclusive=True, group="settings")
    def load(self, day: date | None) -> None:
        try:
            view = settings_view(self.app.session, day)
            opted = opted_out_people(self.app.session, view.on)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.show, view, opted)

    def show_error(self, text: str) -> None:
        self.query_one("#summary", Static).update(Text(text, style="bold red"))

    def show(self, view: SettingsView, opted: list[OptedOutPerson] | None = None) -> None:
        self.view = view
        if opted is not None:
            self.opted_out = opted
        changed = sum(1 for line in view.lines if line.since is not None)
        self.query_one("#summary", Static).update(Text.assemble(
            (f"In force on {view.on:%a %d %b %Y}", "bold"),
            f" · {changed} of {len(view.lines)} set by the force, the rest defaults",
        ))
        table = self.query_one("#settings", DataTable)
        current = self._row_key()
        keep = None if current.startswith(GROUP_ROW) else current
        self._show_opt_out(keep)
        self.shown_widths = named, width = column_widths(self.app.size.width)
        table.clear()
        refit_columns(table)
        titles = dict(view.groups)
        group = None

        def name(text: str) -> str:
            return text if named is None else _clip(text, named)

        for line in view.lines:
            if line.group != group:
                if group == OPT_OUTS_AFTER:
                    self._add_opt_outs(table, name)
                group = line.group
                table.add_row(Text(name(titles[group]), style="bold"), "", "", "", "",
                              key=f"{GROUP_ROW}{group}")
            later = line.next_change
            table.add_row(
                Text(name(f"  {line.label}")),
                Text(_clip(line.value, width), style="bold" if line.since else ""),
                Text("default" if line.since is None else _when(line.since)),
                Text(f"{later.value} from {_when(later.effective_from)}" if later else ""),
                Text(line.key), key=line.key)
        if group == OPT_OUTS_AFTER:
            self._add_opt_outs(table, name)
        target = keep or view.lines[0].key
        keys = [key.value or "" for key in table.rows]
        row = next((i for i, key in enumerate(keys) if key == target), None)
        if row is None and target.startswith(OPT_OUT_ROW):  # the person left the list
            row = next((i for i, key in enumerate(keys) if key.startswith(OPT_OUT_ROW)), None)
        row = 1 if row is None else row
        table.move_cursor(row=row)
        self.show_detail()

    def _add_opt_outs(self, table: DataTable[object], name: Callable[[str], str]) -> None:
        table.add_row(Text(name("48-hour opt-outs (p: record one)"), style="bold"), "", "", "", "",
                      key=f"{GROUP_ROW}opt-outs")
        if not self.opted_out:
            table.add_row(Text(name("  nobody has opted out")), "", "", "", "", key=OPT_OUT_ROW)
        for person in self.opted_out[:self.opt_outs_shown]:
            left = "" if person.active else ", left"
            table.add_row(Text(name(f"  {person.name} ({person.payroll_number}{left})")),
                          Text("opted out", style="bold"), Text(_when(person.since)), "",
                          Text(person.payroll_number), key=f"{OPT_OUT_ROW}{person.staff_id}")
        rest = len(self.opted_out) - self.opt_outs_shown
        if rest > 0:
            table.add_row(Text(name(f"  … {rest:,} more (↓ shows the next "
                                    f"{min(rest, OPT_OUTS_PAGE)})"), style="italic"),
                          "", "", "", "", key=MORE_OPT_OUTS)

    def _show_opt_out(self, key: str | None) -> None:
        """List the opt-outs at least as far as the person of row `key`, if it is one."""
        if key is None or not key.startswith(OPT_OUT_ROW):
            return
        staff_id = key.removeprefix(OPT_OUT_ROW)
        at = next((i for i, p in enumerate(self.opted_out) if p.staff_id == staff_id), None)
        if at is not None and at >= self.opt_outs_shown:
            self.opt_outs_shown = (at // OPT_OUTS_PAGE + 1) * OPT_OUTS_PAGE

    def _more_opt_outs(self) -> None:
        """The cursor reached the line after the opt-outs shown: show the next page, the
        cursor staying where it is (now on the first of them)."""
        if self.view is None:
            return
        table = self.query_one("#settings", DataTable)
        row = table.cursor_row
        self.opt_outs_shown += OPT_OUTS_PAGE
        self.show(self.view)
        table.move_cursor(row=row)

    def _row_key(self) -> str:
        """The highlighted row's key ("" when the table is empty)."""
        table = self.query_one("#settings", DataTable)
        if not table.row_count:
            return ""
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""

    def selected_person(self) -> OptedOutPerson | None:
        """The opted-out person highlighted, if the cursor is on one."""
        key = self._row_key()
        staff_id = key.removeprefix(OPT_OUT_ROW) if key.startswith(OPT_OUT_ROW) else None
        return next((p for p in self.opted_out if p.staff_id == staff_id), None)

    def on_opt_out_row(self) -> bool:
        return self._row_key().startswith(OPT_OUT_ROW)

    def on_resize(self) -> None:
        if self.view is not None and column_widths(self.app.size.width) != self.shown_widths:
            self.show(self.view)

    def selected_key(self) -> str | None:
        key = self._row_key()
        return None if not key or key.startswith((GROUP_ROW, OPT_OUT_ROW)) else key

    def selected_line(self) -> SettingLine | None:
        key = self.selected_key()
        if self.view is None or key is None:
            return None
        return next((line for line in self.view.lines if line.key == key), None)

    @on(DataTable.RowHighlighted, "#settings")
    def show_detail(self) -> None:
        if self._row_key() == MORE_OPT_OUTS:
            self.call_after_refresh(self._more_opt_outs)
            return
        line = self.selected_line()
        detail = self.query_one("#detail", Static)
        if self.on_opt_out_row():
            detail.update(self._opt_out_detail(self.selected_person()))
            return
        if line is None:
            detail.update("Choose a setting to see its history; e changes it.")
            return
        text = Text()
        text.append(line.label, style="bold")
        text.append(f"  {line.key}\nIn force: ")
        text.append(line.value, style="bold")
        text.append(" (the default)" if line.since is None
                    else f" ({_since(line)}; default {line.default})")
        if line.help:
            text.append(f"\n{line.help}", style="italic")
        if not line.history:
            text.append("\nNo history: the default has always been in force.")
        for entry in reversed(line.history[-HISTORY_SHOWN:]):
            text.append(f"\nfrom {_when(entry.effective_from)}: ")
            text.append(entry.value, style="bold")
            text.append(f"  set {entry.recorded_at[:10]} by ")
            text.append(entry.recorded_by)
            if entry.reason:
                text.append(" · ")
                text.append(entry.reason)
        if len(line.history) > HISTORY_SHOWN:
            text.append(f"\n… {len(line.history) - HISTORY_SHOWN} earlier values "
                        "(hotspot-tui settings show --json lists all)")
        detail.update(text)

    def _opt_out_detail(self, person: OptedOutPerson | None) -> Text:
        if person is None:
            return Text("Nobody has opted out of the 48-hour average on this day. p records an "
                        "opt-out for someone, by payroll number.")
        text = Text()
        text.append(person.name, style="bold")
        text.append(f" ({person.payroll_number}) has opted out of the 48-hour average from "
                    f"{person.since:%d %b %Y}: above it is a warning, not a breach (a night "
                    f"worker's limit still applies).\nRecorded {person.recorded_at[:10]} by ")
        text.append(person.recorded_by)
        if person.reason:
            text.append(" · ")
            text.append(person.reason)
        text.append("\ne or enter withdraws it from a date; p records one for someone else.")
        return text

    @on(DataTable.RowSelected, "#settings")
    def _selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        if self.on_opt_out_row():
            person = self.selected_person()
            if person is None:
                self.action_opt_out()
            else:
                self._record_opt_out(person.staff_id, person.name, withdraw=True)
            return
        line = self.selected_line()
        if line is None:
            self.notify("Choose a setting first (a row below a group's name)", timeout=3)
            return

        def done(change: SettingChange | None) -> None:
            if change is None:
                return
            count = change.patrol_count
            self.notify(f"{change.key} is {change.after} from {change.effective_from:%d %b %Y}; "
                        f"{count} patrol{'s' if count != 1 else ''} recosted", markup=False,
                        timeout=4)
            self.action_refresh()

        self.app.push_screen(SettingForm(line, london_today(self.app)), done)

    def action_on_date(self) -> None:
        today = london_today(self.app)
        shown = self.view.on if self.view else today

        def choose(values: dict[str, str | None]) -> None:
            self.on_day = parse_day(values["on"] or "", today)

        def done(chosen: bool | None) -> None:
            if chosen:
                self.action_refresh()

        self.app.push_screen(FieldsForm("Show the settings in force on", [
            Field("on", "Date (e.g. 2026-09-01, 1 sep, next mon)", shown.isoformat()),
        ], choose), done)

    def action_opt_out(self) -> None:
        """Ask whose opt-out (by payroll number), then sign it, or withdraw it if they have
        opted out on the day shown."""
        from hotspot_tui.services.staff import people_by_payroll_number

        found: list[tuple[str, str]] = []

        def find(values: dict[str, str | None]) -> None:
            found[:] = people_by_payroll_number(self.app.session, [values["who"] or ""])

        def chosen(ok: bool | None) -> None:
            if ok and found:
                staff_id, person = found[0]
                signed = any(p.staff_id == staff_id for p in self.opted_out)
                self._record_opt_out(staff_id, person, withdraw=signed)

        self.app.push_screen(FieldsForm("Record a 48-hour opt-out: whose?", [
            Field("who", "Payroll number", placeholder="e.g. HC104233"),
        ], find), chosen)

    def _record_opt_out(self, staff_id: str, name: str, *, withdraw: bool) -> None:
        from hotspot_tui.tui.modals.opt_out import OptOutModal

        def done(saved: bool | None) -> None:
            if saved:
                self.notify(f"48-hour opt-out of {name} {'withdrawn' if withdraw else 'recorded'}",
                            markup=False, timeout=4)
                self.action_refresh()

        self.app.push_screen(OptOutModal(staff_id, name, withdraw=withdraw,
                                         today=london_today(self.app)), done)

    def action_today(self) -> None:
        self.on_day = None
        self.action_refresh()
