"""One patrol: who is on it, cover against what it needs, and every rule it breaks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState, get_current_worker

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock import clock_text, to_local_naive
from hotspot_tui.domain.models import KIND_LABELS, RANK_LABELS
from hotspot_tui.errors import HotspotError, RuleViolation
from hotspot_tui.services import approvals as approval_service
from hotspot_tui.services import assignments as assignment_service
from hotspot_tui.services import outcomes as outcome_service
from hotspot_tui.services import shifts as shift_service
from hotspot_tui.services.shifts import OnShift, ShiftDetail, ShiftDraft
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.dialog_ahead import DialogAhead, discard
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import still_holds
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.roles import RoleAware, offered, permitted
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.style_files import style_file
from hotspot_tui.tui.title_bar import TitleBar

if TYPE_CHECKING:
    from hotspot_tui.services.candidates import Candidate
    from hotspot_tui.services.session import Session
    from hotspot_tui.tui.modals.book import Booking
    from hotspot_tui.tui.modals.candidates import CandidatePicker, Picked

T = TypeVar("T")

KIND_SHORT = {"officer": "Officer", "pcso": "PCSO", "ceo": "CEO"}
RANK_AHEAD = "rank-ahead"
"""The worker group that ranks the picker's first page while the patrol is on screen."""
STATUS = {"planned": "planned", "worked": "worked", "cancelled": "off", "no_show": "no-show"}


