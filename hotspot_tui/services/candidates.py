"""Who could take a place on a patrol, best first, with the engine's reasons.

Fetches only what ranking needs, in four queries whatever the size of the force: the
active people of the kind with their extra minutes of four weeks (the patrol's week and the
three before, Monday to Sunday), their duties within ±14 days, and a grouped sum of extra
minutes over the 17-week reference period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hotspot_tui.domain.calendar import force_date
from hotspot_tui.domain.candidates import CandidateInput, RankedCandidate, rank_candidates
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text
from hotspot_tui.domain.pay import hourly_rate, worker_from_facts
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.domain.working_time import Interval
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services.checks import NEARBY_DAYS
from hotspot_tui.services.pay_facts import DatedFacts, dated_facts_on
from hotspot_tui.services.rules_source import rules_for
from hotspot_tui.services.session import Session
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
        near = timedelta(days=NEARBY_DAYS)
        near_from, near_to = to_utc_text(start - near - timedelta(days=1)), to_utc_text(end + near)
        weeks = rules.working_time.reference_weeks
        ref_from, until = to_utc_text(start - timedelta(weeks=weeks)), to_utc_text(start)
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
        if limit is None:
            duties = store.duties_near(db, kind, near_from, near_to)
            reference = store.extra_minutes_by_person(db, ref_from, until)
        else:
            ids = [p["id"] for p in chosen]
            duties = store.duties_of(db, ids, near_from, near_to) if ids else []
            reference = store.extra_minutes_by_person(db, ref_from, until, ids) if ids else {}
    ranked = _rank(chosen, duties, reference, rules, start, end, kind, home,
                   shift_id, on_shift, shift["break_minutes"])
    if limit is not None:
        ranked = ranked[:limit]
    extra = {p["id"]: p for p in chosen}
    return [
        Candidate(ranked=r, kind=kind, collar_number=extra[r.staff_id]["collar_number"],
                  payroll_number=extra[r.staff_id]["payroll_number"],
                  extra_minutes_4_weeks=extra[r.staff_id]["recent_minutes"])
        for r in ranked
    ]


def _rank(people, duties, reference, rules, start, end, kind, area_id,  # type: ignore[no-untyped-def]
          shift_id, on_shift, break_minutes) -> list[RankedCandidate]:
    nearby: dict[str, list[Interval]] = {}
    for d in duties:
        if d["shift_id"] == shift_id:
            continue
        nearby.setdefault(d["staff_id"], []).append(
            Interval(start=from_utc_text(d["start_utc"]), end=from_utc_text(d["end_utc"])))
    inputs = [
        CandidateInput(
            staff_id=p["id"], name=p["name"], kind=p["kind"], home_area_id=p["home_area_id"],
            hourly_cost_pence=p["hourly_cost"],
            extra_minutes_last_4_weeks=p["recent_minutes"],
            already_on_shift=p["id"] in on_shift, nearby=nearby.get(p["id"], []),
            reference_extra_minutes=reference.get(p["id"], 0),
            normal_weekly_minutes=p["contracted_weekly_minutes"] or 0,
        )
        for p in people
    ]
    return rank_candidates(Interval(start=start, end=end), kind, area_id, inputs, rules,
                           break_minutes=break_minutes)
