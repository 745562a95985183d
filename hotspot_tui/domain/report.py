"""The operation report's figures: what the patrols did and cost, in total and per area.

Built by `services.report` from the store and written by `exports.report`; pure data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from hotspot_tui.domain import budget as calc
from hotspot_tui.domain.asb_powers import ASB_POWERS
from hotspot_tui.domain.audit_chain import Checkpoint
from hotspot_tui.domain.evidence import Comparison, claim


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


@dataclass(frozen=True)
class AsbFigures:
    """Anti-social behaviour recorded by the police inside an area (or all placed areas)
    over the report's operation months, against the same months a year before: counts,
    change and the months each count covers (`domain.evidence`). Counts are None for an
    area with no place set."""

    before: int | None
    during: int | None
    change_pct: Decimal | None
    during_months: str
    before_months: str
    claim: str

    @classmethod
    def of(cls, comparison: Comparison, placed: bool = True, name: str = "") -> AsbFigures:
        if not placed:
            return cls(None, None, None, "", "", f"{name} has no place set")
        counted = bool(comparison.months)
        return cls(comparison.before if counted else None, comparison.during if counted else None,
                   comparison.change_pct, comparison.during_text if counted else "",
                   comparison.before_text if counted else "", claim(comparison))

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "asb_before": self.before,
            "asb_during": self.during,
            "asb_change_pct": None if self.change_pct is None else float(self.change_pct),
            "asb_during_months": self.during_months,
            "asb_before_months": self.before_months,
            "asb_claim": self.claim,
        }


@dataclass
class AreaFigures:
    area: str
    figures: Figures
    asb: AsbFigures | None = None


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
    asb: AsbFigures | None = None
    """Police-recorded anti-social behaviour over the placed areas, before and during."""
    police_sample: bool = False
    """The police data is (partly) generated demonstration data: say so beside its figures."""

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
            **(self.asb.to_json_dict() if self.asb else {}),
            **({"police_data_sample": self.police_sample} if self.asb else {}),
            "by_area": [{"area": a.area, **a.figures.to_json_dict(),
                         **(a.asb.to_json_dict() if a.asb else {})} for a in self.by_area],
            "audit_checkpoint": self.checkpoint.code if self.checkpoint else None,
        }
