"""The operation report: what the patrols did and cost, for any range of days, per area.

A patrol is one person's worked extra-duty shift; hours are the sum of worked minutes; money
is the sum of worked assignments' `cost_pence` plus non-patrol spend lines in the range.
Days are Europe/London calendar days, both ends included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hotspot_tui.domain import budget as calc
from hotspot_tui.domain.audit_chain import Checkpoint
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit
from hotspot_tui.store import report as store
from hotspot_tui.store.database import open_connection

ASB_POWERS = ("dispersals", "cpw", "cpn", "pspo")
ASB_LABELS = {"dispersals": "Dispersal directions", "cpw": "Community Protection Warnings",
              "cpn": "Community Protection Notices", "pspo": "PSPO enforcement"}


@dataclass
class Figures:
    patrols: int = 0
    minutes: int = 0
    arrests: int = 0
    stop_searches: int = 0
    weapons: int = 0
    asb_powers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ASB_POWERS, 0))
    patrol_spend_pence: int = 0
    other_spend_pence: int = 0

    @property
    def spend_pence(self) -> int:
        return self.patrol_spend_pence + self.other_spend_pence

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @property
    def cost_per_patrol_hour_pence(self) -> int | None:
        return calc.ratio_pence(self.patrol_spend_pence, self.minutes)

    @property
    def hours_per_arrest(self) -> float | None:
        return round(self.minutes / 60 / self.arrests, 1) if self.arrests else None

    def add(self, other: Figures) -> None:
        self.patrols += other.patrols
        self.minutes += other.minutes
        self.arrests += other.arrests
        self.stop_searches += other.stop_searches
        self.weapons += other.weapons
        for k in ASB_POWERS:
            self.asb_powers[k] += other.asb_powers[k]
        self.patrol_spend_pence += other.patrol_spend_pence
        self.other_spend_pence += other.other_spend_pence

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "patrols": self.patrols,
            "hours": self.hours,
            "minutes": self.minutes,
            "arrests": self.arrests,
            "stop_searches": self.stop_searches,
            "weapons": self.weapons,
            "asb_powers": dict(self.asb_powers),
            "asb_powers_total": sum(self.asb_powers.values()),
            "spend_pence": self.spend_pence,
            "patrol_spend_pence": self.patrol_spend_pence,
            "other_spend_pence": self.other_spend_pence,
            "cost_per_patrol_hour_pence": self.cost_per_patrol_hour_pence,
            "hours_per_arrest": self.hours_per_arrest,
        }


@dataclass
class AreaFigures:
    area: str
    figures: Figures


@dataclass
class OperationReport:
    first: date
    last: date
    area: str | None
    grant_pence: int
    total: Figures
    by_area: list[AreaFigures]
    checkpoint: Checkpoint | None = None
    """The audit log's newest entry when the figures were read (printed with them)."""

    @property
    def spend_share_of_grant(self) -> float | None:
        """Spend as a percentage of the grant (for display only)."""
        if not self.grant_pence:
            return None
        return round(self.total.spend_pence * 100 / self.grant_pence, 2)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "area": self.area,
            "grant_pence": self.grant_pence,
            **self.total.to_json_dict(),
            "spend_share_of_grant_percent": self.spend_share_of_grant,
            "by_area": [{"area": a.area, **a.figures.to_json_dict()} for a in self.by_area],
            "audit_checkpoint": self.checkpoint.code if self.checkpoint else None,
        }


def area_names(session: Session) -> list[str]:
    with session.reading() as db:
        return [r["name"] for r in store.areas(db)]


def parse_day(text: str | date | None, what: str) -> date | None:
    if text is None or isinstance(text, date):
        return text
    cleaned = text.strip()
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValidationFailed(f"{what}: {cleaned or 'nothing'!r} is not a date like 2026-05-01") from None


def operation_report(
    session: Session,
    first: str | date | None = None,
    last: str | date | None = None,
    area: str | None = None,
) -> OperationReport:
    """Figures for local days first..last (default: the whole operation), optionally one area."""
    first_day = parse_day(first, "--from")
    last_day = parse_day(last, "--to")
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
            raise ValidationFailed(f"--to {last_day} is before --from {first_day}")
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
    by_area: list[AreaFigures] = []
    for row in area_rows:
        figures = per.get(row["id"]) or Figures()
        total.add(figures)
        by_area.append(AreaFigures(row["name"], figures))
    return OperationReport(first_day, last_day, area_name, budget["grant_pence"] if budget else 0,
                           total, by_area, point)


def open_read_only(path: Path, actor: str) -> Session:
    """A session that only reads (the report never writes, so a read-only file will do)."""
    return Session(path=path, actor=actor, conn=open_connection(path, read_only=True))
