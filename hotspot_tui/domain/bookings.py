"""What a booking of hours must satisfy, outcomes a patrol can plausibly record, and a
patrol's status as its bookings make it.

Pure rules: the services feed them the patrol's planned times, the booked times, the moment
of booking and the rules' margin, and act on what they return.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from hotspot_tui.domain.clock import to_local_naive

PatrolStatus = Literal["planned", "part booked", "booked", "cancelled"]

OUTCOME_CEILING = 500
"""No patrol records more than this of any one outcome."""
PER_PERSON_OUTCOMES = ("arrests", "stop_searches", "weapons")
"""Outcomes each made by someone on the patrol: more than `PER_PERSON_LIMIT` times the
people on it needs the supervisor to confirm the figure."""
PER_PERSON_LIMIT = 3


def _at(instant: datetime, tz: str) -> str:
    return f"{to_local_naive(instant, tz):%a %d %b %H:%M}"


def too_early_to_book(patrol_start: datetime, patrol_end: datetime, actual_start: datetime,
                      actual_end: datetime, now: datetime, tz: str = "Europe/London") -> str | None:
    """Why these hours cannot be booked as worked yet, or None.

    A patrol is booked once it has started, and only with times that have already come."""
    if now < patrol_start:
        return (f"this patrol starts {_at(patrol_start, tz)}: it cannot be booked as worked "
                "before it has started")
    if actual_start > now:
        return f"the on-duty time {_at(actual_start, tz)} has not come yet"
    if actual_end > now:
        return f"the off-duty time {_at(actual_end, tz)} has not come yet: book it once it has"
    return None


def off_the_patrol(patrol_start: datetime, patrol_end: datetime, actual_start: datetime,
                   actual_end: datetime, margin_minutes: int, tz: str = "Europe/London") -> list[str]:
    """Why booked times do not fall on the patrol (each needs a reason), or nothing.

    On and off times must each lie within the patrol widened by the margin either side."""
    margin = timedelta(minutes=margin_minutes)
    lo, hi = patrol_start - margin, patrol_end + margin
    found: list[str] = []
    hours = f"{margin_minutes // 60} h" if margin_minutes % 60 == 0 else f"{margin_minutes} min"
    for what, instant in (("on-duty", actual_start), ("off-duty", actual_end)):
        if not lo <= instant <= hi:
            found.append(f"the {what} time {_at(instant, tz)} is more than {hours} from the "
                         f"patrol ({_at(patrol_start, tz)}-{to_local_naive(patrol_end, tz):%H:%M})")
    return found


def patrol_status(shift_status: str, planned: int, booked: int) -> PatrolStatus:
    """`planned`: people still planned on the patrol; `booked`: people booked (worked or
    no-show). Everyone booked: booked; some: part booked."""
    if shift_status == "cancelled":
        return "cancelled"
    if booked and not planned:
        return "booked"
    if booked:
        return "part booked"
    return "planned"


@dataclass(frozen=True)
class OutcomeCheck:
    refused: list[str]
    to_confirm: list[str]


def check_outcomes(counts: Mapping[str, int], labels: Mapping[str, str], people: int) -> OutcomeCheck:
    """Figures no patrol could record are refused; figures out of proportion to the people
    on the patrol are returned for the supervisor to confirm."""
    refused = [f"{labels[k]}: {v} is more than any one patrol records (at most {OUTCOME_CEILING})"
               for k, v in counts.items() if v > OUTCOME_CEILING]
    limit = PER_PERSON_LIMIT * people
    who = f"{people} {'person' if people == 1 else 'people'}"
    confirm = [f"{labels[k]}: {counts[k]} on a patrol of {who}"
               for k in PER_PERSON_OUTCOMES if counts.get(k, 0) > limit]
    return OutcomeCheck(refused, confirm)
