"""The operation report's figures: what the patrols did and cost, in total and per area.

Built by `services.report` from the store and written by `exports.report`; pure data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hotspot_tui.domain import budget as calc
from hotspot_tui.domain.audit_chain import Checkpoint

ASB_POWERS = ("dispersals", "cpw", "cpn", "pspo", "informal_warnings")
"""The ASB tools and powers a patrol uses, as the funder counts them by type; their sum is
"ASB powers used" wherever the operation reports it."""
ASB_LABELS = {"dispersals": "Dispersal directions", "cpw": "Community Protection Warnings",
              "cpn": "Community Protection Notices", "pspo": "PSPO enforcement",
              "informal_warnings": "Informal warnings"}


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
