"""Working-time and cover checks for a proposed duty, fed from the store.

Violations carry `.rule`, `.severity` ("error" | "warning") and `.message`
(`hotspot_tui.domain.working_time.Violation`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.domain.working_time import Violation, check_cover
from hotspot_tui.services.worktime import check_proposal, load_facts

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["NEARBY_DAYS", "Violation", "cover_violations", "violations_for"]

NEARBY_DAYS = 14


def violations_for(
    db: Database,
    staff_id: str,
    start: datetime,
    end: datetime,
    *,
    exclude_assignment_id: str | None = None,
    rules: PayRules | None = None,
    break_minutes: int = 0,
    day: date | None = None,
) -> list[Violation]:
    """Every working-time rule the duty [start, end) on the patrol day `day` (by default
    the local day it starts), with `break_minutes` of planned break, would break for this
    person, against their normal duties and patrols (leaving out the assignment
    `exclude_assignment_id`, when it is being re-checked or moved)."""
    facts = load_facts(db, staff_id, start, end, rules)
    if facts is None:
        return []
    day = day or to_local_naive(start, facts.rules.calendar.timezone).date()
    excluded = next((p for p in facts.patrols if p["id"] == exclude_assignment_id), None)
    return check_proposal(
        facts, start, end, day, break_minutes=break_minutes, exclude=exclude_assignment_id,
        exclude_minutes=excluded["minutes"] if excluded else 0,
        exclude_week=excluded["week"] if excluded else None,
    )


def cover_violations(required: Mapping[str, int], assigned: Mapping[str, int]) -> list[Violation]:
    return check_cover({k: v for k, v in required.items() if v}, assigned)
