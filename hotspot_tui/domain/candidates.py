"""Who to ask first for a patrol, with the reasons a screen can show.

Order: eligible people first (right kind, active, not already on this patrol); then those
with no working-time violations, then warnings only, then errors; then the fewest
extra-duty minutes in the patrol's week and the three before (spreads the work); then the cheaper hourly cost;
then people whose home area is the patrol's area; then name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from hotspot_tui.domain.rules import PayRules
from hotspot_tui.domain.working_time import Interval, Violation, check_duty

KIND_LABELS = {"officer": "an officer", "pcso": "a PCSO", "ceo": "a council officer"}
KIND_PLURALS = {"officer": "officers", "pcso": "PCSOs", "ceo": "council officers"}


class CandidateInput(BaseModel):
    """What the store knows about one person, cut to what ranking needs.

    `hourly_cost_pence` is what an hour of this person costs the grant (the caller decides,
    e.g. the hourly rate × the multiplier this patrol would attract). `nearby` holds their
    duties within ~14 days of the patrol, for the working-time checks.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    staff_id: str
    name: str
    kind: str
    active: bool = True
    home_area_id: str | None = None
    hourly_cost_pence: Annotated[int, Field(ge=0)] | None = 0
    """None: their pay facts cannot be read, so they cannot be costed (ranked after the
    people who can, never as if free)."""
    extra_minutes_last_4_weeks: Annotated[int, Field(ge=0)] = 0
    already_on_shift: bool = False
    nearby: list[Interval] = Field(default_factory=list)
    reference_extra_minutes: Annotated[int, Field(ge=0)] = 0
    normal_weekly_minutes: Annotated[int, Field(ge=0)] = 0
    opted_out: bool = False


class RankedCandidate(BaseModel):
    model_config = ConfigDict(frozen=True)

    staff_id: str
    name: str
    position: int
    eligible: bool
    violations: list[Violation]
    reasons: list[str]

    @property
    def has_errors(self) -> bool:
        return any(v.severity == "error" for v in self.violations)

    @property
    def can_assign(self) -> bool:
        """Eligible and no error: assignable without an override reason."""
        return self.eligible and not self.has_errors


def _hm(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return f"{hours} h {mins:02d} min" if mins else f"{hours} h"


def _pounds(pence: int) -> str:
    return f"£{pence // 100}.{pence % 100:02d}"


def rank_candidates(
    shift_interval: Interval,
    kind: str,
    area_id: str | None,
    candidates: Sequence[CandidateInput],
    rules: PayRules,
    *,
    break_minutes: int = 0,
) -> list[RankedCandidate]:
    """Everyone in `candidates`, best first, each with plain-language reasons."""
    scored: list[tuple[tuple[object, ...], CandidateInput, bool, list[Violation], list[str]]] = []
    for c in candidates:
        reasons: list[str] = []
        if c.kind != kind:
            reasons.append(
                f"is {KIND_LABELS.get(c.kind, c.kind)}; this patrol needs "
                f"{KIND_PLURALS.get(kind, kind)}"
            )
        if not c.active:
            reasons.append("is not active")
        if c.already_on_shift:
            reasons.append("is already on this patrol")
        eligible = not reasons
        violations: list[Violation] = []
        if eligible:
            violations = check_duty(
                shift_interval,
                c.nearby,
                rules,
                reference_extra_minutes=c.reference_extra_minutes,
                normal_weekly_minutes=c.normal_weekly_minutes,
                break_minutes=break_minutes,
                opted_out=c.opted_out,
            )
            clash = next((v for v in violations if v.rule == "overlap"), None)
            if clash is not None:
                # Two places at once cannot be overridden: not possible, not a warning.
                eligible = False
                reasons.append(f"is on another duty then: {clash.message}")
            elif not violations:
                reasons.append("no working-time problems")
            reasons.extend(f"{v.severity}: {v.message}" for v in violations)
            reasons.append(f"{_hm(c.extra_minutes_last_4_weeks)} extra duty in the patrol's week "
                           "and the 3 before")
            reasons.append(f"costs {_pounds(c.hourly_cost_pence)} an hour" if c.hourly_cost_pence is not None
                           else "pay details cannot be read: correct them before assigning")
            home = area_id is not None and c.home_area_id == area_id
            reasons.append("works in this area" if home else "based in another area")
        worst = (
            2 if any(v.severity == "error" for v in violations)
            else 1 if violations else 0
        )
        key = (
            not eligible,
            worst,
            c.extra_minutes_last_4_weeks,
            c.hourly_cost_pence is None,
            c.hourly_cost_pence or 0,
            not (area_id is not None and c.home_area_id == area_id),
            c.name.casefold(),
            c.staff_id,
        )
        scored.append((key, c, eligible, violations, reasons))
    scored.sort(key=lambda item: item[0])
    return [
        RankedCandidate(
            staff_id=c.staff_id,
            name=c.name,
            position=i + 1,
            eligible=eligible,
            violations=violations,
            reasons=reasons,
        )
        for i, (_, c, eligible, violations, reasons) in enumerate(scored)
    ]
