"""Who is paid what on which day: each person's dated pay facts and each employer's dated
recharge rates, turned into the pay engine's `Worker` for any force date.

A dated fact is in force from its `effective_from` force date (the force day holding a
duty's start instant, `domain.calendar.force_date`) until the next one. A person (or
employer) with no dated rows is paid from its current row throughout.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.calendar import day_start_utc
from hotspot_tui.domain.clock_utc import to_utc_text, utc_now_text
from hotspot_tui.domain.pay import Worker, worker_from_facts
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit
from hotspot_tui.store import organisation as org_store
from hotspot_tui.store import pay_facts as store
from hotspot_tui.store import staff as staff_store

if TYPE_CHECKING:
    from sqlite_utils import Database

_History = tuple[list[str], list[dict[str, Any]]]


def _histories(rows: Iterable[dict[str, Any]], key: str, facts: tuple[str, ...]) -> dict[str, _History]:
    found: dict[str, _History] = {}
    for row in rows:
        days, values = found.setdefault(row[key], ([], []))
        days.append(row["effective_from"])
        values.append({k: row[k] for k in facts})
    return found


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    message = str(errors()[0]["msg"]) if callable(errors) else str(exc)
    return message.removeprefix("Value error, ")


def _at(history: _History | None, day: str) -> tuple[int, dict[str, Any] | None]:
    if history is None:
        return -1, None
    index = bisect_right(history[0], day) - 1
    return (index, history[1][index]) if index >= 0 else (-1, None)


class PayFacts:
    """People's and employers' facts for a costing pass (load once, ask per duty)."""

    def __init__(self, people: Iterable[dict[str, Any]], employers: Iterable[dict[str, Any]],
                 person_rows: Iterable[dict[str, Any]], employer_rows: Iterable[dict[str, Any]]) -> None:
        self.people = {p["id"]: p for p in people}
        self.employers = {e["id"]: e for e in employers}
        self._people = _histories(person_rows, "staff_id", store.PERSON_FACTS)
        self._employers = _histories(employer_rows, "employer_id", store.RATE_FACTS)
        self._workers: dict[tuple[str, int, int], tuple[Worker, str]] = {}

    @classmethod
    def load(cls, db: Database, staff_ids: Iterable[str] | None = None) -> PayFacts:
        ids = None if staff_ids is None else list(staff_ids)
        return cls(store.people_for_costing(db, ids), store.employers(db), store.person_history(db, ids),
                   store.employer_history(db))

    def facts_on(self, staff_id: str, day: date) -> dict[str, Any]:
        """The person's facts in force on a force date, with their employer's rates."""
        return self._facts(staff_id, day.isoformat())[2]

    def _facts(self, staff_id: str, day: str) -> tuple[int, int, dict[str, Any]]:
        person = self.people[staff_id]
        history = self._people.get(staff_id)
        p_index, p_facts = _at(history, day)
        if p_facts is None and history is not None:
            p_facts = history[1][0]
        facts = {**person, **(p_facts or {})}
        employer = self.employers[facts["employer_id"]]
        rates = self._employers.get(employer["id"])
        e_index, e_facts = _at(rates, day)
        if e_facts is None:
            e_facts = rates[1][0] if rates is not None else {k: employer[k] for k in store.RATE_FACTS}
        return p_index, e_index, {**facts, **e_facts, "employer_kind": employer["kind"]}

    def paid_as(self, staff_id: str, day: date) -> tuple[Worker, str]:
        """The `Worker` for a person's duty on a force date, and the employer in force on
        it: the one the duty's pay is charged to (the force's payroll, or a council's or
        BID's recharge statement). A clear error when their facts cannot pay them (never
        a silent £0)."""
        day_text = day.isoformat()
        p_index, e_index, merged = self._facts(staff_id, day_text)
        key = (staff_id, p_index, e_index)
        found = self._workers.get(key)
        if found is None:
            try:
                worker = worker_from_facts(merged)
            except ValueError as exc:
                message = _first_error(exc)
                raise ValidationFailed(
                    f"cannot cost {merged['name']}'s patrols from {day_text}: {message}; "
                    "correct their pay details and try again"
                ) from None
            found = self._workers[key] = (worker, merged["employer_id"])
        return found


# --- changing facts ------------------------------------------------------------------------

FIRST_FACTS_REASON = "pay facts before the first dated change"


@dataclass(frozen=True)
class PayChange:
    """What changes from a date; None keeps the value in force on that date."""

    salary_pence: int | None = None
    hourly_rate_pence: int | None = None
    contracted_weekly_minutes: int | None = None
    rank: str | None = None


@dataclass(frozen=True)
class HistoryLine:
    effective_from: str
    """A force date, or `store.SINCE_EVER` for the facts before any dated change."""
    facts: dict[str, Any]
    reason: str
    recorded_at: str
    recorded_by: str

    @property
    def since_ever(self) -> bool:
        return self.effective_from == store.SINCE_EVER


def _clean_reason(reason: str | None, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed(f"say why {what} (e.g. the pay award or the letter)")
    if len(text) > 500:
        raise ValidationFailed("keep the reason under 500 characters")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
        raise ValidationFailed("the reason cannot hold control characters")
    return text


def since_instant(db: Database, effective: str) -> str | None:
    """Where recosting starts for a change from a force date: that force day's start."""
    if effective == store.SINCE_EVER:
        return None
    from hotspot_tui.services.costing import rules_on

    cal = rules_on(db, date.fromisoformat(effective)).calendar
    return to_utc_text(day_start_utc(date.fromisoformat(effective), cal.timezone, cal.day_starts))


