"""Settings that take effect from a date: what each one is, how it is typed, and which
value is in force on a given force date.

A setting is one field of one group, named by a dotted key such as
``officer.overtime_multiplier``. Each holds a history of values, each with the date it
takes effect; the value in force on a date is the latest entry dated on or before it, and
a setting with no entry on or before the date has its default. `BEGINNING` dates the
values a file held before settings had dates: they are in force from the start.

Groups are listed in `GROUPS`, each a frozen pydantic model whose fields are its settings
(the pay rules' sections, see `hotspot_tui.domain.rules`). Adding a group of settings to
the app is adding a `Group` here.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.accounts import SIGN_IN_KEY, SignInPolicy
from hotspot_tui.domain.calendar import force_date
from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.dates import EARLIEST_DAY, LATEST_DAY
from hotspot_tui.domain.payroll_lines import ApprovalSettings, ElementCodes
from hotspot_tui.domain.rules import (
    CalendarRules,
    CouncilRules,
    OfficerRules,
    PayRules,
    PcsoRules,
    WorkingTimeRules,
)

BEGINNING = date.min
"""The date of values in force from the start (those a file held before dated settings)."""
EARLIEST = EARLIEST_DAY
LATEST = LATEST_DAY
"""The range a new value's effective date must fall in."""


@dataclass(frozen=True)
class Group:
    name: str
    title: str
    model: type[BaseModel]
    rules_section: bool = True
    """True for the sections of `PayRules` (`load_rules` builds those)."""


GROUPS: tuple[Group, ...] = (
    Group("officer", "Police officers (Regulations Annexes G and H)", OfficerRules),
    Group("pcso", "PCSOs (police staff)", PcsoRules),
    Group("council", "Council and BID staff", CouncilRules),
    Group("calendar", "Force day, week and bank holidays", CalendarRules),
    Group("working_time", "Working time limits", WorkingTimeRules),
    Group("element_codes", "Payroll element codes (the force's code for each pay rule)",
          ElementCodes, rules_section=False),
    Group("approval", "Approving booked hours for payment", ApprovalSettings, rules_section=False),
    Group(SIGN_IN_KEY, "Signing in (operations with accounts)", SignInPolicy, rules_section=False),
)

LABELS: dict[str, str] = {
    "officer.hourly_numerator": "Hourly rate: annual pay × this",
    "officer.hourly_days": "Hourly rate: ÷ days in a year",
    "officer.weekly_hours": "Hourly rate: ÷ weekly hours",
    "officer.overtime_multiplier": "Overtime multiplier",
    "officer.rest_day_multiplier": "Rest day worked, short notice: multiplier",
    "officer.rest_day_notice_clear_days": "Rest day: clear days' notice for no premium",
    "officer.rest_day_long_notice_multiplier": "Rest day worked, long notice: multiplier",
    "officer.public_holiday_multiplier": "Public holiday multiplier",
    "officer.public_holiday_lieu_notice_days": "Public holiday: notice days for no day in lieu",
    "officer.unit_minutes": "Paid in units of (minutes, rounded down)",
    "officer.casual_disregard_minutes": "Casual overtime: minutes disregarded",
    "officer.casual_disregard_occasions": "Casual overtime: occasions a week disregarded",
    "officer.planned_minimum_minutes": "Planned overtime: minimum minutes paid",
    "officer.rest_day_minimum_minutes": "Rest day / public holiday: minimum minutes paid",
    "officer.straight_on_max_minutes": "Straight on from a shift: up to (minutes)",
    "officer.no_overtime_ranks": "Ranks paid no overtime",
    "officer.time_off_due_days": "Rest day / day in lieu owed: due within (days)",
    "pcso.hourly_numerator": "Hourly rate: annual salary × this",
    "pcso.hourly_days": "Hourly rate: ÷ days in a year",
    "pcso.contracted_weekly_hours": "Hourly rate: ÷ contracted weekly hours",
    "pcso.plain_time_threshold_minutes": "Plain time up to (minutes a week)",
    "pcso.weekday_multiplier": "Beyond it, Monday to Saturday: multiplier",
    "pcso.sunday_holiday_multiplier": "Beyond it, Sunday / public holiday: multiplier",
    "pcso.rest_day_time_off_notice_days": "Rest day: notice days for time off as well",
    "pcso.time_off_due_days": "Time off owed: due within (days)",
    "council.weekend_days": "Weekend days (weekend rate)",
    "council.day_starts": "Council day starts at",
    "calendar.timezone": "Time zone",
    "calendar.week_starts": "Force week starts on",
    "calendar.day_starts": "Force day starts at",
    "calendar.holiday_country": "Bank holidays: country",
    "calendar.holiday_subdiv": "Bank holidays: region",
    "calendar.holiday_date_policy": "Bank holiday policy (actual, observed, both)",
    "calendar.extra_holidays": "Extra force holidays",
    "working_time.daily_rest_minutes": "Daily rest (minutes in 24 h)",
    "working_time.weekly_rest_minutes": "Weekly rest (minutes)",
    "working_time.weekly_rest_window_days": "Weekly rest: window (days)",
    "working_time.fortnight_rest_minutes": "Fortnightly rest instead (minutes)",
    "working_time.fortnight_window_days": "Fortnightly rest: window (days)",
    "working_time.average_weekly_minutes": "Average week limit (minutes)",
    "working_time.reference_weeks": "Average week: reference weeks",
    "working_time.break_after_minutes": "Break due after (minutes)",
    "working_time.break_minutes": "Break length (minutes)",
    "working_time.max_shift_minutes": "Longest shift (minutes)",
    "element_codes.ot_4_3": "OT_4_3: officer overtime × 4/3",
    "element_codes.ot_nil": "OT_NIL: officer overtime paid nothing",
    "element_codes.rd_1_5": "RD_1_5: officer rest day, short notice × 1.5",
    "element_codes.rd_lieu": "RD_LIEU: officer rest day, long notice",
    "element_codes.ph_2_0": "PH_2_0: officer public holiday × 2",
    "element_codes.nil_rank": "NIL_RANK: inspector and above (hours only)",
    "element_codes.pcso_plain": "PCSO_PLAIN: PCSO within the week × 1",
    "element_codes.pcso_1_5": "PCSO_1_5: PCSO extra, Mon-Sat × 1.5",
    "element_codes.pcso_2_0": "PCSO_2_0: PCSO extra, Sun/holiday × 2",
    "element_codes.ceo_weekday": "CEO_WEEKDAY: council recharge, weekday",
    "element_codes.ceo_weekend": "CEO_WEEKEND: council recharge, weekend",
    "element_codes.ceo_holiday": "CEO_HOLIDAY: council recharge, holiday",
    "approval.self_approval": "A supervisor may approve hours they booked",
    "working_time.night_average_minutes": "Night worker: average in 24 h (minutes)",
    "working_time.night_starts": "Night time starts at",
    "working_time.night_ends": "Night time ends at",
    "working_time.night_worker_minutes": "Night duty: night time at least (minutes)",
    "working_time.night_worker_share": "Night worker: night duties at least (%)",
    "working_time.booking_margin_minutes": "Booking: on/off times outside the patrol (minutes)",
    "sign_in.failures_before_lockout": "Wrong passwords in a row that lock an account",
    "sign_in.lockout_minutes": "Locked account: stays locked (minutes)",
    "sign_in.idle_minutes": "Browser session: ends when idle (minutes)",
    "sign_in.session_hours": "Browser session: ends after (hours)",
}


