"""The operation report: what the patrols did and cost, for any range of days, per area.

A patrol counts once however many people worked it (and not at all if nobody did); hours
are the sum of worked minutes; money is the sum of worked assignments' `cost_pence` plus
non-patrol spend lines in the range.
Days are Europe/London calendar days, both ends included.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.asb_powers import ASB_POWERS
from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.dates import parse_day_as
from hotspot_tui.domain.evidence import ASB
from hotspot_tui.domain.report import AreaFigures, AsbFigures, Figures, OperationReport
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.exports.files import write_new_file
from hotspot_tui.exports.report import render
from hotspot_tui.services.evidence import operation_evidence
from hotspot_tui.services.session import Session, identify
from hotspot_tui.store import audit
from hotspot_tui.store import report as store
from hotspot_tui.store.database import open_connection

if TYPE_CHECKING:
    from hotspot_tui.services.sign_in import SignIn


def area_names(session: Session) -> list[str]:
    with session.reading() as db:
        return [r["name"] for r in store.areas(db)]


def parse_day(text: str | date | None, what: str) -> date | None:
    """A day typed as a person says it (`2026-12-05`, `5/12/2026`, `5 dec`), seen from
    today in London; blank: None."""
    return parse_day_as(text, what, to_local_naive(clock_utc.utc_now()).date())


def operation_report(
    session: Session,
    first: str | date | None = None,
    last: str | date | None = None,
    area: str | None = None,
) -> OperationReport:
    """Figures for local days first..last (default: the whole operation), optionally one area."""
    first_day = parse_day(first, "From")
    last_day = parse_day(last, "To")
    with session.reading() as db:
        budget = store.budget_row(db)
        area_id = None
        area_name = None
        if area is not None and area.strip():
            found = store.area_by_name(db, area)
            if found is None:
                raise NotFound(f"no area called {area.strip()!r}")
            area_id, area_name = found["id"], found["name"]
        if first_day is None:
            first_day = date.fromisoformat(budget["starts_on"]) if budget else date(2000, 1, 1)
        if last_day is None:
            last_day = date.fromisoformat(budget["ends_on"]) if budget else date(2999, 12, 31)
        if last_day < first_day:
            raise ValidationFailed(f"the last day ({last_day:%d %b %Y}) is before the first "
                                   f"({first_day:%d %b %Y})")
        a, b = first_day.isoformat(), last_day.isoformat()
        area_rows = store.areas(db, area_id)
        patrols = store.patrols_by_area(db, a, b, area_id)
        outcomes = store.outcomes_by_area(db, a, b, area_id)
        lines = store.spend_lines_by_area(db, a, b, area_id)
        point = audit.checkpoint(db)
    per: dict[str, Figures] = {}
    for r in patrols:
        f = per.setdefault(r["area_id"], Figures())
        f.patrols, f.minutes, f.patrol_spend_pence = r["patrols"], r["minutes"], r["pence"]
    for r in outcomes:
        f = per.setdefault(r["area_id"], Figures())
        f.arrests, f.stop_searches, f.weapons = r["arrests"], r["stop_searches"], r["weapons"]
        f.asb_powers = {k: r[k] for k in ASB_POWERS}
    total = Figures()
    for r in lines:
        if r["area_id"] is None:
            total.other_spend_pence += r["pence"]
        else:
            per.setdefault(r["area_id"], Figures()).other_spend_pence += r["pence"]
    asb: dict[str, AsbFigures] = {}
    total_asb = None
    sample = False
    if budget is not None:
        evidence = operation_evidence(session, first_day, last_day, ASB, [area_id] if area_id else None)
        asb = {e.area_id: AsbFigures.of(e.year_before, e.placed, e.name) for e in evidence.areas}
        total_asb = AsbFigures.of(evidence.total_year_before)
        sample = evidence.sample
    by_area: list[AreaFigures] = []
    for row in area_rows:
        figures = per.get(row["id"]) or Figures()
        total.add(figures)
        by_area.append(AreaFigures(row["name"], figures, asb.get(row["id"])))
    return OperationReport(first_day, last_day, area_name, budget["grant_pence"] if budget else 0,
                           total, by_area, point, total_asb, sample)


def open_read_only(path: Path, actor: str, sign_in: SignIn | None = None) -> Session:
    """A session that only reads (the report never writes, so a read-only file will do);
    in a file with accounts the person signs in (`hotspot_tui.services.sign_in`)."""
    session = Session(path=path, actor=actor, conn=open_connection(path, read_only=True))
    try:
        identify(session, sign_in, read_only=True)
    except BaseException:
        session.close()
        raise
    return session


def save_report(report: OperationReport, fmt: str, path: Path, *, next_free: bool = False) -> Path:
    """Write the report as a new owner-only file (never over an existing one or through a
    symlink); returns the path written."""
    return write_new_file(path, render(report, fmt).encode("utf-8"), next_free=next_free)
