"""Working-time checks for a proposed duty, fed from the store.

Returns violations with `.rule`, `.severity` ("error" | "warning") and `.message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hotspot_tui.domain.clock_utc import to_utc_text
from hotspot_tui.store import assignments

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Violation:
    rule: str
    severity: str
    message: str


def violations_for(
    db: Database,
    staff_id: str,
    start: datetime,
    end: datetime,
    *,
    exclude_assignment_id: str | None = None,
) -> list[Violation]:
    clashes = assignments.duties_between(
        db, staff_id, to_utc_text(start), to_utc_text(end), exclude_assignment_id
    )
    found = [
        Violation("overlap", "error", "already on another patrol that overlaps this one")
        for _ in clashes[:1]
    ]
    if end - start > timedelta(hours=16):
        found.append(Violation("max_shift", "error", "longer than the 16 h maximum shift"))
    return found
