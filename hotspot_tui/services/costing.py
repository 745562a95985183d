"""Costing: assignments → pay lines through the pay engine, and `cost_pence` kept equal to them.

The contract other views rely on: for every assignment, `assignments.cost_pence` equals the
sum of its current rows in `pay_lines` (none, and 0, for cancelled and no-show ones), and
`time_off_owed` holds the time off it earns. Worked assignments are costed from actual times
(basis ``worked``); planned ones from their planned times (basis ``estimate``).

Costing gathers facts and stores what the pay engine returns; the rules themselves (the
force week, the PCSO threshold across a week, casual occasions, rounding) are the
domain's `quote_duties`. Each duty is quoted with the person's pay facts and the pay rules
in force on the force date its start falls in (`services.pay_facts`, `rules_on`). A change
recosts the person's whole force week (or weeks), inside the caller's write transaction.
Lines carry the pay period of the patrol's local date, and the employer in force on the
duty's force date (`PayFacts.paid_as`): that decides whether a line is paid through the
force's payroll or billed on a council's recharge statement. A period exported final is locked:
its worked lines are what payroll was sent and are never rewritten. A duty of a locked
period is still costed again like any other (its `cost_pence` is what it costs now), and
the difference from what was already paid for it (its locked lines and adjustments paid
since) goes into the next open period as adjustment lines of that duty, worked out by
the domain (`domain.pay_adjustments`): nothing for a duty whose pay did not change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.calendar import day_start_utc, force_date, force_week_of
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text
from hotspot_tui.domain.pay import Duty, PayQuote, PricedDuty, QuoteMemo, quote_duties
from hotspot_tui.domain.pay_adjustments import PaidLine, adjustments
from hotspot_tui.domain.payroll import PayPeriod, PayrollSettings, period_for
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.services import collector, pay_rules
from hotspot_tui.services.pay_facts import PayFacts
from hotspot_tui.services.pay_rules import load_payroll_settings
from hotspot_tui.services.session import Session
from hotspot_tui.store import pay_lines as store
from hotspot_tui.store import summaries
from hotspot_tui.store import time_off as time_off_store
from hotspot_tui.store.database import write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database

LIVE = ("planned", "worked")
BATCH_LINES = 50_000
Progress = Callable[[str, int, int], None]

F = {name: i for i, name in enumerate(store.COSTING_FIELDS)}
_ID, _STAFF, _STATUS, _START, _END = F["id"], F["staff_id"], F["status"], F["start_utc"], F["end_utc"]
_TOLD_ON, _REST_DAY, _CASUAL, _STRAIGHT_ON = F["told_on"], F["rest_day"], F["casual"], F["straight_on"]
_LOCAL_DATE, _COST_CODE = F["local_date"], F["cost_code"]

ESTIMATE_PREFIX = "estimate from planned times: "
"""How the reason of a pay line costed from planned (not worked) times begins."""


def rules_on(db: Database, day: date) -> PayRules:
    """The pay rules in force on a force date (one-off; a costing pass reads the settings'
    timeline once and asks it per duty)."""
    return pay_rules.rules_on(pay_rules.load_timeline(db), day)


_LockedDuty = tuple[Sequence[Any], PayQuote | None, PayPeriod, str | None]
"""A duty of a locked period being costed again: its row, its new quote (None when it is
no longer live), its period, and the employer in force for it (None when not live)."""

Costed = tuple[
    list[str], list[tuple[Any, ...]], list[tuple[int, str]], list[PayPeriod], list[tuple[Any, ...]]
]
"""(assignment ids costed, pay line rows, (cost, id) pairs, periods, time-off rows)."""


class _Costing:
    """One costing pass: the facts and rules it reads, and the engine's memo of quotes."""

    def __init__(self, db: Database, facts: PayFacts) -> None:
        self.db = db
        self.facts = facts
        self.timeline = pay_rules.load_timeline(db)
        self.calendar = pay_rules.rules_on(self.timeline, pay_rules.force_today(self.timeline))
        """The rules whose calendar says which force day (and week) an instant is in: the
        calendar in force today (where a week starts is not expected to move)."""
        self.settings: PayrollSettings = load_payroll_settings(db)
        self.memo: QuoteMemo = {}
        locked = store.locked_periods(db)
        self.locked: set[str] = {period_id for period_id, _, _ in locked}
        self.adjusting: PayPeriod | None = (
            period_for(date.fromisoformat(max(ends_on for _, _, ends_on in locked)), self.settings)
            if locked else None)
        """The next open period: where adjustments for duties of locked periods are paid."""
        self._rules: dict[date, PayRules] = {}
        self._periods: dict[str, PayPeriod] = {}
        self._instants: dict[str, datetime] = {}

    def rules(self, day: date) -> PayRules:
        found = self._rules.get(day)
        if found is None:
            found = self._rules[day] = pay_rules.rules_on(self.timeline, day)
        return found

    def period(self, local_date: str) -> PayPeriod:
        found = self._periods.get(local_date)
        if found is None:
            found = self._periods[local_date] = period_for(date.fromisoformat(local_date), self.settings)
        return found

    def instant(self, text: str) -> datetime:
        found = self._instants.get(text)
        if found is None:
            if len(self._instants) > 200_000:
                self._instants.clear()
            found = self._instants[text] = from_utc_text(text)
        return found

    def week_of(self, text: str) -> date:
        return force_week_of(self.instant(text), self.calendar)

    def week_start_instant(self, week: date) -> datetime:
        cal = self.calendar.calendar
        return day_start_utc(week, cal.timezone, cal.day_starts)

    def priced(self, row: Sequence[Any]) -> tuple[PricedDuty, str]:
        """A live assignment row as a duty with the facts and rules in force at its start,
        and the employer in force then (whose payroll or statement its lines go on)."""
        start = self.instant(row[_START])
        day = force_date(start, self.calendar)
        worker, employer_id = self.facts.paid_as(row[_STAFF], day)
        officer = worker.kind == "officer"
        duty = Duty.model_construct(
            start=start, end=self.instant(row[_END]),
            told_on=date.fromisoformat(row[_TOLD_ON]) if row[_TOLD_ON] else None,
            rest_day=bool(row[_REST_DAY]) and worker.kind != "ceo",
            casual=bool(row[_CASUAL]) and officer, casual_occasion=1,
            straight_on=bool(row[_STRAIGHT_ON]) and officer,
        )
        return PricedDuty(duty, worker, self.rules(day)), employer_id

    def cost(self, rows: Sequence[Sequence[Any]], only_weeks: set[date] | None = None) -> Costed:
        """Lines, costs and time off for one person's assignments.

        `rows` must hold every assignment of the weeks being costed (any status), plus any
        live duty from the week before that may run into them. With `only_weeks`, only
        assignments whose duty starts in those force weeks are returned.
        """
        ids: list[str] = []
        costs: list[tuple[int, str]] = []
        live: list[Sequence[Any]] = []
        wanted: list[bool] = []
        locked: list[_LockedDuty] = []
        for row in rows:
            inside = only_weeks is None or self.week_of(row[_START]) in only_weeks
            if row[_STATUS] in LIVE:
                live.append(row)
                wanted.append(inside)
            elif inside:
                ids.append(row[_ID])
                costs.append((0, row[_ID]))
                if self.locked and (period := self.period(row[_LOCAL_DATE])).id in self.locked:
                    locked.append((row, None, period, None))
        priced = [self.priced(row) for row in live]
        quotes = quote_duties([duty for duty, _ in priced], self.memo)
        lines: list[tuple[Any, ...]] = []
        owed: list[tuple[Any, ...]] = []
        periods: dict[str, PayPeriod] = {}
        for row, (_, employer_id), quote, keep in zip(live, priced, quotes, wanted, strict=True):
            if not keep:
                continue
            period = self.period(row[_LOCAL_DATE])
            ids.append(row[_ID])
            costs.append((quote.total_pence, row[_ID]))
            if period.id in self.locked:
                locked.append((row, quote, period, employer_id))
                self._store_time_off(row, quote, period, owed)
                continue
            periods[period.id] = period
            self._store_rows(row, quote, period, employer_id, lines, owed)
        if locked:
            assert self.adjusting is not None
            before = len(lines)
            self._adjust(locked, lines)
            if len(lines) > before:  # the next open period is made only to hold adjustments
                periods[self.adjusting.id] = self.adjusting
        return ids, lines, costs, list(periods.values()), owed

    def _adjust(self, duties: list[_LockedDuty], lines: list[tuple[Any, ...]]) -> None:
        """Adjustment lines, in the next open period, for duties of locked periods: their
        new costing (none when cancelled) less what was already paid for them, each line
        charged to its employer (what an employer no longer in force for the duty was
        charged is taken back from it)."""
        assert self.adjusting is not None
        paid = store.paid_lines(self.db, [row[_ID] for row, _, _, _ in duties])
        for row, quote, period, employer_id in duties:
            before = [
                PaidLine(code, minutes, Fraction(rate), Fraction(multiplier), amount,
                         line_no if paid_in == period.id and corrects is None else None, billed_to)
                for paid_in, line_no, code, minutes, rate, multiplier, amount, corrects, billed_to
                in paid.get(row[_ID], ())
            ]
            basis = "estimate" if row[_STATUS] == "planned" else "worked"
            prefix = ESTIMATE_PREFIX if basis == "estimate" else ""
            due = adjustments(quote.lines if quote else [], before, period.id, employer_id)
            for line_no, line in enumerate(due):
                lines.append((
                    row[_ID], line_no, row[_STAFF], self.adjusting.id, row[_COST_CODE], row[_LOCAL_DATE],
                    basis, line.code, line.minutes, str(line.rate_pence), str(line.multiplier),
                    line.amount_pence, f"{prefix}{line.reason}", period.id, line.corrects_line,
                    line.employer,
                ))

    @staticmethod
    def _store_rows(row: Sequence[Any], quote: PayQuote, period: PayPeriod, employer_id: str,
                    lines: list[tuple[Any, ...]], owed: list[tuple[Any, ...]]) -> None:
        basis = "worked" if row[_STATUS] == "worked" else "estimate"
        prefix = "" if basis == "worked" else ESTIMATE_PREFIX
        for line_no, line in enumerate(quote.lines):
            lines.append((
                row[_ID], line_no, row[_STAFF], period.id, row[_COST_CODE], row[_LOCAL_DATE], basis,
                line.code, line.minutes, str(line.rate_pence), str(line.multiplier),
                line.amount_pence, f"{prefix}{line.reason}", None, None, employer_id,
            ))
        _Costing._store_time_off(row, quote, period, owed)

    @staticmethod
    def _store_time_off(row: Sequence[Any], quote: PayQuote, period: PayPeriod,
                        owed: list[tuple[Any, ...]]) -> None:
        basis = "worked" if row[_STATUS] == "worked" else "estimate"
        for item in quote.time_off:
            owed.append((row[_ID], item.kind, item.day.isoformat(), row[_STAFF], period.id, basis,
                         item.due_by.isoformat(), item.reason))