@dataclass(frozen=True)
class Setting:
    key: str
    group: Group
    field: str
    label: str
    help: str
    is_list: bool
    optional: bool
    is_time: bool = False

    @property
    def default(self) -> Any:
        return self.group.model().model_dump(mode="json")[self.field]


def _describe(group: Group) -> list[Setting]:
    found = []
    for name, info in group.model.model_fields.items():
        annotation = info.annotation
        is_list = get_origin(annotation) is list
        optional = type(None) in get_args(annotation)
        key = f"{group.name}.{name}"
        found.append(Setting(key, group, name, LABELS.get(key, name.replace("_", " ")),
                             " ".join((info.description or "").split()), is_list, optional,
                             annotation is time))
    return found


SETTINGS: dict[str, Setting] = {s.key: s for g in GROUPS for s in _describe(g)}


def find_setting(key: str) -> Setting:
    found = SETTINGS.get((key or "").strip())
    if found is None:
        raise ValueError(f"{key!r} is not a setting; `settings show` lists them "
                         "(e.g. officer.overtime_multiplier)")
    return found


def refuse_control(text: str, what: str) -> str:
    """The text, or ValueError if it holds control or bidi-formatting characters."""
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise ValueError(f"{what} cannot contain control characters")
    return text


def check_effective(day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"a change takes effect between {EARLIEST:%d %b %Y} and {LATEST:%d %b %Y}")
    return day


_PLAIN = {
    "int_parsing": "{input!r} is not a whole number",
    "int_from_float": "{input!r} is not a whole number",
    "time_parsing": "{input!r} is not a time such as 07:00",
    "time_type": "{input!r} is not a time such as 07:00",
    "date_from_datetime_parsing": "{input!r} is not a date such as 2027-01-05",
    "date_parsing": "{input!r} is not a date such as 2027-01-05",
}


def _first_error(exc: ValidationError, key: str) -> str:
    err = exc.errors()[0]
    plain = _PLAIN.get(str(err.get("type")))
    if plain and isinstance(err.get("input"), str):
        return f"{key}: {plain.format(input=err['input'])}"
    message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{key}: {message}"


