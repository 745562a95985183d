"""Every figure that turns time into money or limits a roster, as configuration.

Defaults are the values in DOMAIN.md. The store keeps one row per top-level section
(`calendar`, `officer`, `pcso`, `council`, `working_time`) whose value is that section's
`model_dump(mode="json")`; `PayRules.from_sections` rebuilds the whole model.

Multipliers and formula parts are exact strings such as ``"4/3"`` or ``"37.5"`` and are read
as `fractions.Fraction` through the `*_f` helpers, so no float ever reaches a money sum.

Calendar policy for bank holidays (`holiday_date_policy`):

- ``"observed"`` (default): when the `holidays` package lists a substitute
  (``"Boxing Day (observed)"``), the substitute date attracts the public-holiday rate and
  the actual date does not; a holiday with no substitute counts on its actual date. This
  matches GOV.UK's list, where only the substitute day is a bank holiday.
- ``"actual"``: only the real dates (Saturday 26 December 2026) count; substitutes never do.
- ``"both"``: the real date and its substitute both count.

`extra_holidays` are force-declared days that always count, whatever the policy.
"""

from __future__ import annotations

from datetime import date, time
from fractions import Fraction
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@lru_cache(maxsize=1024)
def parse_ratio(text: str) -> Fraction:
    """Read ``"4/3"``, ``"1.5"`` or ``"2"`` as an exact, non-negative `Fraction`."""
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError, AttributeError) as exc:
        raise ValueError(f"{text!r} is not a number or fraction such as 4/3") from exc
    if value < 0:
        raise ValueError(f"{text!r} must not be negative")
    return value


@lru_cache(maxsize=64)
def has_holiday_list(country: str, subdiv: str | None) -> bool:
    """Whether the holidays library lists a country's (and region's) bank holidays. Rules
    are validated each time they are read, so the answer is kept."""
    try:
        holidays.country_holidays(country, subdiv=subdiv, years=[])
    except (NotImplementedError, KeyError):
        return False
    return True


MAX_MULTIPLIER = 10
MAX_FORMULA_PART = 1000


def _check_ratio(text: str) -> str:
    if parse_ratio(text) > MAX_MULTIPLIER:
        raise ValueError(f"{text!r} is more than {MAX_MULTIPLIER}: a multiplier is 0 to {MAX_MULTIPLIER}")
    return text.strip()


def _check_positive_ratio(text: str) -> str:
    value = parse_ratio(text)
    if value == 0:
        raise ValueError(f"{text!r} must be more than zero")
    if value > MAX_FORMULA_PART:
        raise ValueError(f"{text!r} is more than {MAX_FORMULA_PART}")
    return text.strip()