def _period_rows(periods: Iterable[PayPeriod]) -> list[tuple[str, str, str]]:
    return [(p.id, p.starts_on.isoformat(), p.ends_on.isoformat()) for p in periods]


def _as_instant(value: str | datetime) -> datetime:
    return from_utc_text(value) if isinstance(value, str) else value


def _write(db: Database, costed: Costed) -> None:
    ids, lines, costs, periods, owed = costed
    store.ensure_periods(db, _period_rows(periods))
    store.replace_lines(db, ids, lines, costs)
    time_off_store.replace_for(db, ids, owed)


def recost_for_change(db: Database, staff_id: str, start_utc: str | datetime,
                      end_utc: str | datetime) -> dict[str, int]:
    """Recost every force week of one person touched by [start, end) (give the widest span
    of the old and new times). Call inside the write transaction of the change; returns the
    new cost of each assignment recosted. Raises ValidationFailed, writing nothing, when
    the person's pay facts cannot pay a duty."""
    facts = PayFacts.load(db, [staff_id])
    if staff_id not in facts.people:
        return {}
    return _recost_span(db, _Costing(db, facts), staff_id, start_utc, end_utc)


def recost_many(db: Database, spans: Mapping[str, tuple[str | datetime, str | datetime]]) -> None:
    """`recost_for_change` for many people at once (a sync's changes): one costing pass, its
    rules, facts and memo of quotes read once for them all."""
    if not spans:
        return
    facts = PayFacts.load(db, sorted(spans))
    costing = _Costing(db, facts)
    for staff_id, (start_utc, end_utc) in sorted(spans.items()):
        if staff_id in facts.people:
            _recost_span(db, costing, staff_id, start_utc, end_utc)