def _check_facts(facts: dict[str, Any], employer: dict[str, Any]) -> None:
    kind = facts["kind"]
    if kind == "officer" and not facts.get("rank"):
        raise ValidationFailed("an officer needs a rank")
    if kind != "officer" and facts.get("rank"):
        raise ValidationFailed("only officers have a rank")
    if (kind == "ceo") != (facts["pay_basis"] == "recharge"):
        raise ValidationFailed("council officers are paid by their employer's recharge rates, "
                               "officers and PCSOs by salary or hourly rate")
    if not 0 <= facts.get("contracted_weekly_minutes", 0) <= 56 * 60:
        raise ValidationFailed("contracted hours must be between 0 and 56 a week")
    try:
        worker_from_facts({**facts, **{k: employer[k] for k in store.RATE_FACTS}})
    except ValueError as exc:
        raise ValidationFailed(_first_error(exc)) from None


def record_person_facts(db: Database, actor: str, person: dict[str, Any], facts: dict[str, Any],
                        effective: str, reason: str) -> bool:
    """Inside a write transaction: the person's facts from a force date (a full set, see
    `store.PERSON_FACTS`), audited, then their patrols from that date costed again.
    Returns False when nothing changes."""
    staff_id = person["id"]
    employer = next((e for e in store.employers(db) if e["id"] == facts["employer_id"]), None)
    if employer is None:
        raise ValidationFailed("that employer no longer exists")
    _check_facts(facts, employer)
    now = utc_now_text()
    if not store.has_person_history(db, staff_id):
        current = {k: person[k] for k in store.PERSON_FACTS}
        if effective != store.SINCE_EVER and current != facts:
            store.put_person_facts(db, staff_id, store.SINCE_EVER, current, reason=FIRST_FACTS_REASON,
                                   at_utc=now, actor=actor)
    in_force = PayFacts.load(db, [staff_id])
    before = (in_force.facts_on(staff_id, date.fromisoformat(effective))
              if effective != store.SINCE_EVER else {k: person[k] for k in store.PERSON_FACTS})
    before = {k: before[k] for k in store.PERSON_FACTS}
    replaced = store.put_person_facts(db, staff_id, effective, facts, reason=reason, at_utc=now, actor=actor)
    if before == facts and replaced is None:
        store.delete_person_facts(db, staff_id, effective)
        return False
    latest = store.latest_person_facts(db, staff_id) or facts
    staff_store.update_person(db, staff_id, {**latest, "updated_at": now})
    audit.append(db, actor=actor, action="staff.pay", entity="staff", entity_id=staff_id,
                 staff_id=staff_id, reason=reason,
                 details={"effective_from": effective, "before": before, "after": facts})
    from hotspot_tui.services.costing import recost_person

    recost_person(db, staff_id, since_utc=since_instant(db, effective))
    return True


