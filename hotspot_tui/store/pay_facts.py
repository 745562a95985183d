"""Dated pay facts: people's pay and employers' recharge rates, each with its effective date."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from hotspot_tui.store.rows import dicts

if TYPE_CHECKING:
    from sqlite_utils import Database

SINCE_EVER = "0001-01-01"
"""The effective date of the facts a person or employer had before any dated change."""

PERSON_FACTS = ("kind", "employer_id", "rank", "pay_basis", "annual_salary_pence", "hourly_rate_pence",
                "contracted_weekly_minutes")
RATE_FACTS = ("weekday_rate_pence", "weekend_rate_pence", "holiday_rate_pence")


def people_for_costing(db: Database, staff_ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """People with their current facts and employer (everyone, or the ids given)."""
    sql = f"SELECT p.id, p.name, {', '.join(f'p.{k}' for k in PERSON_FACTS)} FROM staff p"
    if staff_ids is None:
        yield from dicts(db, sql)
        return
    ids = list(staff_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        cursor = db.execute(f"{sql} WHERE p.id IN ({marks})", chunk)
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))


def employers(db: Database) -> list[dict[str, Any]]:
    """Every employer with its current rates (a few rows)."""
    return dicts(db, f"SELECT id, name, kind, {', '.join(RATE_FACTS)} FROM employers")


def person_history(db: Database, staff_ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """Dated rows of people's pay, by person and date."""
    sql = (f"SELECT staff_id, effective_from, {', '.join(PERSON_FACTS)}, reason, recorded_at, recorded_by "
           "FROM staff_pay_history")
    if staff_ids is None:
        yield from dicts(db, f"{sql} ORDER BY staff_id, effective_from")
        return
    ids = list(staff_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        cursor = db.execute(f"{sql} WHERE staff_id IN ({marks}) ORDER BY staff_id, effective_from", chunk)
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))


def employer_history(db: Database) -> list[dict[str, Any]]:
    """Dated rows of every employer's recharge rates, by employer and date (a few rows)."""
    return dicts(db, f"SELECT employer_id, effective_from, {', '.join(RATE_FACTS)}, reason, "
                     "recorded_at, recorded_by FROM employer_rate_history "
                     "ORDER BY employer_id, effective_from")


def has_person_history(db: Database, staff_id: str) -> bool:
    return db.execute("SELECT 1 FROM staff_pay_history WHERE staff_id = ? LIMIT 1",
                      [staff_id]).fetchone() is not None


def has_employer_history(db: Database, employer_id: str) -> bool:
    return db.execute("SELECT 1 FROM employer_rate_history WHERE employer_id = ? LIMIT 1",
                      [employer_id]).fetchone() is not None


def put_person_facts(db: Database, staff_id: str, effective_from: str, facts: dict[str, Any], *,
                     reason: str, at_utc: str, actor: str) -> dict[str, Any] | None:
    """Record the facts in force from a date (replacing any row for that date); returns
    the row replaced, if any."""
    before = dicts(db, "SELECT * FROM staff_pay_history WHERE staff_id = :s AND effective_from = :d",
                   {"s": staff_id, "d": effective_from})
    db.execute(
        f"INSERT OR REPLACE INTO staff_pay_history (staff_id, effective_from, {', '.join(PERSON_FACTS)}, "
        f"reason, recorded_at, recorded_by) VALUES (?, ?, {', '.join('?' for _ in PERSON_FACTS)}, ?, ?, ?)",
        [staff_id, effective_from, *(facts[k] for k in PERSON_FACTS), reason, at_utc, actor],
    )
    return before[0] if before else None


def put_employer_rates(db: Database, employer_id: str, effective_from: str, rates: dict[str, int], *,
                       reason: str, at_utc: str, actor: str) -> dict[str, Any] | None:
    before = dicts(db, "SELECT * FROM employer_rate_history WHERE employer_id = :e AND effective_from = :d",
                   {"e": employer_id, "d": effective_from})
    db.execute(
        "INSERT OR REPLACE INTO employer_rate_history (employer_id, effective_from, "
        f"{', '.join(RATE_FACTS)}, "
        "reason, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [employer_id, effective_from, *(rates[k] for k in RATE_FACTS), reason, at_utc, actor],
    )
    return before[0] if before else None


def latest_person_facts(db: Database, staff_id: str) -> dict[str, Any] | None:
    rows = dicts(db, f"SELECT {', '.join(PERSON_FACTS)} FROM staff_pay_history WHERE staff_id = :s "
                     "ORDER BY effective_from DESC LIMIT 1", {"s": staff_id})
    return rows[0] if rows else None


def latest_employer_rates(db: Database, employer_id: str) -> dict[str, Any] | None:
    rows = dicts(db, f"SELECT {', '.join(RATE_FACTS)} FROM employer_rate_history WHERE employer_id = :e "
                     "ORDER BY effective_from DESC LIMIT 1", {"e": employer_id})
    return rows[0] if rows else None


def delete_person_facts(db: Database, staff_id: str, effective_from: str) -> None:
    db.execute("DELETE FROM staff_pay_history WHERE staff_id = ? AND effective_from = ?",
               [staff_id, effective_from])


def people_ever_employed_by(db: Database, employer_id: str) -> list[str]:
    """People employed by an employer now or in any dated pay facts."""
    return [r[0] for r in db.execute(
        "SELECT id FROM staff WHERE employer_id = :e UNION "
        "SELECT staff_id FROM staff_pay_history WHERE employer_id = :e ORDER BY 1", {"e": employer_id})]


def employer_rates_on(db: Database, employer_id: str, day: str) -> dict[str, Any] | None:
    """An employer's dated rates in force on a force date (None: no dated rates, so the
    employer's own row applies)."""
    rows = dicts(db, f"SELECT {', '.join(RATE_FACTS)} FROM employer_rate_history WHERE employer_id = :e "
                     "AND effective_from <= :d ORDER BY effective_from DESC LIMIT 1",
                 {"e": employer_id, "d": day})
    return rows[0] if rows else None


def people_facts_on(db: Database, day: str) -> dict[str, dict[str, Any]]:
    """Staff id → their dated facts in force on a force date, for people with any."""
    rows = dicts(db, f"""
        SELECT h.staff_id, {', '.join(f'h.{k}' for k in PERSON_FACTS)} FROM staff_pay_history h
        WHERE h.effective_from = (SELECT max(effective_from) FROM staff_pay_history x
                                  WHERE x.staff_id = h.staff_id AND x.effective_from <= :d)
    """, {"d": day})
    return {r.pop("staff_id"): r for r in rows}


def employers_rates_on(db: Database, day: str) -> dict[str, dict[str, Any]]:
    """Employer id → its dated recharge rates in force on a force date, for those with any."""
    rows = dicts(db, f"""
        SELECT h.employer_id, {', '.join(f'h.{k}' for k in RATE_FACTS)} FROM employer_rate_history h
        WHERE h.effective_from = (SELECT max(effective_from) FROM employer_rate_history x
                                  WHERE x.employer_id = h.employer_id AND x.effective_from <= :d)
    """, {"d": day})
    return {r.pop("employer_id"): r for r in rows}