def parse_value(setting: Setting, text: str, current: dict[str, Any]) -> Any:
    """The JSON value typed as `text` (lists comma-separated; ``none`` or nothing empties
    an optional value), checked with the rest of its group as in force (`current`, the
    group's JSON). Raises ValueError with one line naming the key."""
    raw = refuse_control((text or "").strip(), setting.key)
    value: Any
    if setting.is_list:
        value = [part.strip() for part in raw.split(",") if part.strip()]
    elif setting.optional and raw.lower() in ("", "none", "-"):
        value = None
    elif not raw:
        raise ValueError(f"{setting.key}: give a value")
    elif setting.is_time and re.fullmatch(r"\d:\d\d", raw):
        value = f"0{raw}"
    else:
        value = raw
    try:
        model = setting.group.model.model_validate({**current, setting.field: value})
    except ValidationError as exc:
        raise ValueError(_first_error(exc, setting.key)) from None
    return model.model_dump(mode="json")[setting.field]


def value_text(value: Any) -> str:
    """A stored JSON value as a person would type it."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "(none)"
    if isinstance(value, str) and len(value) == 8 and value[2] == ":" and value.endswith(":00"):
        return value[:5]
    return str(value)


@dataclass(frozen=True)
class Entry:
    """One dated value of one setting."""

    key: str
    effective_from: date
    value: Any
    recorded_at: str = ""
    recorded_by: str = ""
    reason: str | None = None


class Timeline:
    """Every setting's dated values; the groups (and `PayRules`) in force on any date.

    Values change only on the dates of entries, so the rules for a date are built once per
    run of dates between changes and shared."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = sorted(entries, key=lambda e: (e.key, e.effective_from))
        self.change_dates = sorted({e.effective_from for e in self.entries})
        self._by_key: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self._by_key.setdefault(entry.key, []).append(entry)
        self._groups: dict[int, dict[str, dict[str, Any]]] = {}
        self._rules: dict[int, PayRules] = {}

    def _slot(self, day: date) -> int:
        return bisect.bisect_right(self.change_dates, day)

    def history(self, key: str) -> list[Entry]:
        return list(self._by_key.get(key, ()))

    def entry_on(self, key: str, day: date) -> Entry | None:
        found = None
        for entry in self._by_key.get(key, ()):
            if entry.effective_from > day:
                break
            found = entry
        return found

    def value_on(self, key: str, day: date) -> Any:
        entry = self.entry_on(key, day)
        return entry.value if entry is not None else find_setting(key).default

    def groups_on(self, day: date) -> dict[str, dict[str, Any]]:
        """Each group's stored values in force on `day` (JSON; defaults left out)."""
        slot = self._slot(day)
        found = self._groups.get(slot)
        if found is None:
            found = {}
            for key in self._by_key:
                entry = self.entry_on(key, day)
                if entry is not None:
                    group, _, field = key.partition(".")
                    found.setdefault(group, {})[field] = entry.value
            self._groups[slot] = found
        return found

    def group_on(self, name: str, day: date) -> BaseModel:
        """One group's settings in force on a force date, as its model; ValueError (naming
        the setting) if the stored values are invalid."""
        group = next((g for g in GROUPS if g.name == name), None)
        if group is None:
            raise ValueError(f"{name}: not a group of settings")
        try:
            return group.model.model_validate(self.groups_on(day).get(name, {}))
        except ValidationError as exc:
            where = ".".join(str(p) for p in exc.errors()[0].get("loc", ()))
            raise ValueError(_first_error(exc, f"{name}.{where}" if where else name)) from None

    def rules_on(self, day: date) -> PayRules:
        """The pay rules in force on a force date; ValueError (naming the setting) if the
        stored values do not make valid rules."""
        slot = self._slot(day)
        found = self._rules.get(slot)
        if found is None:
            groups = self.groups_on(day)
            try:
                found = PayRules.from_sections(
                    {g.name: groups.get(g.name, {}) for g in GROUPS if g.rules_section}
                )
            except ValidationError as exc:
                err = exc.errors()[0]
                key = ".".join(str(p) for p in err.get("loc", ()))
                message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
                raise ValueError(f"{key}: {message}" if key else message) from None
            unknown = sorted(set(groups) - {g.name for g in GROUPS})
            if unknown:
                raise ValueError(f"{unknown[0]}: not a group of settings")
            self._rules[slot] = found
        return found

    def force_today(self) -> date:
        """Today's force date (before the force day starts, it is still yesterday's);
        ValueError if the rules in force today are invalid."""
        now = clock_utc.utc_now()
        return force_date(now, self.rules_on(to_local_naive(now).date()))

    def with_entry(self, entry: Entry) -> Timeline:
        """This timeline with `entry` added (replacing one of the same key and date)."""
        kept = [e for e in self.entries
                if (e.key, e.effective_from) != (entry.key, entry.effective_from)]
        return Timeline([*kept, entry])

    def check_from(self, day: date) -> None:
        """ValueError if the rules in force on `day` or at any later change are invalid."""
        self.rules_on(day)
        for change in self.change_dates:
            if change > day:
                self.rules_on(change)

