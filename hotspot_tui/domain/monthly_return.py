"""The funder's monthly monitoring return: one calendar month's figures, per area and in total.

A month is a Europe/London calendar month. A patrol belongs to the month of the day it
starts (as in the operation report), so a patrol from 22:00 on the last day of a month to
02:00 the next morning counts wholly in the month it started. Person-hours are the booked
(worked) minutes of each person, by their role: police officers, PCSOs, and council and
partner staff (community enforcement officers of councils and BIDs). A booking awaiting a
supervisor's approval is counted, and the return says how many there are; a person still
planned on a patrol that has ended (not booked yet) is not, and the return says so too.

ASB incidents are the anti-social behaviour rows police data holds for the month inside
each area's geography. A month police data does not hold yet is "not yet published or
imported", never 0.

Pure: `services.monthly_return` gathers the rows and `exports.monthly_return` writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from hotspot_tui.domain.asb_powers import ASB_LABELS, ASB_POWERS
from hotspot_tui.domain.audit_chain import Checkpoint
from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.months import Month
from hotspot_tui.domain.payroll_lines import payroll_hours

ROLES = ("officer", "pcso", "ceo")
"""The roles the return counts hours by: the person's kind as the staff list keeps it."""
ROLE_LABELS = {"officer": "Police officers", "pcso": "PCSOs",
               "ceo": "Council and partner staff"}
ROLE_HOURS_LABELS = {"officer": "Police officer person-hours", "pcso": "PCSO person-hours",
                     "ceo": "Council/partner person-hours"}
ZONE_NAME = "Europe/London"
NOT_LOADED = "not yet published/imported"
NO_GEOGRAPHY = "area has no geography"
NO_AREA_PLACED = "no area has a geography"
FORCE_NOT_LOADED = "not yet published/imported for its force"
TOTAL = "Total"

HOURS, COUNT = "hours", "count"


@dataclass(frozen=True)
class Figure:
    """One line of the return: `value` is minutes for hours, else a count; None when
    there is no figure (police data not loaded), with `note` saying why."""

    key: str
    label: str
    unit: str
    value: int | None
    note: str = ""


@dataclass
class AreaMonth:
    area: str
    patrols: int = 0
    minutes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    arrests: int = 0
    stop_searches: int = 0
    weapons: int = 0
    asb_powers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ASB_POWERS, 0))
    other_outcomes: int = 0
    asb_incidents: int | None = None
    incidents_note: str = NOT_LOADED
    """Why there is no count (or what the count leaves out)."""

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())

    @property
    def asb_powers_total(self) -> int:
        return sum(self.asb_powers.values())

    def has_activity(self) -> bool:
        return bool(self.patrols or self.total_minutes or self.arrests or self.stop_searches
                    or self.weapons or self.asb_powers_total or self.other_outcomes)

    def figures(self) -> list[Figure]:
        """The return's lines for this area, in the order the funder reads them."""
        return [
            *(Figure(f"hours_{role}", ROLE_HOURS_LABELS[role], HOURS, self.minutes[role])
              for role in ROLES),
            Figure("hours_total", "Person-hours, all roles", HOURS, self.total_minutes),
            Figure("patrols", "Patrols", COUNT, self.patrols),
            Figure("arrests", "Arrests", COUNT, self.arrests),
            Figure("stop_searches", "Stop and searches", COUNT, self.stop_searches),
            Figure("weapons", "Weapons recovered", COUNT, self.weapons),
            *(Figure(f"asb_{k}", ASB_LABELS[k], COUNT, self.asb_powers[k]) for k in ASB_POWERS),
            Figure("asb_powers_total", "ASB tools and powers used", COUNT, self.asb_powers_total),
            Figure("other_outcomes", "Other outcomes", COUNT, self.other_outcomes),
            Figure("asb_incidents", "ASB incidents (police data)", COUNT, self.asb_incidents,
                   self.incidents_note),
        ]


@dataclass(frozen=True)
class Bookings:
    """How complete the month's bookings are when the figures are read."""

    awaiting_approval: int = 0
    """Worked bookings in the month not yet approved for payment (counted)."""
    awaiting_minutes: int = 0
    unbooked_people: int = 0
    """People still planned on patrols of the month that have ended (not counted)."""
    unbooked_patrols: int = 0
    to_come_people: int = 0
    """People planned on patrols of the month that have not ended yet (not counted)."""


