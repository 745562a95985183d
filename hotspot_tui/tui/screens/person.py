"""One person: their extra hours, cost, working-time headroom and opt-out, pay over time,
upcoming duties and patrols, and the time off they are owed."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Static

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.headroom import hours_text
from hotspot_tui.domain.models import KIND_LABELS, RANK_LABELS
from hotspot_tui.domain.normal_duties import NOT_WORKING, TYPE_LABELS
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import pay_facts
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services import time_off as time_off_service
from hotspot_tui.services.pay_facts import HistoryLine
from hotspot_tui.services.staff import FormChoices, PersonSummary, Upcoming
from hotspot_tui.services.time_off import OwedLine
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.roles import RoleAware, offered
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.style_files import style_file
from hotspot_tui.tui.title_bar import TitleBar

LONDON = ZoneInfo("Europe/London")
UPCOMING_PAGE = 8
PAY_HISTORY_LINES = 3


def pay_text(facts: Mapping[str, Any]) -> str:
    """A set of pay facts in a few words: rank, salary or rate, contracted hours."""
    parts = []
    if facts.get("rank"):
        parts.append(RANK_LABELS.get(str(facts["rank"]), str(facts["rank"])))
    basis = facts.get("pay_basis")
    if basis == "annual":
        parts.append(f"{pounds(int(facts['annual_salary_pence'] or 0))} a year")
    elif basis == "hourly":
        parts.append(f"{pounds(int(facts['hourly_rate_pence'] or 0))} an hour")
    else:
        parts.append("council recharge rates")
    minutes = int(facts.get("contracted_weekly_minutes") or 0)
    if minutes:
        parts.append(f"{hours_text(minutes)} a week")
    return " · ".join(parts)


def pounds(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


def wait_text(wait: timedelta) -> str:
    minutes = int(wait.total_seconds() // 60)
    return hours_text(minutes)


def opt_out_text(s: PersonSummary, key: str) -> str:
    """The opt-out's state, with `key` (the key that changes it, or nothing for a person
    who may not change it)."""
    o = s.opt_out
    if o is None or o.since is None:
        return "not signed" + key
    return f"{'signed' if o.opted_out else 'withdrawn'} from {o.since:%d %b %Y}{key}"


class PersonScreen(SteadyStyles, RoleAware, Screen[None]):
    """A person's page: extra hours this week, over the last four weeks and for the whole
    operation; cost of the patrols they worked; how much more they can work before the
    48-hour average (over 17 weeks, counting contracted hours) is reached, and when their
    11-hour daily rest is met; whether they have signed the 48-hour opt-out (`o` records
    or withdraws it from a date); their pay facts with the date each took effect (patrols
    are paid with the facts of their own day); their upcoming normal duties (from the force
    roster, `import duties`) and patrols together; and the time off their duties earned
    (replacement rest days, days in lieu, PCSO time off), overdue in red. `t` records the
    highlighted time off as taken today."""

    app = getters.app(HotspotApp)

    HELP = inspect.cleandoc(__doc__ or "")
    HELP_TITLE = "Person"
    DEFAULT_CSS = style_file("person.tcss")
    SCOPED_CSS = False  # the file names its screen in every rule
    BINDINGS = [
        Binding("escape", "back", "Back", id="person.back"),
        Binding("e", "edit", "Edit", id="person.edit"),
        Binding("x", "toggle_active", "(De)activate", id="person.active"),
        Binding("u", "audit", "Audit trail", id="person.audit"),
        Binding("n", "more", "More duties", id="person.more"),
        Binding("o", "opt_out", "Opt-out", id="person.opt_out"),
        Binding("t", "take_time_off", "Time off taken", id="person.time_off"),
    ]
    NEEDS = {
        "edit": Permission.STAFF,
        "toggle_active": Permission.STAFF,
        "opt_out": Permission.STAFF,
        "take_time_off": Permission.STAFF,
    }

    def __init__(self, staff_id: str) -> None:
        super().__init__()
        self.staff_id = staff_id
        self.summary: PersonSummary | None = None
        self.upcoming_next: tuple[str, str] | None = None
        self.choices: FormChoices | None = None
        self.time_off: list[OwedLine] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        yield Static("Loading…", id="who")
        with Horizontal(id="facts"):
            yield Static("", id="hours", classes="box")
            yield Static("", id="headroom", classes="box")
        yield Static("", id="pay-history")
        with Horizontal(id="lists"):
            with Vertical(id="upcoming-box"):
                yield Static("Upcoming patrols", id="upcoming-title")
                yield PlainTable(id="upcoming", cursor_type="row")
            with Vertical(id="time-off-box"):
                yield Static("Time off owed", id="time-off-title")
                yield PlainTable(id="time-off", cursor_type="row")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#upcoming", DataTable)
        table.add_columns("When", "Duty or patrol", "Hours")
        self.query_one("#time-off", DataTable).add_columns("Earned", "Owed", "Due by", "Taken")
        self.load()

    @work(thread=True, exclusive=True, group="person")
    def load(self) -> None:
        session = self.app.session
        try:
            summary = staff_service.person_summary(session, self.staff_id,
                                                   upcoming_limit=UPCOMING_PAGE)
            choices = staff_service.form_choices(session)
            history = pay_facts.pay_history(session, self.staff_id)
            owed = time_off_service.owed_for_person(session, self.staff_id)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.show, summary, choices, history, owed)

    def show_error(self, text: str) -> None:
        self.query_one("#who", Static).update(Text(text))

    def show(self, s: PersonSummary, choices: FormChoices, history: list[HistoryLine] | None = None,
             owed: list[OwedLine] | None = None) -> None:
        self.summary = s
        self.choices = choices
        self.show_pay_history(history or [])
        self.show_time_off(owed or [], s.now.astimezone(LONDON).date())
        p = s.person
        kind = RANK_LABELS.get(p["rank"], "") if p["rank"] else KIND_LABELS[p["kind"]]
        numbers = f"payroll {p['payroll_number']}"
        if p["collar_number"]:
            numbers = f"collar {p['collar_number']} · " + numbers
        state = "" if p["active"] else " · [b $error]INACTIVE[/]"
        pay = {"annual": f"salary {pounds(p['annual_salary_pence'] or 0)} a year",
               "hourly": f"{pounds(p['hourly_rate_pence'] or 0)} an hour",
               "recharge": "council recharge rate"}[p["pay_basis"]]
        contracted = p["contracted_weekly_minutes"] or 0
        self.query_one("#who", Static).update(
            f"[b]{escape(p['name'])}[/b] · {kind} · {escape(numbers)}{state}\n"
            f"{escape(p['employer_name'])} · home area {escape(p['home_area_name'] or '—')} · {pay}"
            f" · contracted {hours_text(contracted)} a week"
        )
        week_planned = f" (+{hours_text(s.week_planned)} planned)" if s.week_planned else ""
        self.query_one("#hours", Static).update(
            "[b]Extra hours worked[/b]\n"
            f"This week    {hours_text(s.week_worked)}{week_planned}\n"
            f"Last 4 weeks {hours_text(s.four_weeks_worked)}\n"
            f"Operation    {hours_text(s.to_date_worked)}\n"
            f"Patrols      {s.patrols_worked} worked\n"
            f"Cost to date {pounds(s.cost_pence)}"
        )
        h = s.headroom
        left = hours_text(h.minutes_left)
        if h.over:
            left = f"[b $error]over by {hours_text(-h.minutes_left)}[/]"
        if h.rest_met_at is None:
            rest = "no recent duty"
        elif h.rest_wait:
            met = h.rest_met_at.astimezone(LONDON)
            rest = f"[b $warning]in {wait_text(h.rest_wait)}[/] ({met:%a %d %b %H:%M})"
        else:
            rest = "met"
        self.query_one("#headroom", Static).update(
            f"[b]Working time[/b] · {h.reference_weeks} weeks to {s.now.astimezone(LONDON):%d %b}\n"
            f"{'Left to ' + hours_text(h.weekly_limit_minutes) + ' avg':<17}{left}\n"
            f"Average now      {hours_text(h.average_weekly_minutes)}/week\n"
            f"Extra in period  {hours_text(h.extra_minutes)}\n"
            f"{hours_text(h.daily_rest_minutes) + ' rest':<17}{rest}\n"
            f"{'48 h opt-out':<17}{opt_out_text(s, offered(self, 'opt_out', ' (o)'))}"
        )
        table = self.query_one("#upcoming", DataTable)
        table.clear()
        self.add_upcoming(s.upcoming, s.upcoming_next)

    def show_pay_history(self, history: list[HistoryLine]) -> None:
        text = Text()
        text.append("Pay", style="bold")
        shown = history[:PAY_HISTORY_LINES]
        for line in shown:
            since = ("from the start" if line.since_ever
                     else f"from {date.fromisoformat(line.effective_from):%d %b %Y}")
            text.append(f"\n{since:<17}{pay_text(line.facts)}")
            if line.reason and not line.since_ever:
                text.append(f"  ({line.reason})", style="dim")
        if len(history) > len(shown):
            text.append(f"\n… {len(history) - len(shown)} earlier (hotspot-tui staff pay-history)",
                        style="dim")
        self.query_one("#pay-history", Static).update(text)

    def show_time_off(self, owed: list[OwedLine], today: date) -> None:
        self.time_off = owed
        table = self.query_one("#time-off", DataTable)
        table.clear()
        waiting = 0
        for index, item in enumerate(owed):
            late = item.overdue(today)
            if item.taken_on:
                taken = f"{item.taken_on:%d %b}"
            elif not item.worked:
                taken = "when worked"
            else:
                taken = "overdue" if late else "not yet"
                waiting += 1
            style = "bold red" if late else ""
            table.add_row(Text(f"{item.for_date:%d %b %y}", style=style),
                          Text(item.short_label, style=style),
                          Text(f"{item.due_by:%d %b}", style=style), Text(taken, style=style),
                          key=str(index))
        title = "Time off owed" + (f": {waiting} to take" if waiting else ": none waiting")
        self.query_one("#time-off-title", Static).update(title)

    def action_take_time_off(self) -> None:
        table = self.query_one("#time-off", DataTable)
        if not self.time_off or table.cursor_row < 0 or table.cursor_row >= len(self.time_off):
            self.notify("Choose the time off in its list first", severity="warning")
            return
        item = self.time_off[table.cursor_row]
        if item.taken_on:
            self.notify(f"Already taken on {item.taken_on:%d %b %Y}")
            return
        self.take(item, london_today(self.app))

    @work(thread=True, exclusive=True, group="person-time-off")
    def take(self, item: OwedLine, today: date) -> None:
        try:
            time_off_service.set_taken(self.app.session, item.assignment_id, item.kind,
                                       item.for_date, today)
        except HotspotError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self.notify, f"{item.label} for {item.for_date:%d %b} taken {today:%d %b}")
        self.app.call_from_thread(self.load)

    def add_upcoming(self, items: list[Upcoming], next_after: tuple[str, str] | None) -> None:
        table = self.query_one("#upcoming", DataTable)
        for item in items:
            start = item.start.astimezone(LONDON)
            end = item.end.astimezone(LONDON)
            minutes = int((item.end - item.start).total_seconds() // 60)
            if item.duty in NOT_WORKING:
                table.add_row(f"{start:%a %d %b}", TYPE_LABELS[item.duty], "", key=item.assignment_id)
                continue
            what = Text(TYPE_LABELS[item.duty]) if item.duty else Text(f"patrol: {item.area_name}")
            table.add_row(f"{start:%a %d %b %H:%M}-{end:%H:%M}", what, hours_text(minutes),
                          key=item.assignment_id)
        self.upcoming_next = next_after
        title = "Upcoming duties and patrols"
        if not table.row_count:
            title += ": none planned"
        elif next_after:
            title += f" (first {table.row_count}; n for more)"
        self.query_one("#upcoming-title", Static).update(title)

    def action_more(self) -> None:
        if self.upcoming_next and self.summary:
            self.load_more(self.upcoming_next)

    @work(thread=True, exclusive=True, group="person-more")
    def load_more(self, after: tuple[str, str]) -> None:
        assert self.summary is not None
        items, next_after = staff_service.upcoming_page(
            self.app.session, self.staff_id, now=self.summary.now, after=after,
            limit=UPCOMING_PAGE)
        self.app.call_from_thread(self.add_upcoming, items, next_after)

    @on(DataTable.RowHighlighted, "#upcoming")
    def near_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= event.data_table.row_count - 1:
            self.action_more()

    def _load_if(self, changed: object) -> None:
        """A dialog's result: read the person again if it changed something."""
        if changed:
            self.load()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        if self.summary is None or self.choices is None:
            return
        from hotspot_tui.tui.modals.staff_form import StaffForm

        form = StaffForm(self.choices, staff_id=self.staff_id,
                         initial=staff_service.input_from_person(self.summary.person))
        self.app.push_screen(form, self._load_if)

    def action_toggle_active(self) -> None:
        if self.summary is None:
            return
        from hotspot_tui.tui.modals.active_toggle import ActiveToggle

        p = self.summary.person
        self.app.push_screen(ActiveToggle(self.staff_id, p["name"], activate=not p["active"]),
                             self._load_if)

    def action_opt_out(self) -> None:
        if self.summary is None:
            return
        from hotspot_tui.tui.modals.opt_out import OptOutModal

        p = self.summary.person
        signed = bool(self.summary.opt_out and self.summary.opt_out.opted_out)
        self.app.push_screen(OptOutModal(self.staff_id, p["name"], withdraw=signed,
                                         today=london_today(self.app)),
                             self._load_if)

    def action_audit(self) -> None:
        if self.summary is None:
            return
        from hotspot_tui.services.audit_view import AuditFilter
        from hotspot_tui.tui.screens.audit import AuditScreen

        self.app.push_screen(AuditScreen(AuditFilter(staff_id=self.staff_id,
                                                     person=self.summary.person["name"]),
                                         pushed=True))