def recost_assignments(db: Database, assignment_ids: Sequence[str]) -> None:
    """Cost some assignments again (with the force weeks of their people that they touch)."""
    spans = store.spans_by_person(db, assignment_ids)
    recost_many(db, {staff_id: span for staff_id, span in spans.items()})


def after_lock(db: Database, period_id: str) -> None:
    """Once a period is locked (inside the transaction that locks it): its worked lines are
    recorded as locked, and its estimates (duties never booked) move to the next open
    period, where booking them would pay them."""
    store.keep_locked(db, period_id)
    recost_assignments(db, store.estimated_in(db, period_id))


def take_locked_lines(db: Database, period_ids: Iterable[str]) -> set[str]:
    """Locks made on another copy of the operation have arrived: each period's worked lines
    become its recorded locked lines. Returns the assignments to cost again (against what
    was really sent): those whose lines here were different, and estimates left in it."""
    changed: set[str] = set()
    for period_id in sorted(set(period_ids)):
        changed.update(store.restore_locked(db, period_id))
    return changed


def _recost_span(db: Database, costing: _Costing, staff_id: str, start_utc: str | datetime,
                 end_utc: str | datetime) -> dict[str, int]:
    start, end = _as_instant(start_utc), _as_instant(end_utc)
    if end < start:
        start, end = end, start
    weeks: set[date] = set()
    week = force_week_of(start, costing.calendar)
    while week <= force_week_of(end, costing.calendar):
        weeks.add(week)
        week += timedelta(days=7)
    first = costing.week_start_instant(min(weeks)) - timedelta(days=2)
    last = costing.week_start_instant(max(weeks) + timedelta(days=7)) + timedelta(days=1)
    rows = store.duties_starting_between(db, staff_id, to_utc_text(first), to_utc_text(last))
    costed = costing.cost(rows, weeks)
    with write_transaction(db):
        _write(db, costed)
    return {assignment_id: cost for cost, assignment_id in costed[2]}


