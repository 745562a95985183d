"""The dashboard: grant, committed, actual and remaining money and hours; alerts; the chart.

Money is the sum of `assignments.cost_pence` (planned → committed, worked → actual), which
the costing service keeps equal to the pay engine's lines for each assignment; spend lines
are non-patrol spend against the same grant.

Its records are named tuples, not dataclasses: the dashboard is the first screen, and each
dataclass costs the start about a millisecond to make as its module is imported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import NamedTuple

from hotspot_tui.domain import budget as calc
from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.clock import local_to_utc, to_local
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text
from hotspot_tui.services.session import Session
from hotspot_tui.store import dashboard as store
from hotspot_tui.store import time_off as time_off_store
from hotspot_tui.store.schema_history import SqlReader

COVER_DAYS = 7
COVER_LIMIT = 50


def local_today() -> date:
    """Today's date in Europe/London, by the app's clock (`clock_utc.utc_now`)."""
    return to_local(clock_utc.utc_now()).date()


class Figures(NamedTuple):
    committed_pence: int = 0
    actual_pence: int = 0
    other_pence: int = 0
    committed_minutes: int = 0
    actual_minutes: int = 0
    patrols_worked: int = 0

    @property
    def spent_pence(self) -> int:
        return self.actual_pence + self.other_pence


class AreaRow(NamedTuple):
    area_id: str
    name: str
    allocation_pence: int | None
    committed_pence: int
    actual_pence: int
    other_pence: int
    worked_minutes: int
    arrests: int

    @property
    def money(self) -> calc.AreaMoney:
        """Patrol money against the area's allocation. Allocations are for patrols: spend
        lines (even those tagged to an area) come from the unallocated rest of the grant."""
        return calc.AreaMoney(self.name, self.allocation_pence, self.committed_pence,
                              self.actual_pence)

    @property
    def remaining_pence(self) -> int | None:
        return self.money.remaining_pence


class Alert(NamedTuple):
    kind: str  # over_allocation | runs_out | cover | override | time_off | unbooked | breach | sync
    text: str


class AlertContext(NamedTuple):
    """What every alert source is given: the day the dashboard shows and its moment."""

    today: date
    now: datetime


AlertSource = Callable[[SqlReader, AlertContext], list[Alert]]

UNBOOKED_SHOWN = 3


def unbooked_alerts(db: SqlReader, ctx: AlertContext) -> list[Alert]:
    """Patrols that have ended with people still not booked, until someone books them."""
    settled = (ctx.today - timedelta(days=2)).isoformat()
    days = store.planned_days_until(db, ctx.today.isoformat())
    if not days:
        return []
    now_text = to_utc_text(ctx.now)
    older = sum(n for day, n in days if day <= settled)
    people = older + store.unbooked_people(db, [d for d, _ in days if d > settled], now_text)
    if not people:
        return []
    shown = store.oldest_unbooked(db, [d for d, _ in days], now_text, UNBOOKED_SHOWN)
    alerts = [Alert("unbooked", f"{people} {'person' if people == 1 else 'people'} on patrols "
                    "that have ended are not booked yet: book their hours or a no-show")]
    for r in shown:
        starts = to_local(from_utc_text(r["start_utc"]))
        alerts.append(Alert("unbooked", f"Not booked: {r['area']} {starts:%a %d %b %H:%M} "
                            f"({r['people']} {'person' if r['people'] == 1 else 'people'})"))
    return alerts


BREACH_DAYS_BACK = 7


def breach_alerts(db: SqlReader, ctx: AlertContext) -> list[Alert]:
    """Working-time breaches from a week ago on: open ones (nobody has overridden them, e.g.
    after an opt-out was withdrawn) until the duties change, and overrides given for a
    change to someone's other duties (an edited patrol, a booking, an imported roster)."""
    alerts = []
    for b in store.breaches_from(db, to_utc_text(ctx.now - timedelta(days=BREACH_DAYS_BACK))):
        starts = to_local(from_utc_text(b["start_utc"]))
        where = f"{b['person']}, {b['area']} {starts:%a %d %b %H:%M}: {b['message']}"
        if b["override_reason"] is None:
            alerts.append(Alert("breach", f"Working-time breach, not overridden: {where}"))
        else:
            alerts.append(Alert("override", f"Working-time override: {where} ({b['override_reason']})"))
    return alerts


SYNC_CONFLICTS_SHOWN = 3


def sync_conflict_alerts(db: SqlReader, ctx: AlertContext) -> list[Alert]:
    """Conflicts syncs found that no supervisor has resolved yet (on every copy once synced)."""
    from hotspot_tui.store.sync_derived import open_conflicts_brief

    count, shown = open_conflicts_brief(db, SYNC_CONFLICTS_SHOWN)
    if not count:
        return []
    alerts = [Alert("sync", f"{count} sync {'conflict' if count == 1 else 'conflicts'} to resolve "
                    "(ctrl+p Sync, or `hotspot-tui sync conflicts`)")]
    alerts += [Alert("sync", f"Sync conflict: {r['message']}") for r in shown]
    return alerts