def set_pay(session: Session, payroll_number: str, change: PayChange, effective: date,
            reason: str) -> bool:
    """`staff set-pay`: change a person's pay from a force date; their patrols from that
    date are costed again (in locked periods the difference becomes an adjustment in the
    next open one). Returns False when nothing changes."""
    why = _clean_reason(reason, "the pay is changing")
    if all(v is None for v in (change.salary_pence, change.hourly_rate_pence,
                               change.contracted_weekly_minutes, change.rank)):
        raise ValidationFailed("give what changes: --salary, --hourly-rate, --contracted-hours or --rank")
    if change.salary_pence is not None and change.hourly_rate_pence is not None:
        raise ValidationFailed("give a salary or an hourly rate, not both")
    with session.writing(Permission.STAFF) as db:
        person = staff_store.find_by_payroll_number(db, (payroll_number or "").strip())
        if person is None:
            raise NotFound(f"nobody has payroll number {payroll_number.strip()!r}")
        facts = PayFacts.load(db, [person["id"]]).facts_on(person["id"], effective)
        new = {k: facts[k] for k in store.PERSON_FACTS}
        if change.salary_pence is not None:
            new.update(pay_basis="annual", annual_salary_pence=change.salary_pence, hourly_rate_pence=None)
        if change.hourly_rate_pence is not None:
            new.update(pay_basis="hourly", hourly_rate_pence=change.hourly_rate_pence,
                       annual_salary_pence=None)
        if new["kind"] == "ceo" and (change.salary_pence is not None or change.hourly_rate_pence is not None):
            raise ValidationFailed(f"{person['name']} is paid by their council's recharge rates: "
                                   "use `employer set-rates`")
        if change.contracted_weekly_minutes is not None:
            new["contracted_weekly_minutes"] = change.contracted_weekly_minutes
        if change.rank is not None:
            new["rank"] = change.rank
        return record_person_facts(db, session.actor, person, new, effective.isoformat(), why)


def pay_history(session: Session, staff_id: str) -> list[HistoryLine]:
    """A person's dated pay facts, newest first (with their employer's rates when they are
    paid by recharge)."""
    with session.reading() as db:
        rows = list(store.person_history(db, [staff_id]))
        if not rows:
            person = next(iter(store.people_for_costing(db, [staff_id])), None)
            if person is None:
                raise NotFound("that person no longer exists")
            return [HistoryLine(store.SINCE_EVER, {k: person[k] for k in store.PERSON_FACTS},
                                "", "", "")]
    return [HistoryLine(r["effective_from"], {k: r[k] for k in store.PERSON_FACTS}, r["reason"],
                        r["recorded_at"], r["recorded_by"]) for r in reversed(rows)]


def record_employer_rates(db: Database, actor: str, employer: dict[str, Any], rates: dict[str, int],
                          effective: str, reason: str) -> list[str]:
    """Inside a write transaction: an employer's recharge rates from a force date, audited;
    returns the people whose patrols were costed again."""
    now = utc_now_text()
    current = {k: employer[k] for k in store.RATE_FACTS}
    if not store.has_employer_history(db, employer["id"]) and current != rates:
        store.put_employer_rates(db, employer["id"], store.SINCE_EVER, current, reason=FIRST_FACTS_REASON,
                                 at_utc=now, actor=actor)
    store.put_employer_rates(db, employer["id"], effective, rates, reason=reason, at_utc=now, actor=actor)
    latest = store.latest_employer_rates(db, employer["id"]) or rates
    org_store.set_employer_rates(db, employer["id"], latest)
    people = store.people_ever_employed_by(db, employer["id"])
    since = since_instant(db, effective)
    from hotspot_tui.services.costing import recost_person

    for staff_id in people:
        recost_person(db, staff_id, since_utc=since)
    audit.append(db, actor=actor, action="employer.rates", entity="employer", entity_id=employer["id"],
                 reason=reason, details={"before": current, "after": rates, "effective": effective})
    return people


def history_of(session: Session, payroll_number: str) -> list[HistoryLine]:
    """`pay_history` of the person with this payroll number."""
    with session.reading() as db:
        person = staff_store.find_by_payroll_number(db, (payroll_number or "").strip())
    if person is None:
        raise NotFound(f"nobody has payroll number {payroll_number.strip()!r}")
    return pay_history(session, person["id"])


@dataclass(frozen=True)
class DatedFacts:
    """The dated facts in force on one day, for the people and employers that have any
    (everyone else is paid from their current row)."""

    people: dict[str, dict[str, Any]]
    employers: dict[str, dict[str, Any]]


def dated_facts_on(db: Database, day: date) -> DatedFacts:
    """Two small queries: people's and employers' dated facts in force on a force date."""
    on = day.isoformat()
    return DatedFacts(store.people_facts_on(db, on), store.employers_rates_on(db, on))