WeekBundle = list[tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]]]]
"""(staff id, the person's previous-week rows, this week's rows) for one force week."""


def _cost_bundle(costing: _Costing, week: date, bundle: WeekBundle) -> Costed:
    """Lines, changed costs, periods and time off for everyone's duties starting in one week."""
    lines: list[tuple[Any, ...]] = []
    costs: list[tuple[int, str]] = []
    owed: list[tuple[Any, ...]] = []
    periods: dict[str, PayPeriod] = {}
    boundary = to_utc_text(costing.week_start_instant(week))
    for _staff_id, context, rows in bundle:
        running_in = [r for r in context if r[_STATUS] in LIVE and r[_END] > boundary]
        _, got, new_costs, seen, time_off = costing.cost(running_in + rows, {week})
        current = {r[_ID]: r[F["cost_pence"]] for r in rows}
        lines.extend(got)
        owed.extend(time_off)
        costs.extend(c for c in new_costs if current[c[1]] != c[0])
        periods.update((p.id, p) for p in seen)
    return [], lines, costs, list(periods.values()), owed


def recost_all(db: Database, progress: Progress | None = None) -> int:
    """Recost every assignment from scratch in one transaction; returns lines written.

    One pass over assignments in start order (an index scan that reads the table nearly
    in order). Rows wait in per-week buckets; once the scan is two days past a force week's
    end, everyone's duties in that week are quoted (with the previous week's duties that
    run into it) and written with executemany. Memory holds a few weeks of assignments.
    Stops with ValidationFailed, writing nothing, at the first person whose pay facts
    cannot pay a duty. Locked periods whose lines are owed as sent (`take_owed_locked_lines`)
    take them first.
    """
    costing = _Costing(db, PayFacts.load(db))
    total = store.count_assignments(db)
    done = 0
    written = 0
    lines_batch: list[tuple[Any, ...]] = []
    costs_batch: list[tuple[int, str]] = []
    owed_batch: list[tuple[Any, ...]] = []
    period_ids: set[str] = set()
    pending: dict[date, dict[str, list[tuple[Any, ...]]]] = {}
    previous: dict[str, tuple[date, list[tuple[Any, ...]]]] = {}
    flushed_before: date | None = None
    redo: set[str] = set()
    margin = timedelta(days=2)

    def flush(force: bool = False) -> None:
        nonlocal written
        if lines_batch and (force or len(lines_batch) >= BATCH_LINES):
            store.insert_lines(db, lines_batch)
            written += len(lines_batch)
            lines_batch.clear()
        if costs_batch and (force or len(costs_batch) >= BATCH_LINES):
            store.set_costs(db, costs_batch)
            costs_batch.clear()
        if owed_batch and (force or len(owed_batch) >= BATCH_LINES):
            time_off_store.insert(db, owed_batch)
            owed_batch.clear()

    def take(result: Costed, count: int) -> None:
        nonlocal done
        _, lines, costs, periods, owed = result
        new = [p for p in periods if p.id not in period_ids]
        if new:
            store.ensure_periods(db, _period_rows(new))
            period_ids.update(p.id for p in new)
        lines_batch.extend(lines)
        costs_batch.extend(costs)
        owed_batch.extend(owed)
        done += count
        flush()
        if progress:
            progress("costing", done, total)

    def cost_week(week: date) -> None:
        bundle: WeekBundle = []
        count = 0
        for staff_id, rows in pending.pop(week).items():
            before = previous.get(staff_id)
            context = before[1] if before and before[0] == week - timedelta(days=7) else []
            previous[staff_id] = (week, rows)
            bundle.append((staff_id, context, rows))
            count += len(rows)
        take(_cost_bundle(costing, week, bundle), count)

    def due_text(week: date) -> str:
        return to_utc_text(costing.week_start_instant(week + timedelta(days=7)) + margin)

    with store.big_cache(db), write_transaction(db), summaries.suspended(db), collector.paused():
        owed = store.periods_to_take(db)
        take_locked_lines(db, owed)
        store.forget_periods_to_take(db, owed)
        store.delete_open_lines(db)
        time_off_store.forget_all(db)
        next_due = ""
        for row in store.iter_all_by_start(db):
            planned = row[-1]
            if pending and planned >= next_due:
                for week in sorted(pending):
                    if due_text(week) > planned:
                        break
                    cost_week(week)
                    flushed_before = week + timedelta(days=7)
                if pending:
                    next_due = due_text(min(pending))
            week = costing.week_of(row[_START])
            if flushed_before is not None and week < flushed_before:
                redo.add(row[_STAFF])  # started long before its planned time: redo the person
                continue
            if not pending or week < min(pending):
                next_due = due_text(week)
            pending.setdefault(week, {}).setdefault(row[_STAFF], []).append(row)
        for week in sorted(pending):
            cost_week(week)
        flush(force=True)
        for staff_id in sorted(redo):
            rows = store.duties_starting_between(db, staff_id, "0000", "9999")
            _write(db, costing.cost(rows))
        time_off_store.drop_unearned(db)
    return written


