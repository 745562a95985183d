"""Who could take a place on a patrol, best first, with the engine's reasons.

Fetches only what ranking needs, in a fixed number of queries whatever the size of the
force: the active people of the kind with their extra minutes of four weeks (the patrol's
week and the three before, Monday to Sunday); then, for those to be checked, what the
working-time checks need (`services.worktime.load_facts_many`): their patrols and normal
duties within ±14 days, each week's working minutes over the reference periods around the
patrol, and their opt-outs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hotspot_tui.domain.calendar import force_date
from hotspot_tui.domain.candidates import CandidateInput, RankedCandidate, rank_candidates
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.domain.dates import week_start
from hotspot_tui.domain.pay import hourly_rate, worker_from_facts
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.domain.working_time import Interval
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services.pay_facts import DatedFacts, dated_facts_on
from hotspot_tui.services.rules_source import rules_for
from hotspot_tui.services.session import Session
from hotspot_tui.services.worktime import load_facts_many, opted_out_on
from hotspot_tui.store import candidates as store
from hotspot_tui.store import shifts as shift_store


@dataclass(frozen=True)
class Candidate:
    ranked: RankedCandidate
    kind: str
    collar_number: str | None
    payroll_number: str
    extra_minutes_4_weeks: int

    @property
    def staff_id(self) -> str:
        return self.ranked.staff_id

    @property
    def name(self) -> str:
        return self.ranked.name

    @property
    def verdict(self) -> str:
        r = self.ranked
        if not r.eligible:
            if any(v.rule == "overlap" for v in r.violations):
                return "not possible"
            return "not eligible"
        if r.has_errors:
            return "needs override"
        return "warning" if r.violations else "ok"


def fairness_weeks(patrol_day: date) -> tuple[date, date]:
    """The Mondays of the first and last weeks whose extra minutes order the candidates:
    the patrol's week and the three before it. Whole weeks, so everything already booked
    in the patrol's week counts, before or after the patrol."""
    monday = patrol_day - timedelta(days=patrol_day.weekday())
    return monday - timedelta(weeks=3), monday


PICKER_LIMIT = 25
"""How many people the picker shows at first (more on demand)."""


def _rate_of(row: tuple[Any, ...], rules: PayRules, cache: dict[tuple[object, ...], int | None],
             dated: DatedFacts) -> int | None:
    """The hourly cost of a `store.people_of_kind` row with the pay facts in force on the
    patrol's day, worked out once per pay profile; None when they cannot be read."""
    facts = dict(zip(store.PEOPLE_COLUMNS, row, strict=True))
    facts.update(dated.people.get(row[store.ID], {}))
    if facts["kind"] == "ceo":
        facts.update(dated.employers.get(facts["employer_id"], {}))
    key = tuple(facts[k] for k in _FACT_KEYS)
    if key not in cache:
        try:
            cache[key] = round(hourly_rate(worker_from_facts(facts), rules))
        except ValueError:
            cache[key] = None
    return cache[key]


_FACT_KEYS = ("kind", "rank", "pay_basis", "annual_salary_pence", "hourly_rate_pence",
              "contracted_weekly_minutes", "weekday_rate_pence", "weekend_rate_pence",
              "holiday_rate_pence")


def _fairness_order(people: list[tuple[Any, ...]], on_shift: set[str], home: str | None,
                    cost: Callable[[tuple[Any, ...]], int | None]) -> list[tuple[Any, ...]]:
    """People by the ranking's fairness and cost keys, those already on the patrol last."""
    minutes, ident, name, area = (store.RECENT_MINUTES, store.ID, store.NAME, store.HOME_AREA)

    def key(p: tuple[Any, ...]) -> tuple[Any, ...]:
        rate = cost(p)
        return (p[ident] in on_shift, p[minutes], rate is None, rate or 0, p[area] != home,
                p[name].casefold(), p[ident])

    return sorted(people, key=key)


def candidates_for(
    session: Session, shift_id: str, kind: str, *, limit: int | None = None
) -> list[Candidate]:
    """Everyone of `kind`, best first (see `domain.candidates`), or a first page.

    With a `limit` (the picker), people not already on the patrol are ordered by the
    ranking's fairness and cost keys (extra minutes in the patrol's week and the three
    before, hourly cost, home area, name) and only the first `limit` get the full
    working-time checks; those are then ranked as usual (verdict first). Asking again with a
    larger limit shows more. Whoever is assigned still goes through every check in
    `services.assignments.assign`.
    """
    if kind not in ("officer", "pcso", "ceo"):
        raise ValidationFailed("choose officers, PCSOs or council officers")
    with session.reading() as db:
        shift = shift_store.get_shift(db, shift_id)
        if shift is None:
            raise NotFound("that patrol no longer exists")
        rules = rules_for(db)
        start, end = from_utc_text(shift["start_utc"]), from_utc_text(shift["end_utc"])
        first_week, last_week = fairness_weeks(date.fromisoformat(shift["local_date"]))
        on_shift = store.people_on_shift(db, shift_id)
        people = store.people_of_kind(db, kind, first_week.isoformat(), last_week.isoformat(),
                                      fewest=limit, besides=on_shift)
        rates: dict[tuple[object, ...], int | None] = {}
        dated = dated_facts_on(db, force_date(start, rules))
        home = shift["area_id"]

        def cost(p: tuple[Any, ...]) -> int | None:
            return _rate_of(p, rules, rates, dated)

        order = _fairness_order(people, on_shift, home, cost)
        if limit is not None:
            order = [p for p in order if p[store.ID] not in on_shift][:limit]
        chosen = [dict(zip(store.PEOPLE_COLUMNS, p, strict=True), hourly_cost=cost(p)) for p in order]
        facts = load_facts_many(db, chosen, start, end, rules, proposal_only=True)
    ranked = _rank(chosen, facts, rules, start, end, date.fromisoformat(shift["local_date"]), kind,
                   home, shift_id, on_shift, shift["break_minutes"])
    if limit is not None:
        ranked = ranked[:limit]
    extra = {p["id"]: p for p in chosen}
    return [
        Candidate(ranked=r, kind=kind, collar_number=extra[r.staff_id]["collar_number"],
                  payroll_number=extra[r.staff_id]["payroll_number"],
                  extra_minutes_4_weeks=extra[r.staff_id]["recent_minutes"])
        for r in ranked
    ]


def _rank(people, facts, rules, start, end, day, kind, area_id,
          shift_id, on_shift, break_minutes) -> list[RankedCandidate]:
    week = week_start(day)
    inputs = []
    for p in people:
        f = facts[p["id"]]
        mine = next((x for x in f.patrols if x["shift_id"] == shift_id), None)
        view = f.weekly(mine["week"] if mine else None, mine["minutes"] if mine else 0)
        span = rules.working_time.reference_weeks
        weekly = {week + timedelta(weeks=k): view[week + timedelta(weeks=k)]
                  for k in range(1 - span, span)}
        inputs.append(CandidateInput(
            staff_id=p["id"], name=p["name"], kind=p["kind"], home_area_id=p["home_area_id"],
            hourly_cost_pence=p["hourly_cost"],
            extra_minutes_last_4_weeks=p["recent_minutes"],
            already_on_shift=p["id"] in on_shift,
            nearby=f.nearby(start, end, mine["id"] if mine else None),
            weekly=weekly, week=week, opted_out=opted_out_on(f.history, day),
            night_worker=f.night_worker(week),
        ))
    return rank_candidates(Interval(start=start, end=end), kind, area_id, inputs, rules,
                           break_minutes=break_minutes)
