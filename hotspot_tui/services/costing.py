"""Costing: assignments → pay lines through the pay engine, and `cost_pence` kept equal to them.

The contract other views rely on: for every assignment, `assignments.cost_pence` equals the
sum of its current rows in `pay_lines` (none, and 0, for cancelled and no-show ones).
Worked assignments are costed from actual times (basis ``worked``); planned ones from their
planned times (basis ``estimate``).

PCSO plain-time thresholds and officer casual occasions depend on the earlier duties in the
same force week, so a change recosts the person's whole force week (or weeks), inside the
caller's write transaction. Lines carry the pay period of the patrol's local date; a change
to a period already exported for payment simply changes the current lines, and the payroll
export pays the difference as an adjustment in the next open period (see
`hotspot_tui.services.payroll`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from hotspot_tui.domain.calendar import day_start_utc, force_week_of
from hotspot_tui.domain.clock import minutes_between
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text
from hotspot_tui.domain.pay import (
    Duty,
    PayQuote,
    RechargeRates,
    Worker,
    amount_pence,
    hourly_rate,
    quote_duty,
)
from hotspot_tui.domain.payroll import PayPeriod, PayrollSettings, period_for
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.pay_rules import load_payroll_settings, load_rules
from hotspot_tui.services.session import Session
from hotspot_tui.store import pay_lines as store
from hotspot_tui.store import staff as staff_store
from hotspot_tui.store import summaries
from hotspot_tui.store.database import write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database

LIVE = ("planned", "worked")
_MINUTE = timedelta(minutes=1)
BATCH_LINES = 50_000
Progress = Callable[[str, int, int], None]

F = {name: i for i, name in enumerate(store.COSTING_FIELDS)}
_ID, _STAFF, _STATUS, _START, _END = F["id"], F["staff_id"], F["status"], F["start_utc"], F["end_utc"]
_TOLD_ON, _REST_DAY, _CASUAL, _STRAIGHT_ON = F["told_on"], F["rest_day"], F["casual"], F["straight_on"]
_LOCAL_DATE, _COST_CODE = F["local_date"], F["cost_code"]

ESTIMATE_PREFIX = "estimate from planned times: "
"""How the reason of a pay line costed from planned (not worked) times begins."""


def _told_key(kind: str, rest_day: bool, told_on: str | None) -> str | None:
    """The notice date as far as pay *lines* depend on it (the key of reusable quotes).

    Notice changes an officer's rest-day line (premium or not, and the clear days in its
    reason); elsewhere it only changes time off owed, which is not a pay line. So quotes
    for PCSOs, council staff and officers' working-day duties are shared across notice
    dates (tests/payroll/test_costing_cache.py checks this against the engine).
    """
    return told_on if kind == "officer" and rest_day else None


def worker_from_person(person: dict[str, Any]) -> Worker:
    """A staff row (with its employer's rates) as the pay engine's `Worker`."""
    if person["kind"] == "ceo":
        rates = None
        if person.get("weekday_rate_pence") is not None:
            rates = RechargeRates(
                weekday_pence=person["weekday_rate_pence"],
                weekend_pence=person["weekend_rate_pence"] if person.get("weekend_rate_pence") is not None
                else person["weekday_rate_pence"],
                holiday_pence=person["holiday_rate_pence"] if person.get("holiday_rate_pence") is not None
                else person["weekday_rate_pence"],
            )
        return Worker(kind="ceo", recharge=rates, hourly_rate_pence=person.get("hourly_rate_pence"))
    annual = person["annual_salary_pence"] if person["pay_basis"] == "annual" else None
    return Worker(
        kind=person["kind"],
        rank=person.get("rank"),
        annual_salary_pence=annual,
        hourly_rate_pence=person.get("hourly_rate_pence") if annual is None else None,
        contracted_weekly_minutes=person.get("contracted_weekly_minutes") or None,
    )


def _normal_minutes(person: dict[str, Any]) -> int:
    """Normal weekly hours count towards a PCSO's plain-time threshold."""
    return int(person.get("contracted_weekly_minutes") or 0) if person["kind"] == "pcso" else 0


class _Coster:
    """Quotes person-weeks, remembering identical quotes (same pay facts, same duty)."""

    def __init__(self, rules: PayRules, settings: PayrollSettings) -> None:
        self.rules = rules
        self.settings = settings
        self.threshold = rules.pcso.plain_time_threshold_minutes
        self.cache: dict[tuple[Any, ...], tuple[tuple[Any, ...], ...]] = {}
        self.periods: dict[str, PayPeriod] = {}
        self.week_starts: dict[date, datetime] = {}
        self.shapes: dict[tuple[Any, ...], tuple[tuple[Any, ...], ...]] = {}
        self.rates: dict[tuple[Any, ...], tuple[Fraction, str]] = {}
        self.amounts: dict[tuple[str, str, int], int] = {}
        self.instants: dict[str, datetime] = {}
        self.weeks: dict[str, date] = {}

    def period(self, local_date: str) -> PayPeriod:
        found = self.periods.get(local_date)
        if found is None:
            found = self.periods[local_date] = period_for(date.fromisoformat(local_date), self.settings)
        return found

    def week_start_instant(self, week: date) -> datetime:
        found = self.week_starts.get(week)
        if found is None:
            cal = self.rules.calendar
            found = self.week_starts[week] = day_start_utc(week, cal.timezone, cal.day_starts)
        return found

    def instant(self, text: str) -> datetime:
        found = self.instants.get(text)
        if found is None:
            if len(self.instants) > 200_000:
                self.instants.clear()
            found = self.instants[text] = from_utc_text(text)
        return found

    def week_of(self, text: str) -> date:
        found = self.weeks.get(text)
        if found is None:
            if len(self.weeks) > 200_000:
                self.weeks.clear()
            found = self.weeks[text] = force_week_of(self.instant(text), self.rules)
        return found

    def _amount(self, rate: Fraction, rate_text: str, mult_text: str, minutes: int) -> int:
        key = (rate_text, mult_text, minutes)
        found = self.amounts.get(key)
        if found is None:
            found = self.amounts[key] = amount_pence(rate, Fraction(mult_text), minutes)
        return found

    def _quote(self, worker: Worker, worker_key: tuple[Any, ...], row: Sequence[Any],
               start: datetime, end: datetime, occasion: int, before: int) -> tuple[tuple[Any, ...], ...]:
        """Lines as (code, minutes, rate, multiplier, amount, reason) tuples.

        Officer and PCSO lines are paid at the person's own hourly rate, so a quote's shape
        (codes, minutes, multipliers, reasons) is shared by everyone of the same kind and
        rank on the same duty; only the amounts are worked out per rate. A quote whose lines
        do not all carry the person's rate (council rates, or any surprise) is kept whole.
        """
        casual = bool(row[_CASUAL]) and worker.kind == "officer"
        rest_day = bool(row[_REST_DAY])
        duty_key = (
            start, end, _told_key(worker.kind, rest_day, row[_TOLD_ON]), rest_day, casual,
            occasion if casual else 0, bool(row[_STRAIGHT_ON]),
            before if worker.kind == "pcso" else 0,
        )
        full_key = (worker_key, duty_key)
        found = self.cache.get(full_key)
        if found is not None:
            return found
        shared = worker.kind != "ceo"
        shape_key = (worker.kind, worker.rank, duty_key)
        if shared:
            shape = self.shapes.get(shape_key)
            if shape is not None:
                rate, rate_text = self.rate_of(worker, worker_key)
                found = tuple(
                    (code, minutes, rate_text, mult_text, self._amount(rate, rate_text, mult_text, minutes),
                     reason)
                    for code, minutes, mult_text, reason in shape
                )
                self._remember(full_key, found)
                return found
        if found is None:
            duty = Duty(
                start=start, end=end,
                told_on=date.fromisoformat(row[_TOLD_ON]) if row[_TOLD_ON] else None,
                rest_day=rest_day, casual=casual,
                casual_occasion=occasion if casual else 1, straight_on=bool(row[_STRAIGHT_ON]),
            )
            quote: PayQuote = quote_duty(worker, duty, self.rules,
                                         minutes_worked_this_week_before=duty_key[-1])
            found = tuple(
                (line.code, line.minutes, str(line.rate_pence), str(line.multiplier),
                 line.amount_pence, line.reason)
                for line in quote.lines
            )
            if len(self.shapes) > 100_000:
                self.shapes.clear()
            rate, _ = self.rate_of(worker, worker_key) if shared else (None, "")
            if shared and all(line.rate_pence == rate for line in quote.lines):
                self.shapes[shape_key] = tuple((c, m, mt, r) for c, m, _, mt, _, r in found)
            self._remember(full_key, found)
        return found

    def _remember(self, key: tuple[Any, ...], lines: tuple[tuple[Any, ...], ...]) -> None:
        if len(self.cache) > 100_000:
            self.cache.clear()
        self.cache[key] = lines

    def rate_of(self, worker: Worker, worker_key: tuple[Any, ...]) -> tuple[Fraction, str]:
        found = self.rates.get(worker_key)
        if found is None:
            rate = hourly_rate(worker, self.rules)
            found = self.rates[worker_key] = (rate, str(rate))
        return found

    def cost_person(
        self, person: dict[str, Any], worker: Worker, worker_key: tuple[Any, ...],
        rows: Sequence[Sequence[Any]], only_weeks: set[date] | None = None,
    ) -> tuple[list[str], list[tuple[Any, ...]], list[tuple[int, str]], list[PayPeriod]]:
        """Lines and costs for a person's assignments, week by week.

        `rows` must hold every assignment of the weeks being costed (any status), plus any
        live duty from the day before a week that may run into it. With `only_weeks`, only
        assignments whose duty starts in those force weeks are returned.
        """
        normal = _normal_minutes(person)
        ids: list[str] = []
        lines: list[tuple[Any, ...]] = []
        costs: list[tuple[int, str]] = []
        periods: dict[str, PayPeriod] = {}
        by_week: dict[date, list[tuple[datetime, datetime, Sequence[Any]]]] = {}
        for row in rows:
            start, end = self.instant(row[_START]), self.instant(row[_END])
            week = self.week_of(row[_START])
            if row[_STATUS] in LIVE:
                by_week.setdefault(week, []).append((start, end, row))
            elif only_weeks is None or week in only_weeks:
                ids.append(row[_ID])
                costs.append((0, row[_ID]))
        for week, duties in sorted(by_week.items()):
            if only_weeks is not None and week not in only_weeks:
                continue
            duties.sort(key=lambda item: (item[0], item[1]))
            week_from = self.week_start_instant(week)
            week_to = self.week_start_instant(week + timedelta(days=7))
            running = normal
            for start, end, _ in by_week.get(week - timedelta(days=7), ()):  # running into it
                if start < week_from < end:
                    running += minutes_between(week_from, end)
            occasion = 0
            for start, end, row in duties:
                if row[_CASUAL]:
                    occasion += 1
                before = min(running, self.threshold)
                quoted = self._quote(worker, worker_key, row, start, end, max(occasion, 1), before)
                period = self.period(row[_LOCAL_DATE])
                periods[period.id] = period
                basis = "worked" if row[_STATUS] == "worked" else "estimate"
                total = 0
                for line_no, (code, minutes, rate, mult, amount, reason) in enumerate(quoted):
                    lines.append((
                        row[_ID], line_no, row[_STAFF], period.id, row[_COST_CODE],
                        row[_LOCAL_DATE], basis, code, minutes, rate, mult, amount,
                        reason if basis == "worked" else f"{ESTIMATE_PREFIX}{reason}",
                    ))
                    total += amount
                ids.append(row[_ID])
                costs.append((total, row[_ID]))
                running += ((end if end < week_to else week_to) - start) // _MINUTE
        return ids, lines, costs, list(periods.values())


def _worker_key(worker: Worker) -> tuple[Any, ...]:
    r = worker.recharge
    return (
        worker.kind, worker.rank, worker.annual_salary_pence, worker.hourly_rate_pence,
        worker.contracted_weekly_minutes,
        (r.weekday_pence, r.weekend_pence, r.holiday_pence) if r else None,
    )


def _period_rows(periods: Iterable[PayPeriod]) -> list[tuple[str, str, str]]:
    return [(p.id, p.starts_on.isoformat(), p.ends_on.isoformat()) for p in periods]


def _as_instant(value: str | datetime) -> datetime:
    return from_utc_text(value) if isinstance(value, str) else value


def recost_for_change(db: Database, staff_id: str, start_utc: str | datetime,
                      end_utc: str | datetime) -> dict[str, int]:
    """Recost every force week of one person touched by [start, end) (give the widest span
    of the old and new times). Call inside the write transaction of the change; returns the
    new cost of each assignment recosted."""
    start, end = _as_instant(start_utc), _as_instant(end_utc)
    if end < start:
        start, end = end, start
    person = staff_store.get_person(db, staff_id)
    if person is None:
        return {}
    rules = load_rules(db)
    coster = _Coster(rules, load_payroll_settings(db))
    try:
        worker = worker_from_person(person)
    except ValueError as exc:
        raise ValidationFailed(f"cannot cost {person['name']}: {exc}") from None
    weeks: set[date] = set()
    week = force_week_of(start, rules)
    while week <= force_week_of(end, rules):
        weeks.add(week)
        week += timedelta(days=7)
    first = coster.week_start_instant(min(weeks)) - timedelta(days=2)
    last = coster.week_start_instant(max(weeks) + timedelta(days=7)) + timedelta(days=1)
    rows = store.duties_starting_between(db, staff_id, to_utc_text(first), to_utc_text(last))
    ids, lines, costs, periods = coster.cost_person(person, worker, _worker_key(worker), rows, weeks)
    with write_transaction(db):
        store.ensure_periods(db, _period_rows(periods))
        store.replace_lines(db, ids, lines, costs)
    return {assignment_id: cost for cost, assignment_id in costs}


WeekBundle = list[tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]]]]
"""(staff id, the person's previous-week rows, this week's rows) for one force week."""