Ratio = Annotated[str, AfterValidator(_check_ratio)]
PositiveRatio = Annotated[str, AfterValidator(_check_positive_ratio)]
Minutes = Annotated[int, Field(ge=0, le=14 * 24 * 60)]
Days = Annotated[int, Field(ge=0, le=366)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CalendarRules(Section):
    """Time zone, force day and week, and which days are public holidays."""

    timezone: str = "Europe/London"
    week_starts: Weekday = "monday"
    day_starts: time = time(7, 0)
    holiday_country: str = "GB"
    holiday_subdiv: str | None = "ENG"
    holiday_date_policy: Literal["actual", "observed", "both"] = "observed"
    extra_holidays: list[date] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_zone_and_region(self) -> CalendarRules:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc
        if not has_holiday_list(self.holiday_country, self.holiday_subdiv):
            raise ValueError(
                f"no bank-holiday list for country {self.holiday_country!r} "
                f"region {self.holiday_subdiv!r}"
            )
        return self

    @property
    def week_start_index(self) -> int:
        return WEEKDAYS.index(self.week_starts)


class OfficerRules(Section):
    """Police Regulations 2003, Annexes G and H, as the force applies them."""

    hourly_numerator: PositiveRatio = "7"
    hourly_days: PositiveRatio = "365"
    weekly_hours: PositiveRatio = "40"
    overtime_multiplier: Ratio = "4/3"
    rest_day_multiplier: Ratio = "3/2"
    rest_day_notice_clear_days: Days = 15
    rest_day_long_notice_multiplier: Ratio = "0"
    """Paid on a rest day worked with at least `rest_day_notice_clear_days` clear days'
    notice. Default 0: a replacement rest day is owed instead of payment."""
    public_holiday_multiplier: Ratio = "2"
    public_holiday_lieu_notice_days: Days = 8
    unit_minutes: Annotated[int, Field(ge=1, le=60)] = 15
    casual_disregard_minutes: Minutes = 30
    casual_disregard_occasions: Annotated[int, Field(ge=0, le=50)] = 4
    planned_minimum_minutes: Minutes = 15
    rest_day_minimum_minutes: Minutes = 240
    straight_on_max_minutes: Minutes = 60
    time_off_due_days: Days = 28
    """A replacement rest day or day in lieu is overdue this many days after the day it
    was earned for (verify against the force's own rule)."""
    no_overtime_ranks: list[str] = Field(
        default_factory=lambda: [
            "inspector", "chief_inspector", "superintendent", "chief_superintendent",
        ]
    )

    def hourly_rate(self, annual_pence: int) -> Fraction:
        return (
            annual_pence * parse_ratio(self.hourly_numerator)
            / parse_ratio(self.hourly_days) / parse_ratio(self.weekly_hours)
        )


class PcsoRules(Section):
    """Police staff (PCSO) extra hours."""

    hourly_numerator: PositiveRatio = "7"
    hourly_days: PositiveRatio = "365"
    contracted_weekly_hours: PositiveRatio = "37"
    """Divisor of the hourly formula when the person has no contracted hours of their own."""
    plain_time_threshold_minutes: Minutes = 37 * 60
    weekday_multiplier: Ratio = "3/2"
    """Beyond the threshold, Monday to Saturday."""
    sunday_holiday_multiplier: Ratio = "2"
    """Beyond the threshold on Sunday or a public holiday, and any public holiday worked
    on a rest day."""
    rest_day_time_off_notice_days: Days = 5
    """A rest day worked on fewer days' notice earns time off as well as the overtime."""
    time_off_due_days: Days = 28
    """Time off earned is overdue this many days after the rest day worked (verify)."""

    def hourly_rate(self, annual_pence: int, weekly_hours: Fraction | None = None) -> Fraction:
        divisor = weekly_hours or parse_ratio(self.contracted_weekly_hours)
        return annual_pence * parse_ratio(self.hourly_numerator) / parse_ratio(self.hourly_days) / divisor


class CouncilRules(Section):
    """Council and BID staff: the employer's recharge rates (pence per hour) apply.

    The rates themselves live with each employer; this section only says how a minute is
    classed. A minute on a public holiday takes the holiday rate, otherwise a minute on a
    `weekend_days` date takes the weekend rate, otherwise the weekday rate. Days run from
    `day_starts` local time (midnight by default, the council's own calendar).
    """

    weekend_days: list[Weekday] = Field(default_factory=lambda: list[Weekday](("saturday", "sunday")))
    day_starts: time = time(0, 0)


class WorkingTimeRules(Section):
    """Working Time Regulations 1998 checks for rostering."""

    daily_rest_minutes: Minutes = 11 * 60
    weekly_rest_minutes: Minutes = 24 * 60
    weekly_rest_window_days: Annotated[int, Field(ge=1, le=14)] = 7
    fortnight_rest_minutes: Minutes = 48 * 60
    """Alternative: one rest of this length, or two weekly rests, in each fortnight."""
    fortnight_window_days: Annotated[int, Field(ge=1, le=28)] = 14
    average_weekly_minutes: Minutes = 48 * 60
    reference_weeks: Annotated[int, Field(ge=1, le=52)] = 17
    break_after_minutes: Minutes = 6 * 60
    break_minutes: Minutes = 20
    max_shift_minutes: Minutes = 16 * 60
    night_average_minutes: Minutes = 8 * 60
    """A night worker's average working time in each 24 hours over the reference period
    (counting every day but one weekly rest day a week); no opt-out applies."""
    night_starts: time = time(23, 0)
    night_ends: time = time(6, 0)
    night_worker_minutes: Minutes = 3 * 60
    """A duty with at least this much night time is a night duty."""
    night_worker_share: Annotated[int, Field(ge=1, le=100)] = 33
    """Someone whose night duties are at least this percentage of their duties in the
    reference period is a night worker."""
    booking_margin_minutes: Minutes = 4 * 60
    """Booked on and off times further than this outside the patrol need a reason."""


SECTIONS = ("calendar", "officer", "pcso", "council", "working_time")


class PayRules(Section):
    """The whole rule book, one sub-model per section."""

    calendar: CalendarRules = Field(default_factory=CalendarRules)
    officer: OfficerRules = Field(default_factory=OfficerRules)
    pcso: PcsoRules = Field(default_factory=PcsoRules)
    council: CouncilRules = Field(default_factory=CouncilRules)
    working_time: WorkingTimeRules = Field(default_factory=WorkingTimeRules)

    def sections(self) -> dict[str, dict[str, Any]]:
        """One JSON-ready dict per section, as the store keeps them."""
        dumped = self.model_dump(mode="json")
        return {name: dumped[name] for name in SECTIONS}

    @classmethod
    def from_sections(cls, sections: dict[str, Any]) -> PayRules:
        """Rebuild from stored sections; a missing section takes its defaults."""
        return cls.model_validate({k: v for k, v in sections.items() if k in SECTIONS})


def default_rules() -> PayRules:
    return PayRules()
