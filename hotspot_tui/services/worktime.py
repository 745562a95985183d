"""Working time, person by person: the facts the checks need (patrols and normal duties,
each week's working minutes, the opt-out), the checks of one duty, and the re-check that
follows every change.

`recheck` runs inside the write transaction of a change to someone's duties (assigning,
taking off, booking, editing or moving a patrol, importing their roster, an opt-out). It
evaluates every live patrol assignment of theirs the change can affect — every rule for
those within 15 days of it, the averages for those within a reference period of it — and
makes `working_time_breaches` say exactly what the checks now find. A breach the change
brings that was not there before is refused unless the supervisor gave a reason to
override it; the reason is kept with the breach and in the audit trail.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock import local_to_utc, to_local_naive
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text, utc_now_text
from hotspot_tui.domain.dates import week_start
from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.normal_duties import TYPE_LABELS, follows_a_tour
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.domain.working_time import (
    AVERAGE_RULES,
    NEAR,
    Interval,
    Violation,
    WeekAverages,
    average_violations,
    check_duty,
    nearby_span,
    timeline_violations,
)
from hotspot_tui.errors import NotFound, RuleViolation, ValidationFailed
from hotspot_tui.services.rules_source import rules_for
from hotspot_tui.services.session import Session
from hotspot_tui.store import assignments as assignment_store
from hotspot_tui.store import audit, staff
from hotspot_tui.store import worktime as store

if TYPE_CHECKING:
    from sqlite_utils import Database

Row = TypeVar("Row")

FULL_REACH = timedelta(days=15)
"""A change can alter every rule of the duties this close to it (rests look 14 days out)."""


def opt_out_row_on(history: Iterable[dict[str, Any]], day: date) -> dict[str, Any] | None:
    """The row of a person's opt-out history (in the order it takes effect) in force on
    `day`: the last one taking effect on or before it (None: they never signed by then)."""
    found = None
    for row in history:
        if row["effective_from"] <= day.isoformat():
            found = row
    return found


def opted_out_on(history: Iterable[dict[str, Any]], day: date) -> bool:
    """Whether the person had opted out of the 48-hour average on `day`."""
    row = opt_out_row_on(history, day)
    return bool(row and row["opted_out"])


@dataclass
class Facts:
    """One person's duties around a span, as the checks need them."""

    staff_id: str
    name: str
    kind: str
    contracted: int
    rules: PayRules
    history: list[dict[str, Any]]
    patrols: list[dict[str, Any]]
    """Live patrol assignments in reach, in start order (with parsed `start`/`end`/`week`)."""
    tours: list[Interval]
    rest_days: set[str]
    covered_days: set[str]
    patrol_weeks: dict[date, int]
    normal_weeks: dict[date, tuple[int, int, int]]
    intervals: list[tuple[datetime, str | None, Interval]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Intervals from the store are built without validation: their instants are UTC
        # and ordered by the schema's own checks.
        items: list[tuple[datetime, str | None, Interval]] = [
            (iv.start, None, iv) for iv in self.tours]
        for p in self.patrols:
            items.append((p["start"], p["id"], Interval.model_construct(
                start=p["start"], end=p["end"], label=f"patrol in {p['area']}",
                break_minutes=p["break_minutes"] or 0)))
        items.sort(key=lambda t: t[0])
        self.intervals = items
        self._starts = [t[0] for t in items]
        self._nights: dict[date, bool] = {}
        self._week_keys: list[date] = []
        self._week_sums: list[tuple[int, int]] = []

    def nearby(self, start: datetime, end: datetime, exclude: str | None) -> list[Interval]:
        near_lo, near_hi = nearby_span(start, end)
        lo, hi = bisect_left(self._starts, near_lo), bisect_left(self._starts, near_hi)
        return [iv for _, ident, iv in self.intervals[lo:hi]
                if ident is None or ident != exclude]

    def week_minutes(self, week: date) -> int:
        normal = self.normal_weeks.get(week)
        return self.patrol_weeks.get(week, 0) + (normal[0] if normal else self.contracted)

    def weekly(self, exclude_week: date | None = None, exclude_minutes: int = 0) -> Mapping[date, int]:
        """Each week's working minutes (weeks without any, contracted hours or none), with
        `exclude_minutes` taken out of `exclude_week`."""
        return _Weeks(self, exclude_week, exclude_minutes)

    def night_worker(self, around: date) -> bool:
        found = self._nights.get(around)
        if found is None:
            found = self._nights[around] = self._night_worker(around)
        return found

    def _night_worker(self, around: date) -> bool:
        """Whether night duties are the rules' share of the normal duties in the weeks of
        every reference period holding `around` (sums over the weeks, kept as running
        totals: every patrol's week asks)."""
        if not self.normal_weeks:
            return False
        if not self._week_sums:
            self._week_keys = sorted(self.normal_weeks)
            self._week_sums = [(0, 0)]
            for week in self._week_keys:
                duties, nights = self._week_sums[-1]
                row = self.normal_weeks[week]
                self._week_sums.append((duties + row[1], nights + row[2]))
        wt = self.rules.working_time
        reach = timedelta(weeks=wt.reference_weeks - 1)
        lo = bisect_left(self._week_keys, around - reach)
        hi = bisect_right(self._week_keys, around + reach)
        duties = self._week_sums[hi][0] - self._week_sums[lo][0]
        nights = self._week_sums[hi][1] - self._week_sums[lo][1]
        return nights > 0 and nights * 100 >= wt.night_worker_share * duties


class _Weeks(Mapping[date, int]):
    """A person's working minutes by week (its Monday), read on demand, with one duty's
    minutes taken out of its week (a check reads 33 weeks; building a dict each time cost
    more than the check)."""

    def __init__(self, facts: Facts, exclude_week: date | None, exclude: int) -> None:
        self.facts, self.exclude_week, self.exclude = facts, exclude_week, exclude

    def __getitem__(self, week: date) -> int:
        value = self.facts.week_minutes(week)
        return value - self.exclude if week == self.exclude_week else value

    def get(self, week: date, default: Any = None) -> int:  # every week has a value
        value = self.facts.week_minutes(week)
        return value - self.exclude if week == self.exclude_week else value

    def __iter__(self):
        return iter(sorted(set(self.facts.patrol_weeks) | set(self.facts.normal_weeks)))

    def __len__(self) -> int:
        return len(set(self.facts.patrol_weeks) | set(self.facts.normal_weeks))


def load_facts(db: Database, staff_id: str, lo: datetime, hi: datetime,
               rules: PayRules | None = None) -> Facts | None:
    """What the checks need to evaluate this person's duties starting in [lo, hi): their
    duties to 15 days either side, and weekly minutes to two reference periods either side."""
    person = staff.get_person(db, staff_id)
    if person is None:
        return None
    return load_facts_many(db, [person], lo, hi, rules)[staff_id]


def load_facts_many(db: Database, people: list[dict[str, Any]], lo: datetime, hi: datetime,
                    rules: PayRules | None = None, *, proposal_only: bool = False) -> dict[str, Facts]:
    """`load_facts` for several people (rows with id, name, kind and
    contracted_weekly_minutes) in a fixed number of queries. With `proposal_only` the
    weeks are read for checking a duty in [lo, hi) alone (one reference period either
    side), not the duties around it too."""
    rules = rules or rules_for(db)
    weeks = rules.working_time.reference_weeks
    span = weeks if proposal_only else 2 * weeks
    tz = rules.calendar.timezone
    ids = [p["id"] for p in people]
    first_week = (week_start(to_local_naive(lo, tz).date()) - timedelta(weeks=span)).isoformat()
    last_week = (week_start(to_local_naive(hi, tz).date()) + timedelta(weeks=span)).isoformat()
    reach_lo = to_utc_text(lo - NEAR - timedelta(days=2))
    reach_hi = to_utc_text(hi + NEAR + timedelta(days=1))
    patrols: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for p in store.patrols_of(db, ids, reach_lo, reach_hi):
        patrols[p["staff_id"]].append(p)
    duties: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for d in store.normal_duties_of(db, ids, reach_lo, reach_hi):
        duties[d["staff_id"]].append(d)
    histories = store.opt_outs_of(db, ids)
    patrol_weeks = store.patrol_weeks_of(db, ids, first_week, last_week)
    normal_weeks = store.normal_weeks_of(db, ids, first_week, last_week)
    return {
        p["id"]: _facts_of(p, rules, patrols[p["id"]], duties[p["id"]], histories.get(p["id"], []),
                           patrol_weeks.get(p["id"], {}).items(), normal_weeks.get(p["id"], {}).items())
        for p in people
    }


def facts_of_everyone(db: Database, rules: PayRules) -> Iterator[Facts]:
    """The facts of everyone with a live patrol, over all their duties, person by person:
    each table is read once, in person order, as the person's facts are wanted."""
    patrols = _by_person(store.every_patrol(db), lambda row: row["staff_id"])
    duties = _by_person(store.every_normal_duty(db), lambda row: row["staff_id"])
    patrol_weeks = _by_person(store.every_patrol_week(db), lambda row: row[0])
    normal_weeks = _by_person(store.every_normal_week(db), lambda row: row[0])
    histories = store.every_opt_out(db)
    for person in store.people_to_check(db):
        sid = person["id"]
        yield _facts_of(person, rules, patrols(sid), duties(sid), histories.get(sid, []),
                        ((w, m) for _, w, m in patrol_weeks(sid)),
                        ((w, (m, n, k)) for _, w, m, n, k in normal_weeks(sid)))


def _by_person(rows: Iterator[Row], staff_of: Callable[[Row], str]) -> Callable[[str], list[Row]]:
    """Rows in person order, taken a person at a time: the function gives the rows of the
    person asked for, who must be asked for in the same order (people without rows
    included, none left out)."""
    pending: list[Row] = []

    def of(staff_id: str) -> list[Row]:
        found: list[Row] = []
        if pending:
            if staff_of(pending[0]) != staff_id:
                return found
            found.append(pending.pop())
        for row in rows:
            if staff_of(row) != staff_id:
                pending.append(row)
                break
            found.append(row)
        return found

    return of


@lru_cache(maxsize=4096)
def _week_of(local_date: str) -> date:
    """The Monday of a patrol's day (asked for every patrol a full check reads)."""
    return week_start(date.fromisoformat(local_date))


def _facts_of(person: dict[str, Any], rules: PayRules, patrol_rows: Iterable[dict[str, Any]],
              duty_rows: Iterable[dict[str, Any]], history: list[dict[str, Any]],
              patrol_weeks: Iterable[tuple[str, int]],
              normal_weeks: Iterable[tuple[str, tuple[int, int, int]]]) -> Facts:
    """One person's facts from the store's rows: patrols (`store.patrols_of`) and normal
    duties in start order, opt-out history, and weeks' minutes (by week text)."""
    wt = rules.working_time
    patrols = []
    for p in patrol_rows:
        p["start"], p["end"] = from_utc_text(p["start_utc"]), from_utc_text(p["end_utc"])
        p["week"] = _week_of(p["local_date"])
        patrols.append(p)
    tours: list[Interval] = []
    rests: set[str] = set()
    covered: set[str] = set()
    for d in duty_rows:
        covered.add(d["local_date"])
        if d["duty_type"] == "rest_day":
            rests.add(d["local_date"])
        if d["minutes"]:
            tours.append(Interval.model_construct(
                start=from_utc_text(d["start_utc"]), end=from_utc_text(d["end_utc"]),
                label=TYPE_LABELS[d["duty_type"]],
                break_minutes=wt.break_minutes if d["minutes"] > wt.break_after_minutes else 0))
    return Facts(
        staff_id=person["id"], name=person["name"], kind=person["kind"],
        contracted=int(person["contracted_weekly_minutes"] or 0), rules=rules, history=history,
        patrols=patrols, tours=tours, rest_days=rests, covered_days=covered,
        patrol_weeks={date.fromisoformat(w): m for w, m in patrol_weeks},
        normal_weeks={date.fromisoformat(w): (int(v[0]), int(v[1]), int(v[2])) for w, v in normal_weeks},
    )


def check_proposal(facts: Facts, start: datetime, end: datetime, day: date, *,
                   break_minutes: int = 0, exclude: str | None = None,
                   exclude_minutes: int = 0, exclude_week: date | None = None) -> list[Violation]:
    """Every rule a duty [start, end) on local `day` would break, against everything else
    the person does (leaving out the assignment `exclude`, whose minutes count in
    `exclude_week`)."""
    week = week_start(day)
    weekly = facts.weekly(exclude_week, exclude_minutes)
    return check_duty(
        Interval(start=start, end=end), facts.nearby(start, end, exclude), facts.rules,
        break_minutes=break_minutes, weekly=weekly, week=week,
        opted_out=opted_out_on(facts.history, day), night_worker=facts.night_worker(week),
    )


def _evaluate(facts: Facts, p: dict[str, Any]) -> dict[str, str]:
    found = check_proposal(facts, p["start"], p["end"], date.fromisoformat(p["local_date"]),
                           break_minutes=p["break_minutes"] or 0, exclude=p["id"],
                           exclude_minutes=p["minutes"], exclude_week=p["week"])
    return {v.rule: v.message for v in found if v.severity == "error"}


def _evaluate_averages(facts: Facts, p: dict[str, Any],
                       seen: dict[tuple[date, bool, bool], dict[str, str]]) -> dict[str, str]:
    """The averages of a patrol away from the change: they depend only on its week's
    reference periods (its own minutes count in them either way), so each week is worked
    out once."""
    day = date.fromisoformat(p["local_date"])
    key = (p["week"], opted_out_on(facts.history, day), facts.night_worker(p["week"]))
    found = seen.get(key)
    if found is None:
        weekly = facts.weekly(p["week"], exclude_minutes=p["minutes"])
        found = seen[key] = {v.rule: v.message for v in average_violations(
            p["week"], p["minutes"], weekly, facts.rules, opted_out=key[1], night_worker=key[2])
            if v.severity == "error"}
    return found


def evaluate_all(facts: Facts, lo: datetime, hi: datetime) -> dict[str, dict[str, str]]:
    """Assignment id → {rule: message} of every error for the live patrols starting in
    [lo, hi) (the from-scratch evaluation)."""
    return {p["id"]: _evaluate(facts, p) for p in facts.patrols if lo <= p["start"] < hi}


def evaluate_timeline(facts: Facts) -> dict[str, dict[str, str]]:
    """`evaluate_all` of every live patrol in `facts`, in one pass over the person's duties
    (`timeline_violations` answers as each patrol's own check does); each week's averages
    are worked out once (`WeekAverages`)."""
    duties = [iv for _, _, iv in facts.intervals]
    owners = [ident for _, ident, _ in facts.intervals]
    by_id = {p["id"]: p for p in facts.patrols}
    weeks = WeekAverages.of_weeks([p["week"] for p in facts.patrols], facts.weekly(), facts.rules)
    seen: dict[tuple[date, int, bool, bool], list[Violation]] = {}

    def averages(j: int) -> list[Violation]:
        p = by_id[owners[j]]
        week = p["week"]
        opted = bool(facts.history) and opted_out_on(facts.history, date.fromisoformat(p["local_date"]))
        key = (week, duties[j].minutes - p["minutes"], opted, facts.night_worker(week))
        found = seen.get(key)
        if found is None:
            found = seen[key] = weeks[week].violations(key[1], opted_out=opted, night_worker=key[3])
        return found

    targets = [j for j, ident in enumerate(owners) if ident is not None]
    return {by_id[owners[j]]["id"]: {v.rule: v.message for v in found if v.severity == "error"}
            for j, found in timeline_violations(duties, targets, facts.rules, averages).items()}


@dataclass(frozen=True)
class NewBreach:
    assignment_id: str
    rule: str
    message: str
    where: str


def recheck(db: Database, staff_id: str, lo: datetime, hi: datetime, *, actor: str,
            override: str | None = None, allow_new: bool = False, cause: str = "") -> list[NewBreach]:
    """Re-run the checks for everyone's duties a change to this person's duties in [lo, hi)
    can affect, and keep `working_time_breaches` equal to what they find.

    A breach not there before is refused (RuleViolation, the caller's transaction rolls
    back) unless `override` gives a reason, which it is kept with, or `allow_new` (a change
    the supervisor cannot refuse, such as an opt-out withdrawn: the breach stays open)."""
    rules = rules_for(db)
    weeks = timedelta(weeks=rules.working_time.reference_weeks + 1)
    full_lo, full_hi = lo - FULL_REACH, hi + FULL_REACH
    facts = load_facts(db, staff_id, full_lo, full_hi, rules)
    if facts is None:
        return []
    averages = store.patrols_between(db, staff_id, to_utc_text(lo - weeks), to_utc_text(hi + weeks))
    stored: dict[tuple[str, str], dict[str, Any]] = {
        (b["assignment_id"], b["rule"]): b
        for b in store.breaches_between(db, staff_id, to_utc_text(lo - weeks - FULL_REACH),
                                        to_utc_text(hi + weeks + FULL_REACH))}
    full_ids = {p["id"] for p in facts.patrols if full_lo <= p["start"] < full_hi}
    live = {p["id"] for p in averages} | {p["id"] for p in facts.patrols}
    found: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    checked: set[tuple[str, str | None]] = set()
    by_id = {p["id"]: p for p in facts.patrols}
    weeks_seen: dict[tuple[date, bool, bool], dict[str, str]] = {}
    for p in facts.patrols:
        if p["id"] in full_ids:
            for rule, message in _evaluate(facts, p).items():
                found[(p["id"], rule)] = (message, p)
            checked.add((p["id"], None))
    for p in averages:
        if p["id"] in full_ids:
            continue
        p["start"], p["end"] = from_utc_text(p["start_utc"]), from_utc_text(p["end_utc"])
        p["week"] = week_start(date.fromisoformat(p["local_date"]))
        by_id[p["id"]] = p
        for rule, message in _evaluate_averages(facts, p, weeks_seen).items():
            found[(p["id"], rule)] = (message, p)
        checked.update((p["id"], rule) for rule in AVERAGE_RULES)
    now = utc_now_text()
    for key in stored:
        aid, rule = key
        in_scope = aid not in live or (aid, None) in checked or key in checked
        if in_scope and key not in found:
            store.drop_breach(db, aid, rule)
    new: list[NewBreach] = []
    tz = rules.calendar.timezone
    for (aid, rule), (message, p) in found.items():
        if (aid, rule) in stored:
            if stored[(aid, rule)]["message"] != message:
                store.put_breach(db, _breach_row(aid, rule, staff_id, p, message, None, now))
            continue
        where = f"{p['area']} {to_local_naive(p['start'], tz):%a %d %b %H:%M}"
        new.append(NewBreach(aid, rule, message, where))
    if new and not override and not allow_new:
        first = new[0]
        raise RuleViolation(f"{facts.name}, patrol in {first.where}: {first.message}; "
                            "give a reason to override")
    for b in new:
        p = by_id[b.assignment_id]
        store.put_breach(db, _breach_row(b.assignment_id, b.rule, staff_id, p, b.message, override, now))
        audit.append(db, actor=actor, action="breach.override" if override else "breach.found",
                     entity="assignment", entity_id=b.assignment_id, shift_id=p["shift_id"],
                     staff_id=staff_id, reason=override,
                     details={"rule": b.rule, "message": b.message, "cause": cause})
    _derive_flags(db, facts, full_ids, actor)
    return new


def _breach_row(aid: str, rule: str, staff_id: str, p: dict[str, Any], message: str,
                override: str | None, now: str) -> dict[str, Any]:
    return {"assignment_id": aid, "rule": rule, "staff_id": staff_id,
            "start_utc": p["planned_start_utc"], "message": message,
            "override_reason": override, "found_at": now}


def _derive_flags(db: Database, facts: Facts, ids: set[str], actor: str) -> None:
    """Rest days and straight-on from the person's roster: a patrol on a rostered rest day
    is a rest day worked (told on the day the person was put on it, unless known); one that
    starts as a tour ends runs straight on. Only where the roster covers the day."""
    from hotspot_tui.services import costing

    tour_ends = [iv.end for iv in facts.tours]
    for p in facts.patrols:
        if p["id"] not in ids or p["local_date"] not in facts.covered_days:
            continue
        changes: dict[str, Any] = {}
        rest = int(facts.kind == "officer" and p["local_date"] in facts.rest_days)
        if rest != p["rest_day"]:
            changes["rest_day"] = rest
            if rest and not p["told_on"]:
                changes["told_on"] = to_local_naive(from_utc_text(p["created_at"])).date().isoformat()
        straight = int(follows_a_tour(p["start"], tour_ends))
        if straight != p["straight_on"]:
            changes["straight_on"] = straight
        if changes:
            assignment_store.update_assignment(db, p["id"], {**changes, "updated_at": utc_now_text()})
            audit.append(db, actor=actor, action="assignment.roster", entity="assignment",
                         entity_id=p["id"], shift_id=p["shift_id"], staff_id=facts.staff_id,
                         details={"from_roster": changes})
            row = assignment_store.get_assignment(db, p["id"])
            if row is not None:
                costing.recost_row(db, row)


def baseline_span(db: Database, staff_id: str, *instants: str | datetime | None, actor: str) -> None:
    """Before a change: record any breach already there that the table does not hold yet
    (a file filled in bulk, or upgraded from before the checks were kept), so that only
    what the change itself brings counts as new. Nothing is written when the table is
    already exact."""
    recheck_span(db, staff_id, *instants, actor=actor, allow_new=True, cause="found before a change")


def recheck_span(db: Database, staff_id: str, *instants: str | datetime | None, actor: str,
                 override: str | None = None, allow_new: bool = False, cause: str = "") -> list[NewBreach]:
    """`recheck` over the span of the given instants (old and new times of a change)."""
    found = [from_utc_text(i) if isinstance(i, str) else i for i in instants if i]
    return recheck(db, staff_id, min(found), max(found), actor=actor, override=override,
                   allow_new=allow_new, cause=cause)


# --- the 48-hour opt-out ------------------------------------------------------------------

@dataclass(frozen=True)
class OptOut:
    opted_out: bool
    since: date | None
    """The date the current state took effect (None: never opted out)."""


def opt_out_on(session: Session, staff_id: str, day: date) -> OptOut:
    with session.reading() as db:
        history = store.opt_outs(db, staff_id)
    row = opt_out_row_on(history, day)
    if row is None:
        return OptOut(False, None)
    return OptOut(bool(row["opted_out"]), date.fromisoformat(row["effective_from"]))


@dataclass(frozen=True)
class OptedOutPerson:
    """Someone whose 48-hour opt-out is in force on a day, and what was recorded."""

    staff_id: str
    name: str
    payroll_number: str
    active: bool
    since: date
    reason: str | None
    recorded_at: str
    recorded_by: str


def opted_out_people(session: Session, day: date) -> list[OptedOutPerson]:
    """Everyone whose 48-hour opt-out is in force on `day`, by name."""
    with session.reading() as db:
        rows = store.opt_outs_with_people(db, day.isoformat())
    histories: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        histories.setdefault(row["staff_id"], []).append(row)
    found = []
    for history in histories.values():
        in_force = opt_out_row_on(history, day)
        if in_force and in_force["opted_out"]:
            found.append(OptedOutPerson(
                in_force["staff_id"], in_force["name"], in_force["payroll_number"],
                bool(in_force["active"]), date.fromisoformat(in_force["effective_from"]),
                in_force["reason"], in_force["recorded_at"], in_force["recorded_by"]))
    return found


def set_opt_out(session: Session, staff_id: str, opted_out: bool, from_day: date, reason: str) -> int:
    """Record that the person signs (or withdraws) the 48-hour opt-out from `from_day`,
    audited with `reason`; re-checks their patrols from that day. Withdrawing cannot be
    refused: breaches it brings are kept open (listed on the dashboard) until dealt with.
    Signing when already opted out on that day, or withdrawing when not, is refused: it
    would change nothing. Returns how many breaches the change brought."""
    note = (reason or "").strip()
    if not note:
        raise ValidationFailed("say what was signed or withdrawn, and when (audited)")
    with session.writing(Permission.STAFF) as db:
        person = staff.get_person(db, staff_id)
        if person is None:
            raise NotFound("that person no longer exists")
        in_force = opt_out_row_on(store.opt_outs(db, staff_id), from_day)
        if opted_out and in_force and in_force["opted_out"]:
            raise ValidationFailed(
                f"{person['name']} has already opted out from "
                f"{date.fromisoformat(in_force['effective_from']):%d %b %Y}: nothing to record")
        if not opted_out and not (in_force and in_force["opted_out"]):
            raise ValidationFailed(
                f"{person['name']} had not opted out on {from_day:%d %b %Y}: nothing to withdraw")
        tz = rules_for(db).calendar.timezone
        now = utc_now_text()
        store.add_opt_out(db, {"id": new_id(), "staff_id": staff_id,
                               "effective_from": from_day.isoformat(), "opted_out": int(opted_out),
                               "reason": note, "recorded_at": now, "recorded_by": session.actor})
        audit.append(db, actor=session.actor, action="staff.opt_out" if opted_out else "staff.opt_in",
                     entity="staff", entity_id=staff_id, staff_id=staff_id, reason=note,
                     details={"opted_out": opted_out, "from": from_day.isoformat()})
        start = local_to_utc(datetime.combine(from_day, time(0)), tz, fold=0)
        last = store.last_patrol_start(db, staff_id)
        end = max(start + timedelta(days=1), from_utc_text(last) + timedelta(days=1)) if last else \
            start + timedelta(days=1)
        found = recheck(db, staff_id, start, end, actor=session.actor, allow_new=True,
                        cause="48-hour opt-out " + ("signed" if opted_out else "withdrawn"))
    return len(found)