def refile_periods(db: Database, settings: PayrollSettings) -> None:
    """After the period settings change: move every line to its period under the new cut."""
    with write_transaction(db):
        dates = store.distinct_duty_dates(db)
        found = {d: period_for(date.fromisoformat(d), settings) for d in dates}
        store.ensure_periods(db, _period_rows(set(found.values())))
        store.move_dates_to_periods(db, [(p.id, d) for d, p in found.items()])
        store.drop_unused_open_periods(db)


def lines_for_assignment(db: Database, assignment_id: str) -> list[dict[str, Any]]:
    """Current pay lines of one assignment, with the exact rate and multiplier as Fractions."""
    rows = store.lines_for_assignment(db, assignment_id)
    for row in rows:
        row["rate"] = Fraction(row["rate"])
        row["multiplier"] = Fraction(row["multiplier"])
    return rows


def recost_row(db: Database, row: dict[str, Any], *also: datetime | str | None) -> dict[str, int]:
    """Recost the weeks of an assignment row (its planned and actual times, and any new
    times in `also`): the one call the assignment services make after a change."""
    instants = [
        _as_instant(v)
        for v in (row.get("start_utc"), row.get("end_utc"), row.get("actual_start_utc"),
                  row.get("actual_end_utc"), *also)
        if v
    ]
    return recost_for_change(db, row["staff_id"], min(instants), max(instants))


def ensure_costed(session: Session) -> bool:
    """Bring an upgraded file's pay up to date, once: cost a file from schema 1 (live
    assignments, no pay lines yet), and take as sent the lines of periods locked before
    schema 22 that had changed since they were sent (`take_owed_locked_lines`). True when
    there was something to do."""
    with session.reading() as db:
        if not store.needs_upkeep(db):
            return False
    with session.writing(Permission.UPKEEP) as db:
        if store.needs_first_costing(db):
            recost_all(db)
            return True
        return take_owed_locked_lines(db)


def take_owed_locked_lines(db: Database) -> bool:
    """Periods locked before schema 22 whose lines had changed since they were sent (noted
    by its migration, `store.schema_locked_lines`): their lines become their locked lines,
    what was sent, and the duties whose lines change are costed again, so what the version
    before would have paid at its next final export is paid as adjustment lines in the next
    open period. Call inside a write transaction; True when there was a period to take."""
    periods = store.periods_to_take(db)
    if not periods:
        return False
    recost_assignments(db, sorted(take_locked_lines(db, periods)))
    store.forget_periods_to_take(db, periods)
    return True


def recost_person(db: Database, staff_id: str, since_utc: str | datetime | None = None) -> dict[str, int]:
    """Recost a person's assignments from `since_utc` (all of them when None), e.g. after
    their pay facts change. Weeks in locked periods then pay the difference as adjustments,
    so pass the date the change takes effect."""
    rows = store.duties_starting_between(db, staff_id, "0000", "9999")
    if not rows:
        return {}
    first = _as_instant(since_utc) if since_utc else _as_instant(rows[0][_START])
    last = max(_as_instant(r[_END]) for r in rows)
    if first > last:
        return {}
    return recost_for_change(db, staff_id, first, last)
