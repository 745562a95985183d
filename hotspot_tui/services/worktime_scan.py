"""The full working-time check: every live patrol assignment of every person checked as the
check of a change checks it (`worktime.evaluate_timeline`, the same rules), and
`working_time_breaches` made to hold exactly what it finds, in one transaction.

A file upgraded from before breaches were kept owes it once (`upkeep_due`): the app does it
when it opens such a file, `db migrate` straight after upgrading. `checks rescan` runs it
again on demand. A breach found is recorded as not overridden (the dashboard lists it until
someone deals with it); a reason already given to override a breach stays with it.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hotspot_tui.domain.access import Permission
from hotspot_tui.services import collector
from hotspot_tui.services.session import Session
from hotspot_tui.store import upkeep

if TYPE_CHECKING:
    from sqlite_utils import Database

    from hotspot_tui.services.worktime import Facts

Progress = Callable[[int, int], None]
"""Told (people checked, people to check) as the check goes."""

PEOPLE_AT_ONCE = 50
"""People whose breaches are read and written together."""

UPGRADE = "found on upgrading the file"
RESCAN = "found by a full re-check"
BULK = "checked in bulk"


@dataclass(frozen=True)
class ScanReport:
    people: int
    patrols: int
    found: int
    """Breaches recorded that were not there before."""
    cleared: int
    """Breaches that were there and the checks no longer find."""
    held: int
    """Breaches there now (overridden or not)."""


def checks_owed(session: Session) -> bool:
    """Whether the file still owes the full check after an upgrade."""
    with session.querying() as conn:
        return upkeep.is_due(conn, upkeep.WORKING_TIME_CHECKS)


def do_owed_checks(session: Session, progress: Progress | None = None) -> ScanReport | None:
    """The full check a file owes since it was upgraded (None: it owes none), on behalf of
    whoever opened it."""
    if not checks_owed(session):
        return None
    with session.writing(Permission.UPKEEP) as db:
        if not upkeep.is_due(db, upkeep.WORKING_TIME_CHECKS):
            return None
        return check_everyone(db, session.actor, cause=UPGRADE, progress=progress)


def rescan(session: Session, progress: Progress | None = None) -> ScanReport:
    """Check everyone again from scratch (a force re-running the full check)."""
    with session.writing(Permission.UPKEEP) as db:
        return check_everyone(db, session.actor, cause=RESCAN, progress=progress)


def check_everyone(db: Database, actor: str, *, cause: str, progress: Progress | None = None,
                   at_utc: str | None = None) -> ScanReport:
    """Inside a write transaction: evaluate every live patrol assignment and make the
    breaches table say what the checks find, overriding nothing. Each person whose
    breaches changed gets one audit entry, and the whole check one more, at `at_utc` (by
    default now; the sample data's is fixed). (The checks are loaded here, not with the
    module: the app asks `checks_owed` of every file it opens.)"""
    from hotspot_tui.domain.clock_utc import utc_now_text
    from hotspot_tui.services.rules_source import rules_for
    from hotspot_tui.services.worktime import facts_of_everyone
    from hotspot_tui.store import audit
    from hotspot_tui.store import worktime as store

    checked = found = patrols = 0
    with store.roomy(db), collector.paused():
        cleared = store.drop_breaches_of_ended(db)
        first = not store.has_breaches(db)
        total = store.count_people_to_check(db)
        if progress:
            progress(0, total)
        now = at_utc or utc_now_text()
        with store.indexes_built_after(db) if first else contextlib.nullcontext():
            for group in _groups(facts_of_everyone(db, rules_for(db)), PEOPLE_AT_ONCE):
                counts = _check_group(db, group, actor, cause, now, first=first)
                checked += len(group)
                patrols += counts[0]
                found += counts[1]
                cleared += counts[2]
                if progress:
                    progress(checked, total)
    upkeep.done(db, upkeep.WORKING_TIME_CHECKS)
    report = ScanReport(checked, patrols, found, cleared, store.count_breaches(db))
    audit.append(db, actor=actor, action="checks.scan", entity="database", at_utc=now,
                 details={"cause": cause, "people": report.people, "patrols": report.patrols,
                          "found": report.found, "cleared": report.cleared, "held": report.held})
    return report


def _groups(people: Iterator[Facts], size: int) -> Iterator[list[Facts]]:
    group: list[Facts] = []
    for person in people:
        group.append(person)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


def _check_group(db: Database, group: list[Facts], actor: str, cause: str, now: str, *,
                 first: bool) -> tuple[int, int, int]:
    """Check these people and write what changed; (patrols, breaches found, cleared).
    `first`: the table held no breach when the check began (nothing to read back)."""
    from hotspot_tui.services.worktime import evaluate_timeline
    from hotspot_tui.store import audit
    from hotspot_tui.store import worktime as store

    stored: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for b in [] if first else store.breaches_of_people(db, [f.staff_id for f in group]):
        stored.setdefault(b["staff_id"], {})[(b["assignment_id"], b["rule"])] = b
    writes: list[tuple[str, str, str, str, str, None, str]] = []
    drops: list[tuple[str, str]] = []
    patrols = found = cleared = 0
    for facts in group:
        evaluated = evaluate_timeline(facts)
        patrols += len(evaluated)
        had = stored.get(facts.staff_id, {})
        starts = {p["id"]: p["planned_start_utc"] for p in facts.patrols}
        new: Counter[str] = Counter()
        for aid, broken in evaluated.items():
            for rule, message in broken.items():
                before = had.get((aid, rule))
                if before is None:
                    new[rule] += 1
                elif before["message"] == message:
                    continue
                writes.append((aid, rule, facts.staff_id, starts[aid], message, None, now))
        gone = [key for key in had if key[1] not in evaluated.get(key[0], {})]
        drops += gone
        found += sum(new.values())
        cleared += len(gone)
        if new or gone:
            audit.append(db, actor=actor, action="breach.found", entity="staff",
                         entity_id=facts.staff_id, staff_id=facts.staff_id, at_utc=now,
                         details={"cause": cause, "found": dict(sorted(new.items())),
                                  "cleared": len(gone)})
    store.put_breaches(db, sorted(writes))  # in key order: (assignment id, rule) come first
    store.drop_breaches(db, drops)
    return patrols, found, cleared