ALERT_SOURCES: list[AlertSource] = [sync_conflict_alerts, unbooked_alerts, breach_alerts]
"""Alerts read by their own queries, in the order shown after the money and cover alerts.
Add a source here to add a kind of alert."""


def moment_of(today: date) -> datetime:
    """The instant the dashboard treats as now: the real one, or as far back as the day
    it is shown for is behind the real day (a demo describing an earlier day)."""
    now = clock_utc.utc_now()
    behind = (to_local(now).date() - today).days
    return now - timedelta(days=behind) if behind > 0 else now


class Dashboard(NamedTuple):
    today: date
    name: str
    grant_pence: int
    starts_on: date
    ends_on: date
    to_date: Figures
    this_week: Figures
    areas: list[AreaRow]
    weekly_spend: list[tuple[date, int]]
    rate_per_day: Fraction
    runs_out_on: date | None
    forecast: list[calc.ForecastPoint]
    alerts: list[Alert]
    outcomes: dict[str, int]
    """The operation's arrests, stop_searches, weapons and asb_powers so far."""
    unspent_at_end_pence: int = 0
    """What the run rate leaves unspent on the end date (negative: it runs out first)."""
    elapsed_ms: float = 0.0

    @property
    def remaining_pence(self) -> int:
        f = self.to_date
        return calc.remaining(self.grant_pence, f.actual_pence, f.committed_pence, f.other_pence)

    @property
    def cost_per_hour_pence(self) -> int | None:
        return calc.ratio_pence(self.to_date.actual_pence, self.to_date.actual_minutes)

    @property
    def remaining_minutes(self) -> int | None:
        """Patrol minutes the remaining money buys at the cost per hour so far."""
        per_hour = self.cost_per_hour_pence
        if not per_hour:
            return None
        return max(0, self.remaining_pence) * 60 // per_hour


def _day(text: str) -> date:
    return date.fromisoformat(text)