@dataclass(frozen=True)
class PoliceMonth:
    """Police data for the month: whether any is held, and the areas it cannot place."""

    loaded: bool
    """Some force's police data for the month is imported."""
    incidents: Mapping[str, int] = field(default_factory=dict)
    """ASB incidents by area id, for areas with a geography."""
    placed: frozenset[str] = frozenset()
    """The ids of areas with a geography (the others have no count)."""
    not_loaded: frozenset[str] = frozenset()
    """The ids of placed areas a force covering them has not imported the month for (no
    count: `domain.coverage`)."""
    forces: tuple[str, ...] = ()
    """The forces whose files for the month were imported."""
    sample: bool = False
    """Generated demonstration data among them, not real police records."""
    unlocated: int = 0
    """ASB records of the month without a location (in no area placed by a centre and
    radius or a polygon; an area of LSOAs counts them by their LSOA)."""


@dataclass
class MonthlyReturn:
    month: Month
    areas: list[AreaMonth]
    total: AreaMonth
    bookings: Bookings
    police: PoliceMonth
    as_at: datetime
    """When the figures were read (UTC)."""
    checkpoint: Checkpoint | None = None

    @property
    def first_day(self) -> date:
        return month_days(self.month)[0]

    @property
    def last_day(self) -> date:
        return month_days(self.month)[1]

    def coverage(self) -> str:
        return (f"{self.first_day:%d} to {self.last_day:%d %B %Y} ({ZONE_NAME} calendar month; "
                "a patrol counts in the month of the day it starts)")

    def status_figures(self) -> list[Figure]:
        """How complete the bookings were when the figures were read (see `Bookings`)."""
        b = self.bookings
        return [
            Figure("bookings_awaiting_approval", "Bookings counted, not yet approved", COUNT,
                   b.awaiting_approval),
            Figure("hours_awaiting_approval", "Person-hours counted, not yet approved", HOURS,
                   b.awaiting_minutes),
            Figure("people_not_booked", "People on ended patrols not booked (not counted)", COUNT,
                   b.unbooked_people),
            Figure("patrols_not_booked", "Ended patrols with someone not booked", COUNT,
                   b.unbooked_patrols),
            Figure("people_to_come", "Places on patrols still to come (not counted)", COUNT,
                   b.to_come_people),
        ]

    def rows(self) -> list[tuple[str, Figure]]:
        """(area, figure) for every figure of every area, then the total's and the state of
        the bookings (under the total)."""
        rows = [(a.area, f) for a in [*self.areas, self.total] for f in a.figures()]
        return rows + [(TOTAL, f) for f in self.status_figures()]


def month_days(month: Month) -> tuple[date, date]:
    """The first and last day of the month."""
    return month.first_day(), month.shift(1).first_day() - timedelta(days=1)


def booking_notes(ret: MonthlyReturn, as_at_local: datetime) -> list[str]:
    """What the hours include and leave out, in the words a payroll clerk expects."""
    b = ret.bookings
    notes = []
    if b.awaiting_approval:
        notes.append(f"Hours include {b.awaiting_approval:,} booking"
                     f"{'s' if b.awaiting_approval != 1 else ''} ({payroll_hours(b.awaiting_minutes)} h) "
                     "not yet approved for payment.")
    elif ret.total.total_minutes:
        notes.append("Every booking counted is approved for payment.")
    if b.unbooked_people:
        one = b.unbooked_people == 1
        notes.append(f"Not counted: {b.unbooked_people:,} {'person' if one else 'people'} on "
                     f"{b.unbooked_patrols:,} "
                     f"{'patrol that has' if b.unbooked_patrols == 1 else 'patrols that have'} "
                     f"ended but {'is' if one else 'are'} not booked yet.")
    if b.to_come_people:
        notes.append(f"The month is not over: figures to {as_at_local:%d %b %Y %H:%M}; "
                     f"{b.to_come_people:,} planned place{'s' if b.to_come_people != 1 else ''} "
                     "on patrols still to come are not counted.")
    elif as_at_local.date() <= ret.last_day:
        notes.append(f"The month is not over: figures to {as_at_local:%d %b %Y %H:%M}.")
    return notes


def value_text(figure: Figure) -> str:
    """The figure as a file holds it: decimal hours (2 places when exact, else 4) or a
    whole number; empty when there is none."""
    if figure.value is None:
        return ""
    return payroll_hours(figure.value) if figure.unit == HOURS else str(figure.value)


def figure_text(figure: Figure) -> str:
    """The figure as a person reads it: thousands separated, or why there is none."""
    if figure.value is None:
        return figure.note
    whole, dot, part = value_text(figure).partition(".")
    return f"{int(whole):,}{dot}{part}"


def notes(ret: MonthlyReturn) -> list[str]:
    """The lines that say what the figures cover, include and leave out."""
    as_at = to_local_naive(ret.as_at)
    return [
        f"Covers {ret.coverage()}.",
        f"As at {as_at:%d %b %Y %H:%M} ({ZONE_NAME}).",
        *booking_notes(ret, as_at),
        police_note(ret),
    ]