def _cost_bundle(coster: _Coster, people: dict[str, dict[str, Any]],
                 workers: dict[str, tuple[Worker, tuple[Any, ...]]], week: date,
                 bundle: WeekBundle) -> tuple[list[tuple[Any, ...]], list[tuple[int, str]], list[PayPeriod]]:
    """Lines, changed costs and periods for every person's duties starting in one week."""
    lines: list[tuple[Any, ...]] = []
    costs: list[tuple[int, str]] = []
    periods: dict[str, PayPeriod] = {}
    for staff_id, context, rows in bundle:
        found = workers.get(staff_id)
        if found is None:
            costs.extend((0, r[_ID]) for r in rows if r[F["cost_pence"]])
            continue
        _, got, new_costs, seen = coster.cost_person(people[staff_id], found[0], found[1],
                                                     context + rows, {week})
        current = {r[_ID]: r[F["cost_pence"]] for r in rows}
        lines.extend(got)
        costs.extend(c for c in new_costs if current[c[1]] != c[0])
        periods.update((p.id, p) for p in seen)
    return lines, costs, list(periods.values())


def recost_all(db: Database, progress: Progress | None = None) -> int:
    """Recost every assignment from scratch in one transaction; returns lines written.

    One pass over assignments in start order (an index scan that reads the table nearly
    in order). Rows wait in per-week buckets; once the scan is two days past a force week's
    end, everyone's duties in that week are quoted (with the previous week's duties, for
    PCSO minutes that run over the boundary) and written with executemany. Identical
    quotes are reused. Memory holds a few weeks of assignments.
    """
    rules = load_rules(db)
    coster = _Coster(rules, load_payroll_settings(db))
    people = {p["id"]: p for p in store.staff_for_costing(db)}
    workers: dict[str, tuple[Worker, tuple[Any, ...]]] = {}
    for staff_id, person in people.items():
        try:
            worker = worker_from_person(person)
        except ValueError:
            continue
        workers[staff_id] = (worker, _worker_key(worker))
    total = store.count_assignments(db)
    done = 0
    written = 0
    lines_batch: list[tuple[Any, ...]] = []
    costs_batch: list[tuple[int, str]] = []
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

    def take(result: tuple[Any, ...], count: int) -> None:
        nonlocal done
        lines, costs, periods = result
        new = [p for p in periods if p.id not in period_ids]
        if new:
            store.ensure_periods(db, _period_rows(new))
            period_ids.update(p.id for p in new)
        lines_batch.extend(lines)
        costs_batch.extend(costs)
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
        take(_cost_bundle(coster, people, workers, week, bundle), count)

    with store.big_cache(db), write_transaction(db), summaries.suspended(db):
        store.delete_all_lines(db)
        next_due = ""
        for row in store.iter_all_by_start(db):
            planned = row[-1]
            if pending and planned >= next_due:
                for week in sorted(pending):
                    due = to_utc_text(coster.week_start_instant(week + timedelta(days=7)) + margin)
                    if due > planned:
                        break
                    cost_week(week)
                    flushed_before = week + timedelta(days=7)
                if pending:
                    first = min(pending)
                    next_due = to_utc_text(coster.week_start_instant(first + timedelta(days=7)) + margin)
            week = coster.week_of(row[_START])
            if flushed_before is not None and week < flushed_before:
                redo.add(row[_STAFF])  # started long before its planned time: redo the person
                continue
            if not pending or week < min(pending):
                next_due = to_utc_text(coster.week_start_instant(week + timedelta(days=7)) + margin)
            pending.setdefault(week, {}).setdefault(row[_STAFF], []).append(row)
        for week in sorted(pending):
            cost_week(week)
        flush(force=True)
        for staff_id in sorted(redo):
            _recost_person_everything(db, coster, people[staff_id], workers.get(staff_id))
    return written


def _recost_person_everything(db: Database, coster: _Coster, person: dict[str, Any],
                              worker: tuple[Worker, tuple[Any, ...]] | None) -> None:
    rows = store.duties_starting_between(db, person["id"], "0000", "9999")
    if worker is None:
        store.replace_lines(db, [r[_ID] for r in rows], [], [(0, r[_ID]) for r in rows])
        return
    ids, lines, costs, periods = coster.cost_person(person, worker[0], worker[1], rows)
    store.ensure_periods(db, _period_rows(periods))
    store.replace_lines(db, ids, lines, costs)


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
    """Cost a file upgraded from schema 1 (live assignments, no pay lines yet) once."""
    with session.reading() as db:
        if not store.needs_first_costing(db):
            return False
    with session.writing() as db:
        if store.needs_first_costing(db):
            recost_all(db)
            return True
    return False


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
