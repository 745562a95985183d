"""Working-time and cover checks for a proposed duty, fed from the store.

Violations carry `.rule`, `.severity` ("error" | "warning") and `.message`
(`hotspot_tui.domain.working_time.Violation`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.domain.working_time import Interval, Violation, check_cover, check_duty
from hotspot_tui.services.rules_source import rules_for
from hotspot_tui.store import assignments, staff

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
) -> list[Violation]:
    """Every working-time rule the duty [start, end), with `break_minutes` of planned
    break, would break for this person."""
    rules = rules or rules_for(db)
    near = timedelta(days=NEARBY_DAYS)
    nearby = [
        Interval(start=from_utc_text(d["start_utc"]), end=from_utc_text(d["end_utc"]))
        for d in assignments.duties_between(
            db, staff_id, to_utc_text(start - near), to_utc_text(end + near), exclude_assignment_id
        )
    ]
    weeks = rules.working_time.reference_weeks
    reference = assignments.extra_minutes_between(
        db, staff_id, to_utc_text(start - timedelta(weeks=weeks)), to_utc_text(start)
    )
    person = staff.get_person(db, staff_id)
    normal = int(person["contracted_weekly_minutes"]) if person else 0
    return check_duty(
        Interval(start=start, end=end), nearby, rules,
        reference_extra_minutes=reference, normal_weekly_minutes=normal,
        break_minutes=break_minutes,
    )


def cover_violations(required: Mapping[str, int], assigned: Mapping[str, int]) -> list[Violation]:
    return check_cover({k: v for k, v in required.items() if v}, assigned)