def police_note(ret: MonthlyReturn) -> str:
    police = ret.police
    if not police.loaded:
        return (f"ASB incidents: police data for {ret.first_day:%B %Y} is {NOT_LOADED} "
                "(data.police.uk publishes each month some weeks after it ends).")
    text = (f"ASB incidents: anti-social behaviour recorded by {', '.join(police.forces)} "
            f"(data.police.uk, {ret.first_day:%B %Y}) inside each area's geography")
    if police.unlocated:
        text += (f"; {police.unlocated:,} record{'s' if police.unlocated != 1 else ''} without a "
                 "location counted only in areas set by LSOA")
    text += "."
    unplaced = [a.area for a in ret.areas if a.incidents_note == NO_GEOGRAPHY]
    if unplaced:
        text += f" No count for {len(unplaced)} area{'s' if len(unplaced) != 1 else ''} with no " \
                f"geography: {', '.join(unplaced)}."
    waiting = [a.area for a in ret.areas if a.incidents_note == FORCE_NOT_LOADED]
    if waiting:
        text += (f" No count yet for {', '.join(waiting)}: the month is {NOT_LOADED} for a force "
                 "whose records lie there.")
    if police.sample:
        text += " SAMPLE DATA: generated for the demonstration, not real police records."
    return text


def build(
    month: Month,
    areas: Iterable[Mapping[str, object]],
    patrols: Iterable[Mapping[str, object]],
    minutes: Iterable[Mapping[str, object]],
    outcomes: Iterable[Mapping[str, object]],
    police: PoliceMonth,
    bookings: Bookings,
    as_at: datetime,
    checkpoint: Checkpoint | None = None,
) -> MonthlyReturn:
    """The return from the store's rows: `areas` (id, name, active), `patrols` (area_id,
    patrols), `minutes` (area_id, kind, minutes), `outcomes` (area_id and a column per
    outcome). Retired areas appear only when they have figures for the month."""
    per: dict[str, AreaMonth] = {}

    def of(area_id: object) -> AreaMonth:
        return per.setdefault(str(area_id), AreaMonth(""))

    for r in patrols:
        of(r["area_id"]).patrols = _int(r["patrols"])
    for r in minutes:
        kind = str(r["kind"])
        if kind not in ROLES:
            raise ValueError(f"no role for kind {kind!r}")
        of(r["area_id"]).minutes[kind] += _int(r["minutes"])
    for r in outcomes:
        a = of(r["area_id"])
        a.arrests, a.stop_searches, a.weapons = (_int(r["arrests"]), _int(r["stop_searches"]),
                                                 _int(r["weapons"]))
        a.asb_powers = {k: _int(r[k]) for k in ASB_POWERS}
        a.other_outcomes = _int(r["other"])
    total = AreaMonth(TOTAL)
    shown: list[AreaMonth] = []
    incidents_total = 0
    unplaced: list[str] = []
    waiting: list[str] = []
    for row in areas:
        area_id = str(row["id"])
        a = per.get(area_id) or AreaMonth("")
        a.area = str(row["name"])
        if police.loaded and area_id in police.not_loaded:
            a.incidents_note = FORCE_NOT_LOADED
        elif police.loaded and area_id in police.placed:
            a.asb_incidents, a.incidents_note = police.incidents.get(area_id, 0), ""
        elif police.loaded:
            a.incidents_note = NO_GEOGRAPHY
        if not (row["active"] or a.has_activity() or a.asb_incidents):
            continue
        if a.asb_incidents is not None:
            incidents_total += a.asb_incidents
        elif a.incidents_note == FORCE_NOT_LOADED:
            waiting.append(a.area)
        elif police.loaded:
            unplaced.append(a.area)
        shown.append(a)
        total.patrols += a.patrols
        for role in ROLES:
            total.minutes[role] += a.minutes[role]
        total.arrests += a.arrests
        total.stop_searches += a.stop_searches
        total.weapons += a.weapons
        for k in ASB_POWERS:
            total.asb_powers[k] += a.asb_powers[k]
        total.other_outcomes += a.other_outcomes
    if police.loaded and len(unplaced) + len(waiting) < len(shown):
        total.asb_incidents = incidents_total
        left_out = [f"{', '.join(names)} ({why})" for names, why in
                    ((unplaced, NO_GEOGRAPHY), (waiting, FORCE_NOT_LOADED)) if names]
        total.incidents_note = f"leaves out {'; '.join(left_out)}" if left_out else ""
    elif police.loaded:
        total.incidents_note = FORCE_NOT_LOADED if waiting else NO_AREA_PLACED
    return MonthlyReturn(month, shown, total, bookings, police, as_at, checkpoint)


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {value!r}")
    return value