def dashboard(session: Session, today: date | None = None) -> Dashboard:
    """Everything the dashboard shows, read in one go."""
    started = time.perf_counter()
    today = today or local_today()
    context = AlertContext(today, moment_of(today))
    week0 = calc.week_start(today)
    week1 = week0 + timedelta(days=7)
    week_start_utc = to_utc_text(local_to_utc(datetime.combine(week0, datetime.min.time())))
    week_end_utc = to_utc_text(local_to_utc(datetime.combine(week1, datetime.min.time())))
    with session.querying(mapped=True) as db:
        budget = store.budget_row(db)
        areas = store.areas_with_allocations(db)
        money = store.patrol_money_by_area(db)
        money_week = store.patrol_money_between(db, week0.isoformat(),
                                                (week1 - timedelta(days=1)).isoformat())
        worked_by_day = store.worked_pence_by_day(db)
        arrests = store.arrests_by_area(db)
        outcomes = store.outcome_totals(db)
        lines = store.spend_lines_by_day(db)
        gaps = store.cover_gaps(db, today.isoformat(),
                                (today + timedelta(days=COVER_DAYS - 1)).isoformat(), COVER_LIMIT)
        overrides = store.overrides_between(db, week_start_utc, week_end_utc)
        sourced = [alert for source in ALERT_SOURCES for alert in source(db, context)]
        overdue_count = time_off_store.count_overdue(db, today.isoformat(), cap=TIME_OFF_COUNT_CAP)
        overdue = time_off_store.overdue(db, today.isoformat(), limit=TIME_OFF_LIMIT) if overdue_count else []
    if budget is None:
        name, grant, starts_on, ends_on = "No budget set", 0, today, today + timedelta(days=365)
    else:
        name, grant = budget["name"], budget["grant_pence"]
        starts_on, ends_on = _day(budget["starts_on"]), _day(budget["ends_on"])

    per_area: dict[str, dict[str, int]] = {}
    total = dict.fromkeys(("cp", "ap", "op", "cm", "am", "pw"), 0)
    week = dict.fromkeys(("cp", "ap", "op", "cm", "am", "pw"), 0)
    daily_actual: dict[date, int] = {}

    def bump(target: dict[str, int], r: dict[str, int | str]) -> None:
        if r["status"] == "worked":
            target["ap"] += int(r["pence"])
            target["am"] += int(r["minutes"])
            target["pw"] += int(r["patrols"])
        else:
            target["cp"] += int(r["pence"])
            target["cm"] += int(r["minutes"])

    for r in money:
        bump(total, r)
        bump(per_area.setdefault(r["area_id"], dict.fromkeys(total, 0)), r)
    for r in money_week:
        bump(week, r)
    for text, pence in worked_by_day:
        day = _day(text)
        daily_actual[day] = daily_actual.get(day, 0) + pence
    for r in lines:
        day = _day(r["spent_on"])
        total["op"] += r["pence"]
        if r["area_id"]:
            per_area.setdefault(r["area_id"], dict.fromkeys(total, 0))["op"] += r["pence"]
        if week0 <= day < week1:
            week["op"] += r["pence"]
        daily_actual[day] = daily_actual.get(day, 0) + r["pence"]

    def figures(d: dict[str, int]) -> Figures:
        return Figures(d["cp"], d["ap"], d["op"], d["cm"], d["am"], d["pw"])

    to_date, this_week = figures(total), figures(week)
    rows = []
    for a in areas:
        d = per_area.get(a["id"], dict.fromkeys(total, 0))
        rows.append(AreaRow(a["id"], a["name"], a["allocation_pence"], d["cp"], d["ap"], d["op"],
                            d["am"], arrests.get(a["id"]) or 0))

    spent_so_far = {d: p for d, p in daily_actual.items() if d <= today}
    weekly = calc.by_week(spent_so_far.items())
    first = min([starts_on, *weekly]) if weekly else starts_on
    weekly_spend = [(w, weekly.get(w, 0)) for w in calc.weeks_from(first, min(today, ends_on))]
    rate = calc.run_rate_per_day(spent_so_far, today, starts_on)
    spent_to_date = sum(spent_so_far.values())
    money_left = grant - spent_to_date
    runs_out = calc.exhaustion_date(today, money_left, rate)
    horizon = max(ends_on, runs_out) if runs_out else ends_on
    forecast = calc.forecast_line(today, spent_to_date, rate, min(horizon, ends_on + timedelta(days=182)))

    alerts: list[Alert] = []
    for over in calc.over_allocation(r.money for r in rows):
        alerts.append(Alert("over_allocation",
                            f"{over.area} is {calc.pounds(over.over_pence)} over its allocation"))
    if calc.runs_out_early(runs_out, ends_on):
        alerts.append(Alert("runs_out", f"At the current rate the money runs out on "
                            f"{runs_out:%a %d %b %Y}, before the end date {ends_on:%d %b %Y}"))
    alerts.extend(sourced)
    for o in overrides:
        starts = to_local(from_utc_text(o["start_utc"]))
        alerts.append(Alert("override", f"Working-time override: {o['person']}, {o['area']} "
                            f"{starts:%a %d %b %H:%M} ({o['override_reason']})"))
    for gap in gaps:
        short = calc.cover_shortfall(
            {"officer": gap["need_officer"], "pcso": gap["need_pcso"], "ceo": gap["need_ceo"]},
            {"officer": gap["have_officer"], "pcso": gap["have_pcso"], "ceo": gap["have_ceo"]},
        )
        missing = ", ".join(f"{n} {_KIND[k]}{'s' if n > 1 else ''}" for k, n in short.items())
        starts = to_local(from_utc_text(gap["start_utc"]))
        alerts.append(Alert("cover", f"{gap['area']} {starts:%a %d %b %H:%M} is short of {missing}"))
    if len(gaps) >= COVER_LIMIT:
        alerts.append(Alert("cover", f"… at least {COVER_LIMIT} patrols in the next {COVER_DAYS} days "
                            "are short of people"))
    for owed in overdue:
        earned = _day(owed["for_date"])
        alerts.append(Alert("time_off", f"Time off overdue: {owed['name']}, "
                            f"{TIME_OFF_WORDS.get(owed['kind'], owed['kind'])} for {earned:%a %d %b}"
                            f" (due by {_day(owed['due_by']):%d %b})"))
    if overdue_count > len(overdue):
        more = overdue_count - len(overdue)
        many = f"at least {more:,}" if overdue_count >= TIME_OFF_COUNT_CAP else f"{more:,}"
        alerts.append(Alert("time_off", f"… {many} more overdue time off "
                            "(each person's page; hotspot-tui export time-off)"))
    return Dashboard(
        today=today, name=name, grant_pence=grant, starts_on=starts_on, ends_on=ends_on,
        to_date=to_date, this_week=this_week, areas=rows, weekly_spend=weekly_spend,
        rate_per_day=rate, runs_out_on=runs_out, forecast=forecast, alerts=alerts,
        outcomes=outcomes,
        unspent_at_end_pence=calc.unspent_at_end(today, money_left, rate, ends_on),
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )


_KIND = {"officer": "officer", "pcso": "PCSO", "ceo": "council officer"}
TIME_OFF_LIMIT = 3
"""Overdue time off named one by one in the alerts; the rest are counted."""
TIME_OFF_COUNT_CAP = 1_000
"""Overdue time off is counted up to this many ("at least …" beyond)."""
TIME_OFF_WORDS = {"replacement_rest_day": "replacement rest day", "day_in_lieu": "day off in lieu",
                  "pcso_time_off": "time off for a rest day worked"}