def money(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


def hhmm(instant: datetime | None) -> str:
    return clock_text(instant) if instant else "--:--"


@dataclass(frozen=True)
class Written:
    """A change made from the page and already said: the patrol as it left it."""

    detail: ShiftDetail | None


@dataclass(frozen=True)
class Booked:
    """A booking made from the page's form, with the patrol as the booking left it."""

    booking: Booking
    detail: ShiftDetail | None


def actual_text(p: OnShift) -> str:
    """Booked times; a date goes with each whenever it is not the planned one."""
    if p.actual_start is None or p.actual_end is None:
        return ""
    parts = []
    for actual, planned in ((p.actual_start, p.planned_start), (p.actual_end, p.planned_end)):
        day = to_local_naive(actual).date()
        shown = clock_text(actual)
        parts.append(f"{day:%d %b} {shown}" if day != to_local_naive(planned).date() else shown)
    return "-".join(parts)


@dataclass(frozen=True)
class RankedAhead:
    """The candidate picker's first page, ranked once the patrol's page was shown: the
    picker opens with it, rather than ranking again, for the same kind on the same day
    while the file's change mark has not moved (nothing written by anyone since)."""

    mark: tuple[int, int]
    day: date
    kind: str
    found: list[Candidate]


def picker_title(d: ShiftDetail) -> str:
    return (f"Assign to {d.ref} {d.area_name} {d.start_local:%a %d %b} "
            f"{clock_text(d.start)}-{clock_text(d.end)}")


def kind_to_assign(d: ShiftDetail) -> str:
    """The kind the picker opens on: the first the patrol is short of, else the first it
    needs, else officers."""
    short = [k for k in ("officer", "pcso", "ceo") if d.have.get(k, 0) < d.need.get(k, 0)]
    return short[0] if short else next((k for k in ("officer", "pcso", "ceo")
                                        if d.need.get(k, 0)), "officer")


class ShiftScreen(SteadyStyles, RoleAware, Screen[None]):
    """A patrol: the people on it with their collar/payroll numbers, planned and actual
    times (Europe/London) and cost; cover against what it needs; working-time problems.
    `a` assign people ranked by the engine, `d` take someone off with a reason, `b` book
    hours or a no-show, `B` book everyone still planned as worked at the planned times,
    `v` approve everyone's booked hours for payment (a booking you made yourself needs
    another supervisor), `o` outcomes, `e` edit, `x` cancel the patrol, `r` reinstate it."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Patrol"
    DEFAULT_CSS = style_file("roster.tcss")
    SCOPED_CSS = False  # the file names its screen in every rule
    BINDINGS = [
        Binding("escape", "back", "Back", id="shift_back"),
        Binding("a", "assign", "Assign", id="shift_assign"),
        Binding("d", "unassign", "Remove", id="shift_unassign"),
        Binding("b", "book", "Book", id="shift_book"),
        Binding("v", "approve", "Approve", id="shift_approve"),
        Binding("B", "book_all", "Book all", id="shift_book_all"),
        Binding("o", "outcomes", "Outcomes", id="shift_outcomes"),
        Binding("e", "edit", "Edit", id="shift_edit"),
        Binding("x", "cancel_shift", "Cancel", id="shift_cancel"),
        Binding("r", "reinstate", "Reinstate", show=False, id="shift_reinstate"),
    ]
    NEEDS = {
        "assign": Permission.ASSIGN,
        "unassign": Permission.ASSIGN,
        "book": Permission.BOOK,
        "approve": Permission.APPROVE,
        "book_all": Permission.BOOK,
        "outcomes": Permission.BOOK,
        "edit": Permission.PLAN,
        "cancel_shift": Permission.PLAN,
        "reinstate": Permission.PLAN,
    }

    def __init__(self, shift_id: str, detail: ShiftDetail | None = None) -> None:
        """`detail`, when the opener has just read it, is shown as the page is built."""
        super().__init__()
        self.shift_id = shift_id
        self.detail: ShiftDetail | None = None
        self._opened_with = detail
        self.ranked_ahead: RankedAhead | None = None
        self.ahead: DialogAhead[CandidatePicker] = DialogAhead(self, self._picker_to_build)
        """The candidate picker built for `ranked_ahead` while the page is read, unshown."""
        self._picker_closing: CandidatePicker | None = None
        """The picker kept up while the people picked in it are assigned."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        yield Static("Loading…", id="shift-title")
        yield Static("", id="summary")
        yield PlainTable(id="people", cursor_type="row")
        yield Static("", id="person-detail")
        yield Static("", id="outcomes")
        yield Static("", id="message")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#people", DataTable)
        # Planned times last: they are the patrol's own (in the title), so at 80 columns the
        # figures a supervisor checks (actual times, cost, rules) stay on screen. Actual
        # widens only when a booking carries dates (not the patrol's own).
        for label, width in (("Kind", 5), ("Name", 17), ("Collar", 7), ("Status", 8),
                             ("Actual", None), ("Cost", 9), ("Rules", 8), ("Planned", 11)):
            table.add_column(label, width=width)
        if self._opened_with is not None:
            self.show(self._opened_with)
            self._opened_with = None
        else:
            self.load()

    @property
    def session(self) -> Session:
        return self.app.session

    @work(thread=True, exclusive=True, group="shift")
    def load(self) -> None:
        try:
            detail = shift_service.shift_detail(self.session, self.shift_id)
        except HotspotError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, detail)

    def read_after_change(self) -> ShiftDetail | None:
        """The patrol as a change just made on this thread left it, read on the same thread
        so that the page shows it with the change's confirmation; None when it cannot be
        read here (the page then reads it again itself)."""
        try:
            return shift_service.shift_detail(self.session, self.shift_id)
        except HotspotError:
            return None

    def say(self, message: str) -> None:
        line = self.query_one("#message", Static)
        line.update(Content(message))
        line.set_class(bool(message), "shown")

    def show(self, d: ShiftDetail) -> None:
        self.detail = d
        v = self.app.theme_variables
        status = "CANCELLED: " + (d.cancel_reason or "") if d.status == "cancelled" else d.booking
        # The reference first (it is what people type), the district last: at 80 columns
        # the day, times and status stay on screen.
        self.query_one("#shift-title", Static).update(Text(
            f"{d.ref} · {d.area_name} · {d.start_local:%a %d %b %Y} "
            f"{clock_text(d.start)}-{clock_text(d.end)} · {status} · {d.district}"))
        summary = Text()
        cover = []
        for kind in ("officer", "pcso", "ceo"):
            need, have = d.need.get(kind, 0), d.have.get(kind, 0)
            if need or have:
                cover.append(f"{KIND_SHORT[kind]} {have}/{need}")
        summary.append("Cover: " + (", ".join(cover) or "none needed"))
        if d.status == "planned":
            if d.cover:
                for vio in d.cover:
                    style = v.get("error", "") if vio.severity == "error" else v.get("warning", "")
                    summary.append(f" · {vio.message}", style=style)
            else:
                summary.append(" · fully covered", style=v.get("success", ""))
        total = sum(p.cost_pence for p in d.people if p.status in ("planned", "worked"))
        summary.append(f" · cost {money(total)}")
        summary.append(f" · break {d.break_minutes} min" if d.break_minutes else " · no break planned")
        if d.notes:
            summary.append(f"\nNotes: {d.notes}")
        self.query_one("#summary", Static).update(summary)
        table = self.query_one("#people", DataTable)
        row = table.cursor_row
        table.clear()
        for p in d.people:
            errors = [x for x in p.violations if x.severity == "error"]
            rules = (Text("override", style=v.get("warning", ""))
                     if p.override_reason and p.status in ("planned", "worked")
                     else Text(f"{len(errors)} error", style=v.get("error", "")) if errors
                     else Text(f"{len(p.violations)} warn", style=v.get("warning", ""))
                     if p.violations else Text("ok"))
            kind = (RANK_LABELS.get(p.rank or "", "Officer") if p.kind == "officer"
                    else KIND_SHORT.get(p.kind, p.kind))
            muted = v.get("text-muted", "") if p.status in ("cancelled", "no_show") else ""
            table.add_row(
                Text(kind, style=muted),
                Text(p.name, style=muted), p.collar_number or p.payroll_number,
                "approved" if p.status == "worked" and p.approved_by else STATUS.get(p.status, p.status),
                actual_text(p),
                money(p.cost_pence), rules,
                f"{hhmm(p.planned_start)}-{hhmm(p.planned_end)}", key=p.assignment_id)
        if d.people:
            table.move_cursor(row=min(row, len(d.people) - 1))
        if d.outcomes:
            o = d.outcomes
            self.query_one("#outcomes", Static).update(
                f"Outcomes: {o['arrests']} arrests, {o['stop_searches']} stop-searches, "
                f"{o['weapons']} weapons, {o['dispersals']} dispersals, CPW {o['cpw']}, "
                f"CPN {o['cpn']}, PSPO {o['pspo']}, {o['informal_warnings']} informal warnings, "
                f"other {o['other']}")
        else:
            self.query_one("#outcomes", Static).update(
                "Outcomes: none recorded" + offered(self, "outcomes", " (o)"))
        self.show_person()
        if d.status == "planned" and permitted(self, "assign"):
            self.call_after_refresh(self.rank_ahead, kind_to_assign(d))

    @work(thread=True, exclusive=True, group=RANK_AHEAD)
    def rank_ahead(self, kind: str) -> None:
        """Rank the picker's first page in the background, so that `a` opens it ranked."""
        from hotspot_tui.services.candidates import PICKER_LIMIT, candidates_for

        mark, day = self.session.change_mark(wait=None), london_today(self.app)
        if mark is None:
            return
        try:
            found = candidates_for(self.session, self.shift_id, kind, limit=PICKER_LIMIT)
        except HotspotError:
            return
        if not get_current_worker().is_cancelled:
            self.ranked_ahead = RankedAhead(mark, day, kind, found)

    def _ranked(self, kind: str) -> list[Candidate] | None:
        """The page ranked ahead for `kind`, if nothing has changed since."""
        ahead = self.ranked_ahead
        if ahead is None or not still_holds(self.session, ahead.mark, (ahead.kind, ahead.day),
                                            (kind, london_today(self.app))):
            return None
        return ahead.found

    @on(Worker.StateChanged)
    def _ranked_ahead(self, event: Worker.StateChanged) -> None:
        if event.worker.group == RANK_AHEAD and event.state == WorkerState.SUCCESS:
            self.ahead.want()

    def on_screen_resume(self) -> None:
        if self.ahead.built is None and self.ranked_ahead is not None:
            self.ahead.want()

    def on_unmount(self) -> None:
        self.ahead.drop()

    @property
    def picker_ahead(self) -> CandidatePicker | None:
        return self.ahead.built

    def _picker_to_build(self, built: CandidatePicker | None) -> CandidatePicker | None:
        """The picker for the page ranked ahead, to build unshown while the page is read, if
        nothing has changed since the ranking (`a` checks that again); None: none, or the
        one built is it."""
        ahead, d = self.ranked_ahead, self.detail
        if not self.is_current or ahead is None or d is None or d.status != "planned":
            return None
        if built is not None and built.ranked_from is ahead.found:
            return None
        if self._ranked(ahead.kind) is None:
            return None
        return self._picker(d, ahead.kind, ahead.found)

    def _picker(self, d: ShiftDetail, kind: str, ranked: list[Candidate] | None) -> CandidatePicker:
        from hotspot_tui.tui.modals.candidates import CandidatePicker

        return CandidatePicker(self.session, self.shift_id, kind, picker_title(d), ranked=ranked)

    def selected(self) -> OnShift | None:
        if self.detail is None or not self.detail.people:
            return None
        row = self.query_one("#people", DataTable).cursor_row
        return self.detail.people[row] if 0 <= row < len(self.detail.people) else None

    def show_person(self) -> None:
        p = self.selected()
        box = self.query_one("#person-detail", Static)
        if p is None:
            box.update("Nobody on this patrol yet" + offered(self, "assign", ": press a to assign") + ".")
            return
        lines = [f"{p.name} ({KIND_LABELS.get(p.kind, p.kind)}) · collar {p.collar_number or '-'}"
                 f" · payroll {p.payroll_number} · {STATUS.get(p.status)}"
                 + (f" · approved by {p.approved_by}" if p.approved_by else "")
                 + (f" · reason: {p.reason}" if p.reason else "")]
        if p.override_reason:
            lines.append(f"override reason: {p.override_reason}")
        rules = [f"{x.severity}: {x.message}" for x in p.violations]
        if not (rules or p.pay_notes):
            rules = ["no working-time problems"]
        label = "pay (estimate)" if p.status == "planned" else "pay"
        pay = [f"{label}: " + "; ".join(p.pay_notes)] if p.pay_notes else []
        box.update(Content("\n".join([*lines, *rules][:2] + pay)))

    @on(DataTable.RowHighlighted, "#people")
    def _highlighted(self) -> None:
        self.show_person()

    # --- doing things --------------------------------------------------------------------
    @work(thread=True, exclusive=False, group="shift-write")
    def write(self, job: Callable[[], object], done: str) -> Written | None:
        """Run one service call; on success show the patrol as it left it (`_write_finished`),
        else show its one line inline."""
        try:
            job()
        except HotspotError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return None
        return self.told(done)

    @work(thread=True, exclusive=False, group="shift-write")
    def write_or_override(self, job: Callable[[str | None], object], done: str,
                          reason: str | None = None) -> Written | None:
        """Like `write`, for a change the working-time checks may refuse: a refusal that an
        override can lift asks for the reason, then tries again with it (audited)."""
        try:
            job(reason)
        except RuleViolation as exc:
            if reason is None and "give a reason to override" in str(exc):
                self.app.call_from_thread(self.ask_override, job, done, str(exc))
            else:
                self.app.call_from_thread(self.say, str(exc))
            return None
        except HotspotError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return None
        return self.told(done + (", override recorded" if reason else ""))

    def told(self, done: str) -> Written:
        """On a write's thread, once it is saved: say so at once (the notice is up by the
        time the page shows the change), then read the patrol as the change left it."""
        self.app.call_from_thread(self.app.notify, done, markup=False)
        return Written(self.read_after_change())

    @on(Worker.StateChanged)
    def _write_finished(self, event: Worker.StateChanged) -> None:
        """A change made: confirmed once its worker has finished, so the frame that shows
        it has no write of this page still running. A picker kept up for the write closes
        now, in the same frame (whether the write was made or refused)."""
        if event.worker.group != "shift-write" or not event.worker.is_finished:
            return
        picker, self._picker_closing = self._picker_closing, None
        if picker is not None and picker in self.app.screen_stack:
            picker.dismiss(None)
        result = event.worker.result
        if event.state == WorkerState.SUCCESS and isinstance(result, Written):
            self._written(None, result.detail)

    def ask_override(self, job: Callable[[str | None], object], done: str, problem: str) -> None:
        from hotspot_tui.tui.modals.reason import ReasonModal

        def given(text: str | None) -> None:
            if text:
                self.write_or_override(job, done, text)
            else:
                self.say("Not saved: overriding a working-time rule needs a reason.")

        self.app.push_screen(ReasonModal(
            "Override a working-time rule",
            problem.removesuffix("; give a reason to override")
            + "\nType the reason to override (audited).",
            placeholder="e.g. event overran; officer agreed"), given)

    def _written(self, done: str | None, detail: ShiftDetail | None = None) -> None:
        """Confirm a change (`done`, unless already said) and show the patrol as it left
        it: `detail` when it was read with the change, else read again."""
        self.say("")
        if done is not None:
            self.app.notify(done, markup=False)
        if detail is None:
            self.load()
            return
        self.workers.cancel_group(self, "shift")
        self.show(detail)

    def after(self, done: str) -> Callable[[object], None]:
        """The callback of a form that made its change itself: on success, say so and
        reload; on cancel, nothing."""
        def finished(result: object) -> None:
            if result is not None:
                self._written(done)
        return finished

    def action_back(self) -> None:
        self.app.pop_screen()

    def _planned_only(self) -> bool:
        if self.detail is None:
            return False
        if self.detail.status != "planned":
            self.say("This patrol is cancelled: press r to reinstate it first.")
            return False
        return True

    def action_assign(self) -> None:
        if not self._planned_only():
            return
        d = self.detail
        assert d is not None
        kind = kind_to_assign(d)
        ranked = self._ranked(kind)
        built = self.ahead.take()
        if built is not None and (built.ranked_from is not ranked
                                  or built.title_text != picker_title(d)):
            discard(built)
            built = None

        def picked(result: Picked | None) -> None:
            if result is not None:
                self.confirm_assign(result)

        picker = built or self._picker(d, kind, ranked)

        def assign_while_open(result: Picked) -> None:
            self._picker_closing = picker
            self.confirm_assign(result)

        picker.assign_while_open = assign_while_open
        self.app.push_screen(picker, picked)

    def confirm_assign(self, picked: Picked) -> None:
        from hotspot_tui.tui.modals.reason import ReasonModal

        names = ", ".join(picked.names)
        options = assignment_service.AssignOptions(
            told_on=picked.told_on or london_today(self.app), rest_day=picked.rest_day,
            casual=picked.casual)
        note = f" ({picked.options_note})" if picked.options_note else ""
        if not picked.needs_override:
            self.write(lambda: assignment_service.assign(
                self.session, self.shift_id, picked.staff_ids, options), f"Assigned {names}{note}")
            return

        def assigned(text: str | None) -> None:
            if not text:
                self.say("Not assigned: overriding a working-time rule needs a reason.")
                return
            self._written(f"Assigned {names}{note}, override recorded")

        self.app.push_screen(ReasonModal(
            "Override a working-time rule",
            "\n".join(picked.problems[:4]) + "\nType the reason to override (audited).",
            placeholder="e.g. no one else available; officer agreed",
            save=lambda text: assignment_service.assign(
                self.session, self.shift_id, picked.staff_ids,
                replace(options, override_reason=text)) and text), assigned)

    def action_unassign(self) -> None:
        p = self.selected()
        if p is None:
            return
        if p.status != "planned":
            self.say(f"{p.name} is {STATUS.get(p.status)}: only planned people can be taken off.")
            return
        from hotspot_tui.tui.modals.reason import ReasonModal

        def take_off(text: str) -> str | tuple[str, str, str]:
            return self.or_override(
                lambda: assignment_service.unassign(self.session, p.assignment_id, text), text)

        def taken_off(result: object) -> None:
            if isinstance(result, tuple):
                _, text, problem = result
                self.ask_override(lambda reason: assignment_service.unassign(
                    self.session, p.assignment_id, text, reason), f"{p.name} taken off", problem)
            elif result is not None:
                self._written(f"{p.name} taken off")

        self.app.push_screen(ReasonModal(
            f"Take {p.name} off the patrol", "Why are they coming off? (audited)",
            save=take_off), taken_off)

    @staticmethod
    def or_override(change: Callable[[], object], value: T) -> T | tuple[str, T, str]:
        """Make a change from a form: a refusal an override can lift comes back as
        ("override", the form's value, the problem) for `ask_override`, after the form."""
        try:
            change()
        except RuleViolation as exc:
            if "give a reason to override" not in str(exc):
                raise
            return ("override", value, str(exc))
        return value

    def action_book(self) -> None:
        p = self.selected()
        if p is None:
            return
        from hotspot_tui.tui.modals.book import BookModal

        start = p.actual_start or p.planned_start
        end = p.actual_end or p.planned_end

        def book(b: Booking) -> Booked | tuple[str, Booking, str]:
            if b.outcome == "worked":
                assert b.start is not None and b.end is not None
                assignment_service.book_hours(self.session, p.assignment_id, b.start, b.end,
                                              b.reason, now=self._now())
            elif b.outcome == "no_show":
                assignment_service.mark_no_show(self.session, p.assignment_id, b.reason)
            else:
                taken = self.or_override(lambda: assignment_service.unassign(
                    self.session, p.assignment_id, b.reason or ""), b)
                if isinstance(taken, tuple):
                    return taken
            # Said as soon as it is saved: the notice is up by the time the page shows it.
            self.app.call_from_thread(self.app.notify, said(b), markup=False)
            return Booked(b, self.read_after_change())

        def said(b: Booking) -> str:
            return {"worked": f"Hours booked for {p.name}",
                    "no_show": f"{p.name} marked no-show"}.get(b.outcome, f"{p.name} taken off")

        def booked(result: Booked | Booking | tuple[str, Booking, str] | None) -> None:
            if isinstance(result, tuple):
                _, b, problem = result
                self.ask_override(lambda reason: assignment_service.unassign(
                    self.session, p.assignment_id, b.reason or "", reason),
                    f"{p.name} taken off", problem)
            elif isinstance(result, Booked):
                self._written(None, result.detail)
            elif result is not None:
                self._written(said(result))

        self.app.push_screen(BookModal(p.name, start, end, save=book), booked)

    def action_approve(self) -> None:
        self.approve()

    @work(thread=True, exclusive=False, group="shift-write")
    def approve(self) -> None:
        try:
            result = approval_service.approve_patrol(self.session, self.shift_id, by_id=True)
        except HotspotError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return
        self.app.call_from_thread(self._approved, result.summary())

    def _approved(self, summary: str) -> None:
        self.say("")
        self.app.notify(summary, markup=False)
        self.load()

    def _now(self) -> datetime | None:
        clock = self.app.clock
        return clock() if clock else None

    def action_book_all(self) -> None:
        if self.detail is None:
            return
        self.write(lambda: assignment_service.book_as_planned(
            self.session, self.shift_id, now=self._now()), "Everyone booked as planned")

    def action_outcomes(self) -> None:
        if self.detail is None:
            return
        from hotspot_tui.tui.modals.outcomes import OutcomesModal

        current = self.detail.outcomes or {}

        def save(values: dict) -> dict | tuple[str, dict, list[str]]:
            counts = {k: v for k, v in values.items() if k != "notes"}
            try:
                outcome_service.record_outcomes(self.session, self.shift_id, counts,
                                                str(values.get("notes", "")))
            except outcome_service.NeedsConfirmation as exc:
                return ("confirm", values, exc.problems)
            return values

        def saved(result: object) -> None:
            if isinstance(result, tuple):
                _, values, problems = result
                notes = str(values.get("notes", ""))
                self.confirm_outcomes({k: v for k, v in values.items() if k != "notes"},
                                      notes, problems)
            elif result is not None:
                self._written("Outcomes saved")

        self.app.push_screen(OutcomesModal(current, save=save), saved)

    @work(thread=True, exclusive=False, group="shift-write")
    def save_outcomes(self, values: dict, notes: str, confirmed: bool = False) -> None:
        try:
            outcome_service.record_outcomes(self.session, self.shift_id, values, notes,
                                            confirmed=confirmed)
        except outcome_service.NeedsConfirmation as exc:
            self.app.call_from_thread(self.confirm_outcomes, values, notes, exc.problems)
            return
        except HotspotError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return
        self.app.call_from_thread(self._written, "Outcomes saved")

    def confirm_outcomes(self, values: dict, notes: str, problems: list[str]) -> None:
        from hotspot_tui.tui.modals.choose import ChooseModal

        def chosen(answer: str | None) -> None:
            if answer == "yes":
                self.save_outcomes(values, notes, True)
            else:
                self.say("Outcomes not saved.")

        self.app.push_screen(ChooseModal(
            "Unusual figures: " + "; ".join(problems),
            [("yes", "Save these figures (audited as confirmed)"), ("no", "Go back")]), chosen)

    def action_edit(self) -> None:
        if not self._planned_only():
            return
        from hotspot_tui.services.roster import AreaChoice
        from hotspot_tui.tui.modals.shift_form import ShiftFormModal

        d = self.detail
        assert d is not None

        def save(draft: ShiftDraft) -> ShiftDraft | tuple[str, ShiftDraft, str]:
            return self.or_override(
                lambda: shift_service.edit_shift(self.session, self.shift_id, draft), draft)

        def edited(result: object) -> None:
            if isinstance(result, tuple):
                _, draft, problem = result
                self.ask_override(lambda reason: shift_service.edit_shift(
                    self.session, self.shift_id, draft, reason), "Patrol updated", problem)
            elif result is not None:
                self._written("Patrol updated")

        areas = [AreaChoice(d.area_id, d.area_name, d.district)]
        self.app.push_screen(ShiftFormModal(areas, london_today(self.app), d.draft(), editing=True,
                                            save=save), edited)

    def action_cancel_shift(self) -> None:
        if not self._planned_only():
            return
        from hotspot_tui.tui.modals.reason import ReasonModal

        def cancelled(result: object) -> None:
            if isinstance(result, tuple):
                _, text, problem = result
                self.ask_override(lambda reason: shift_service.cancel_shift(
                    self.session, self.shift_id, text, reason), "Patrol cancelled", problem)
            elif result is not None:
                self._written("Patrol cancelled")

        self.app.push_screen(ReasonModal(
            "Cancel this patrol", "Everyone planned on it comes off. Why? (audited)",
            save=lambda text: self.or_override(
                lambda: shift_service.cancel_shift(self.session, self.shift_id, text), text)),
            cancelled)

    def action_reinstate(self) -> None:
        if self.detail is None or self.detail.status != "cancelled":
            self.say("Only a cancelled patrol can be reinstated.")
            return
        self.write(lambda: shift_service.reinstate_shift(self.session, self.shift_id),
                   "Patrol reinstated")

