"""Deterministic sample data: the same seed always gives the same operation.

`demo` looks like the published operation (12 areas, about 7 months, 12,000-12,500 worked
hours and exactly 157 arrests); `county` is a force running it for three years
(1,000,000 assignments) for benchmarks; `national` is the county's shape over three times
the areas and five years (5,000,000 assignments), written a few weeks at a time.

Each looks like an operation whose assignments were checked for working time as they were
made. The demo's people patrol little enough to need no more; in county-shaped samples
people are given patrols that keep their daily and weekly rest around their rostered
normal duties, those who do a lot of extra duty have signed the 48-hour opt-out (recorded
before the operation began), and the few who have not are kept within the average. The
full check runs as the file is made, so it holds exactly the breaches that check finds.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from hotspot_tui.domain.clock_utc import to_utc_text
from hotspot_tui.domain.ids import seeded_id
from hotspot_tui.domain.operation import ALL_AREAS, FIRST_TWELVE_AREAS
from hotspot_tui.domain.refs import unique_ref
from hotspot_tui.domain.rules import WorkingTimeRules
from hotspot_tui.domain.working_time import default_break_minutes
from hotspot_tui.services.sample_areas import NATIONAL_AREAS, REGION
from hotspot_tui.services.sample_police import COUNTY_VOLUME, DEMO_VOLUME, Volume

Scale = Literal["demo", "county", "national"]
Progress = Callable[[str, int, int], None]
Part = tuple[str, list[dict[str, Any]]]
"""Rows for one table (a table may come in several parts)."""

LONDON = ZoneInfo("Europe/London")
FORCE_NAME = "Hertfordshire Constabulary"
GENERATOR = "sample-generator"
BOOKED_BY = "PS 2211 Dale"
APPROVED_BY = "Insp 0412 Mercer"

# 2025/26 annual pay, pence. Constable entry and top points from DOMAIN.md; sergeant
# points are the usual 2024/25 points uplifted by 4.2% (verify against Annex F).
CONSTABLE_POINTS = (3_116_300, 5_025_700)
SERGEANT_POINTS = (5_206_400, 5_315_700, 5_468_900)
PCSO_POINTS = (2_113_500, 2_227_000, 2_340_600)

COUNCILS = (
    # name, weekday, weekend, bank holiday recharge (pence an hour)
    ("Watford Borough Council", 2150, 2580, 3225),
    ("Stevenage Borough Council", 2080, 2500, 3120),
    ("Dacorum Borough Council", 2210, 2650, 3315),
    ("St Albans City and District Council", 2190, 2630, 3285),
)

SPEND_LINES = (
    ("Redeployable CCTV cameras (4)", "crime prevention", "Watford", 2_400_000, date(2026, 6, 12)),
    ("Street lighting upgrade, Oxhey Drive", "crime prevention", "South Oxhey", 1_850_000, date(2026, 7, 3)),
    ("Youth diversion sessions, summer", "crime prevention", "Stevenage", 1_200_000, date(2026, 7, 20)),
    ("Shop-watch radios for town centre", "crime prevention", "Hemel Hempstead", 640_000, date(2026, 8, 14)),
    ("Knife bins and signage", "crime prevention", None, 395_000, date(2026, 9, 2)),
)

FIRST_NAMES = tuple(
    (
        "Aaron Abigail Adam Aisha Alex Alice Amir Amy Andrew Anna Ben Beth Callum Charlotte Chloe "
        "Chris Connor Daniel Danielle David Declan Eleanor Ellie Emma Ethan Faye Finn Gemma George "
        "Grace Hannah Harry Harvey Imogen Isaac Jack Jade James Jasmine Jess Joe Jordan Josh Kate "
        "Kieran Laura Leah Liam Lucy Luke Maria Mark Matt Megan Mia Mohammed Naomi Nathan Nina "
        "Oliver Olivia Omar Patrick Paul Priya Rachel Raj Rebecca Rhys Rob Ruby Ryan Sam Sarah "
        "Scott Sophie Stephen Tom Tyler Victoria Will Zara Zoe"
    ).split()
)
SURNAMES = tuple(
    (
        "Adams Ahmed Allen Bailey Baker Barnes Bell Bennett Brown Butler Campbell Carter Clarke "
        "Collins Cook Cooper Cox Davies Davis Edwards Ellis Evans Fisher Foster Green Griffiths "
        "Hall Harris Hill Hughes Hussain Jackson James Johnson Jones Kaur Kelly Khan King Lee Lewis "
        "Marshall Martin Mason Mitchell Moore Morgan Morris Murphy Owen Palmer Parker Patel "
        "Phillips Powell Price Richards Roberts Robinson Rogers Russell Scott Shaw Simpson Singh "
        "Smith Stevens Taylor Thomas Thompson Turner Walker Ward Watson White Wilkinson Williams "
        "Wilson Wood Wright Young"
    ).split()
)


UNIQUE_NAMES = 6000
"""Names are all different up to this many people (of the 6,723 the lists make); the
national sample's 7,500 share some, as a force's people do."""


@dataclass
class SampleDataset:
    """Rows for each table, keyed by column name, in insertion order."""

    areas: list[dict[str, Any]] = field(default_factory=list)
    employers: list[dict[str, Any]] = field(default_factory=list)
    staff: list[dict[str, Any]] = field(default_factory=list)
    shifts: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    budget: list[dict[str, Any]] = field(default_factory=list)
    area_allocations: list[dict[str, Any]] = field(default_factory=list)
    spend_lines: list[dict[str, Any]] = field(default_factory=list)
    normal_duties: list[dict[str, Any]] = field(default_factory=list)
    opt_outs: list[dict[str, Any]] = field(default_factory=list)

    def tables(self) -> Iterator[Part]:
        for name in (
            "areas", "employers", "staff", "budget", "area_allocations", "spend_lines",
            "shifts", "assignments", "outcomes", "normal_duties", "opt_outs",
        ):
            yield name, getattr(self, name)


@dataclass(frozen=True)
class ScaleSpec:
    areas: tuple[tuple[str, str, str], ...]
    officers: int
    pcsos: int
    ceos: int
    first_day: date
    last_day: date
    as_of: date
    approved_until: date
    """Bookings of patrols up to this day are approved for payment; later ones wait."""
    assignments: int = 0
    """How many assignments a county-shaped sample makes (the demo's follow from its hours)."""
    police: Volume = DEMO_VOLUME
    """How much sample police data a month."""


WORKING_TIME = WorkingTimeRules()
DEMO = ScaleSpec(FIRST_TWELVE_AREAS, 200, 40, 20, date(2026, 5, 1), date(2026, 11, 30), date(2026, 11, 25),
                 date(2026, 11, 15))
COUNTY_ASSIGNMENTS = 1_000_000
COUNTY = ScaleSpec(ALL_AREAS, 2060, 300, 140, date(2024, 5, 1), date(2027, 4, 30), date(2026, 11, 25),
                   date(2027, 4, 30), COUNTY_ASSIGNMENTS, COUNTY_VOLUME)
NATIONAL_VOLUME = Volume(area_scale=COUNTY_VOLUME.area_scale, background=3 * COUNTY_VOLUME.background,
                         background_points=3 * COUNTY_VOLUME.background_points, lsoas=3 * COUNTY_VOLUME.lsoas,
                         busy_points=3 * COUNTY_VOLUME.busy_points, region=REGION)
NATIONAL = ScaleSpec(NATIONAL_AREAS, 3 * COUNTY.officers, 3 * COUNTY.pcsos, 3 * COUNTY.ceos, date(2022, 5, 1),
                     date(2027, 4, 30), COUNTY.as_of, COUNTY.approved_until, 5 * COUNTY_ASSIGNMENTS,
                     NATIONAL_VOLUME)
"""The county's shape over three times the areas (its neighbours' towns too), with three
times the people, for five years instead of three: five times the assignments."""

DEMO_HOURS_RANGE = (12_000 * 60, 12_500 * 60)
DEMO_ARRESTS = 157


def _ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


class _Builder:
    def __init__(self, seed: int, spec: ScaleSpec) -> None:
        self.rng = random.Random(seed)
        self.spec = spec
        self.data = SampleDataset()
        self.stamp = to_utc_text(_local(spec.first_day, time(8, 0)) - timedelta(days=14))
        self.base_ms = _ms(spec.first_day - timedelta(days=14))
        self.shift_times: dict[str, tuple[datetime, datetime, int]] = {}
        self.shift_refs: set[str] = set()

    def new_id(self, day: date | None = None) -> str:
        return seeded_id(self.rng, _ms(day) if day else self.base_ms)

    def areas_and_employers(self) -> None:
        for name, district, code in self.spec.areas:
            self.data.areas.append({
                "id": self.new_id(), "name": name, "district": district, "cost_code": code,
                "active": 1, "created_at": self.stamp,
            })
        self.force_id = self.new_id()
        self.data.employers.append({
            "id": self.force_id, "name": FORCE_NAME, "kind": "force", "weekday_rate_pence": None,
            "weekend_rate_pence": None, "holiday_rate_pence": None, "created_at": self.stamp,
        })
        self.council_ids = []
        for name, weekday, weekend, holiday in COUNCILS:
            employer_id = self.new_id()
            self.council_ids.append(employer_id)
            self.data.employers.append({
                "id": employer_id, "name": name, "kind": "council", "weekday_rate_pence": weekday,
                "weekend_rate_pence": weekend, "holiday_rate_pence": holiday, "created_at": self.stamp,
            })

    def people(self) -> None:
        rng = self.rng
        used_names: set[str] = set()
        area_ids = [a["id"] for a in self.data.areas]

        def name() -> str:
            while True:
                candidate = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
                if candidate not in used_names or len(used_names) > UNIQUE_NAMES:
                    used_names.add(candidate)
                    return candidate

        def add(kind: str, index: int, **fields: Any) -> None:
            row = {
                "id": self.new_id(), "payroll_number": f"HC{100000 + len(self.data.staff):06d}",
                "collar_number": None, "name": name(), "kind": kind, "rank": None,
                "employer_id": self.force_id, "home_area_id": rng.choice(area_ids),
                "pay_basis": "annual", "annual_salary_pence": None, "hourly_rate_pence": None,
                "contracted_weekly_minutes": 40 * 60, "active": 1,
                "created_at": self.stamp, "updated_at": self.stamp,
            }
            row.update(fields)
            self.data.staff.append(row)

        sergeants = max(1, self.spec.officers * 3 // 20)
        for i in range(self.spec.officers):
            is_sergeant = i < sergeants
            points = SERGEANT_POINTS if is_sergeant else CONSTABLE_POINTS
            salary = rng.choice(points) if is_sergeant else (
                CONSTABLE_POINTS[1] if rng.random() < 0.7 else CONSTABLE_POINTS[0]
            )
            add("officer", i, rank="sergeant" if is_sergeant else "constable",
                collar_number=str(1000 + i), annual_salary_pence=salary)
        pcso_collars = max(7000, 1000 + self.spec.officers)
        for i in range(self.spec.pcsos):
            add("pcso", i, collar_number=f"{pcso_collars + i}", annual_salary_pence=rng.choice(PCSO_POINTS),
                contracted_weekly_minutes=37 * 60 if rng.random() < 0.85 else 30 * 60)
        for i in range(self.spec.ceos):
            council = self.council_ids[i % len(self.council_ids)]
            add("ceo", i, employer_id=council, pay_basis="recharge",
                payroll_number=f"CE{5000 + i:05d}", contracted_weekly_minutes=37 * 60)

    def budget(self) -> None:
        spec = self.spec
        starts = date(2026, 5, 1) if spec is DEMO else spec.first_day
        ends = date(2027, 4, 30)
        self.data.budget.append({
            "id": 1, "name": "Hotspot Action Fund", "grant_pence": 100_000_000,
            "starts_on": starts.isoformat(), "ends_on": ends.isoformat(), "updated_at": self.stamp,
        })
        patrol_share = 100_000_000 - sum(line[3] for line in SPEND_LINES)
        weights = [3 if a["name"] in {"Watford", "Stevenage", "St Albans", "Hemel Hempstead"} else 2
                   for a in self.data.areas]
        total = sum(weights)
        remaining = patrol_share
        for area, weight in zip(self.data.areas, weights, strict=True):
            share = patrol_share * weight // total // 100_000 * 100_000
            remaining -= share
            self.data.area_allocations.append(
                {"area_id": area["id"], "allocation_pence": share, "updated_at": self.stamp})
        self.data.area_allocations[0]["allocation_pence"] += remaining
        by_name = {a["name"]: a["id"] for a in self.data.areas}
        for description, category, area_name, amount, spent_on in SPEND_LINES:
            self.data.spend_lines.append({
                "id": self.new_id(spent_on), "description": description, "category": category,
                "area_id": by_name.get(area_name) if area_name else None, "amount_pence": amount,
                "spent_on": spent_on.isoformat(), "created_at": self.stamp, "created_by": GENERATOR,
            })

    def shift_row(self, area_id: str, day: date, start: time, hours: int, need: tuple[int, int, int],
                  notes: str = "") -> dict[str, Any]:
        start_at = _local(day, start)
        end_at = _local(day + timedelta(days=1) if start.hour + hours >= 24 else day,
                        time((start.hour + hours) % 24, start.minute))
        created = to_utc_text(start_at - timedelta(days=21))
        shift_id = self.new_id(day)
        ref = unique_ref(shift_id, self.shift_refs.__contains__)
        self.shift_refs.add(ref)
        row: dict[str, Any] = {
            "id": shift_id, "ref": ref, "area_id": area_id, "start_utc": to_utc_text(start_at),
            "end_utc": to_utc_text(end_at), "local_date": day.isoformat(),
            "need_officer": need[0], "need_pcso": need[1], "need_ceo": need[2],
            "status": "planned", "pattern_id": None, "notes": notes, "cancel_reason": None,
            "break_minutes": default_break_minutes(hours * 60, WORKING_TIME),
            "created_at": created, "created_by": GENERATOR, "updated_at": created,
        }
        self.data.shifts.append(row)
        self.shift_times[row["id"]] = (start_at.astimezone(UTC), end_at.astimezone(UTC), _ms(day))
        return row

    def rest_day(self, person: dict[str, Any], shift: dict[str, Any]) -> int:
        """Officers: 6 in 10 patrols on a rest day (drawn); PCSOs: their weekend patrols (no
        draw, so the rest of the sample stays as the seed makes it)."""
        if person["kind"] == "officer":
            return 1 if self.rng.random() < 0.6 else 0
        if person["kind"] == "pcso":
            return 1 if date.fromisoformat(shift["local_date"]).weekday() >= 5 else 0
        return 0

    def assignment_row(self, shift: dict[str, Any], person: dict[str, Any], status: str,
                       worked: tuple[datetime, datetime] | None, told: date) -> dict[str, Any]:
        planned_start, planned_end, day_ms = self.shift_times[shift["id"]]
        approved = bool(worked) and shift["local_date"] <= self.spec.approved_until.isoformat()
        actual_start = actual_end = None
        if worked:
            actual_start = shift["start_utc"] if worked[0] == planned_start else to_utc_text(worked[0])
            actual_end = shift["end_utc"] if worked[1] == planned_end else to_utc_text(worked[1])
        row = {
            "id": seeded_id(self.rng, day_ms), "shift_id": shift["id"],
            "staff_id": person["id"], "status": status, "start_utc": shift["start_utc"],
            "end_utc": shift["end_utc"],
            "actual_start_utc": actual_start,
            "actual_end_utc": actual_end,
            "told_on": told.isoformat(),
            "rest_day": self.rest_day(person, shift),
            "casual": 0, "straight_on": 0,
            "reason": None, "override_reason": None,
            "worked_minutes": int((worked[1] - worked[0]).total_seconds() // 60) if worked else None,
            "cost_pence": 0, "created_at": shift["created_at"], "created_by": GENERATOR,
            "updated_at": shift["created_at"],
            "booked_by": BOOKED_BY if worked else None,
            "booked_at": shift["end_utc"] if worked else None,
            "approved_by": APPROVED_BY if approved else None,
            "approved_at": shift["end_utc"] if approved else None,
        }
        self.data.assignments.append(row)
        return row


def _worked_span(b: _Builder, shift: dict[str, Any]) -> tuple[datetime, datetime]:
    rng = b.rng
    start, end, _ = b.shift_times[shift["id"]]
    roll = rng.random()
    if roll < 0.15:
        end += timedelta(minutes=rng.choice((15, 30, 45, 60, 90)))
    elif roll < 0.22:
        start += timedelta(minutes=rng.choice((15, 30)))
    return start, end


def _demo_patrols(b: _Builder) -> None:
    """Evening 18:00-02:00 on Thu-Sat and weekend afternoons 12:00-20:00, per area."""
    rng = b.rng
    spec = b.spec
    pools: dict[str, list[dict[str, Any]]] = {"officer": [], "pcso": [], "ceo": []}
    for member in b.data.staff:
        pools[member["kind"]].append(member)
    busy_until: dict[str, datetime] = {}
    from hotspot_tui.domain.clock_utc import from_utc_text

    def pick(kind: str, shift: dict[str, Any], taken: set[str]) -> dict[str, Any] | None:
        start = from_utc_text(shift["start_utc"])
        for _ in range(40):
            person = rng.choice(pools[kind])
            free = busy_until.get(person["id"], datetime.min.replace(tzinfo=UTC))
            if person["id"] not in taken and free + timedelta(hours=11) <= start:
                return person
        return None

    for day in _days(spec.first_day, spec.last_day):
        weekday = day.weekday()
        for area in b.data.areas:
            plans: list[tuple[time, int, tuple[int, int, int]]] = []
            if weekday in (4, 5) and rng.random() < 0.56:
                plans.append((time(18, 0), 8, (2, 1, 1 if rng.random() < 0.3 else 0)))
            elif weekday == 3 and rng.random() < 0.14:
                plans.append((time(18, 0), 8, (2, 0, 0)))
            if weekday in (5, 6) and rng.random() < 0.16:
                plans.append((time(12, 0), 8, (1, 1, 0)))
            for start, hours, need in plans:
                shift = b.shift_row(area["id"], day, start, hours, need)
                future = day >= spec.as_of
                taken: set[str] = set()
                for kind, count in zip(("officer", "pcso", "ceo"), need, strict=True):
                    short = future and rng.random() < 0.15
                    for _ in range(count - (1 if short and count else 0)):
                        person = pick(kind, shift, taken)
                        if person is None:
                            continue
                        taken.add(person["id"])
                        told = day - timedelta(days=rng.choice((3, 5, 9, 12, 16, 20, 28)))
                        if future:
                            status, worked = "planned", None
                        else:
                            roll = rng.random()
                            status = "no_show" if roll < 0.02 else "cancelled" if roll < 0.06 else "worked"
                            worked = _worked_span(b, shift) if status == "worked" else None
                        row = b.assignment_row(shift, person, status, worked, told)
                        if status == "cancelled":
                            row["reason"] = rng.choice(("Sick", "Court warning", "Abstracted to response"))
                        if status in ("planned", "worked"):
                            busy_until[person["id"]] = from_utc_text(row["actual_end_utc"] or row["end_utc"])
    _fit_demo_hours(b)
    _demo_outcomes(b)


def _fit_demo_hours(b: _Builder) -> None:
    """Cancel worked assignments at random until worked hours sit in the published range."""
    low, high = DEMO_HOURS_RANGE
    worked = [a for a in b.data.assignments if a["status"] == "worked"]
    total = sum(a["worked_minutes"] for a in worked)
    if total < low:
        raise RuntimeError(f"sample too small: {total / 60:.0f} h worked")
    b.rng.shuffle(worked)
    target = (low + high) // 2
    for row in worked:
        if total <= target:
            break
        total -= row["worked_minutes"]
        row.update(status="cancelled", actual_start_utc=None, actual_end_utc=None,
                   worked_minutes=None, reason="Stood down: duty cover needed elsewhere",
                   booked_by=None, booked_at=None, approved_by=None, approved_at=None)


def _demo_outcomes(b: _Builder) -> None:
    rng = b.rng
    worked_shift_ids = sorted({a["shift_id"] for a in b.data.assignments if a["status"] == "worked"})
    counts: dict[str, dict[str, int]] = {}

    def spread(column: str, total: int) -> None:
        for _ in range(total):
            sid = rng.choice(worked_shift_ids)
            counts.setdefault(sid, {}).setdefault(column, 0)
            counts[sid][column] += 1

    spread("arrests", DEMO_ARRESTS)
    spread("stop_searches", 321)
    spread("weapons", 25)
    spread("dispersals", 312)
    spread("cpw", 241)
    spread("cpn", 96)
    spread("pspo", 105)
    spread("other", 40)
    spread("informal_warnings", 180)
    shift_by_id = {s["id"]: s for s in b.data.shifts}
    for sid in worked_shift_ids:
        row = {"shift_id": sid, "arrests": 0, "stop_searches": 0, "weapons": 0, "dispersals": 0,
               "cpw": 0, "cpn": 0, "pspo": 0, "informal_warnings": 0, "other": 0, "notes": "",
               "updated_at": shift_by_id[sid]["end_utc"], "updated_by": GENERATOR}
        row.update(counts.get(sid, {}))
        b.data.outcomes.append(row)


UNSIGNED_EVERY = 9
"""One person in this many (by their place in the staff list) has not signed the 48-hour
opt-out: supervisors give them a patrol a fortnight at most, which keeps them within 48
hours a week on average."""
UNSIGNED_GAP_DAYS = 14
OUTCOME_EVERY = 11
"""County-shaped samples record outcomes for every this-many-th patrol that has ended."""
OPT_OUT_REASON = "Signed the 48-hour opt-out form before the operation began (on personnel file)"


def _signs_opt_out(index: int) -> bool:
    return index % UNSIGNED_EVERY != UNSIGNED_EVERY // 2


class _Rota:
    """Who patrols next on a day: each kind's pool of that day's parity, taken in turn from
    the day's starting place, passing over anyone who has not signed the opt-out and
    patrolled less than a fortnight ago."""

    def __init__(self, staff: list[dict[str, Any]]) -> None:
        self.pools: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.unsigned: set[str] = set()
        for index, person in enumerate(staff):
            self.pools.setdefault((person["kind"], index % 2), []).append(person)
            if not _signs_opt_out(index):
                self.unsigned.add(person["id"])
        self.last_patrol: dict[str, date] = {}
        self.day = date.min
        self.parity = 0
        self.offsets: dict[str, int] = {}
        self.used: dict[str, int] = {}

    def start(self, day: date, parity: int, offsets: dict[str, int]) -> None:
        self.day, self.parity, self.offsets = day, parity, offsets
        self.used = {kind: 0 for kind in offsets}

    def take(self, kind: str) -> dict[str, Any] | None:
        pool = self.pools[(kind, self.parity)]
        while self.used[kind] < len(pool):
            person = pool[(self.offsets[kind] + self.used[kind]) % len(pool)]
            self.used[kind] += 1
            if person["id"] in self.unsigned:
                last = self.last_patrol.get(person["id"])
                if last is not None and (self.day - last).days < UNSIGNED_GAP_DAYS:
                    continue
                self.last_patrol[person["id"]] = self.day
            return person
        return None

    def exhausted(self, kind: str) -> bool:
        return self.used[kind] >= len(self.pools[(kind, self.parity)])


def _county_patrols(b: _Builder, outcomes: _Outcomes, progress: Progress | None) -> Iterator[Part]:
    """About 35 person-patrols a day in each area, over the spec's days.

    People work on alternate days (by a fixed parity), so nobody is double-booked and
    everyone keeps their daily and weekly rest; the few who have not signed the 48-hour
    opt-out get a patrol a fortnight at most. The rows come a few weeks at a time.
    """
    rng = b.rng
    spec = b.spec
    days = list(_days(spec.first_day, spec.last_day))
    rota = _Rota(b.data.staff)
    slots = ((time(8, 0), 8), (time(12, 0), 8), (time(16, 0), 8), (time(18, 0), 8), (time(20, 0), 6))
    made = 0
    for day_index, day in enumerate(days):
        want = (day_index + 1) * spec.assignments // len(days) - made
        rota.start(day, day_index % 2, {kind: rng.randrange(1000) for kind in ("officer", "pcso", "ceo")})
        done = 0
        future = day >= spec.as_of
        while done < want:
            for area in b.data.areas:
                if done >= want:
                    break
                start, hours = rng.choice(slots)
                need = (3, 1, 1 if rng.random() < 0.3 else 0)
                shift = b.shift_row(area["id"], day, start, hours, need)
                for kind, count in zip(("officer", "pcso", "ceo"), need, strict=True):
                    for _ in range(count):
                        person = rota.take(kind) if done < want else None
                        if person is None:
                            break
                        told = day - timedelta(days=rng.choice((3, 9, 16, 28)))
                        if future:
                            status, worked = "planned", None
                        else:
                            roll = rng.random()
                            status = "no_show" if roll < 0.01 else "cancelled" if roll < 0.04 else "worked"
                            worked = _worked_span(b, shift) if status == "worked" else None
                        b.assignment_row(shift, person, status, worked, told)
                        done += 1
                if rota.exhausted("officer"):
                    want = done
        made += done
        if progress and day_index % 10 == 0:
            progress("patrols", made, spec.assignments)
        if (day_index + 1) % PART_DAYS == 0 or day_index + 1 == len(days):
            shifts, assignments = b.data.shifts, b.data.assignments
            b.data.shifts, b.data.assignments = [], []
            b.shift_times.clear()
            yield "shifts", shifts
            yield "assignments", assignments
            yield "outcomes", outcomes.of(shifts)
    shortfall = spec.assignments - made
    if shortfall:
        raise RuntimeError(f"county sample came out {shortfall} assignments short")


ROSTER_WEEKS_BEFORE = 18
ROSTER_WEEKS_AFTER = 9
TOUR = (time(14, 30), time(20, 30))
"""The county roster's tour on the days a person does not patrol: 11 hours clear of any
patrol before or after it (patrols, overrun included, end by 03:30 and start from 08:00)."""
REST_EVERY = 3
"""Every third day a person does not patrol is a rest day (one every six days): a 24-hour
rest in every week."""


def _county_roster(b: _Builder) -> Iterator[Part]:
    """Every officer's and PCSO's normal duties from 18 weeks before the sample's day to 9
    weeks after, as a force duty system would export them: on the days they do not patrol
    (the other parity), a 14:30-20:30 tour, except every third of those days, a rest day."""
    spec = b.spec
    first = spec.as_of - timedelta(weeks=ROSTER_WEEKS_BEFORE)
    first -= timedelta(days=first.weekday())
    last = spec.as_of + timedelta(weeks=ROSTER_WEEKS_AFTER)
    stamp = to_utc_text(_local(spec.as_of, time(6, 0)))
    weeks = (last - first).days // 7 + 1
    times = {d: (to_utc_text(_local(d, time(0))), to_utc_text(_local(d + timedelta(days=1), time(0))),
                 to_utc_text(_local(d, TOUR[0])), to_utc_text(_local(d, TOUR[1])))
             for d in _days(first, first + timedelta(weeks=weeks))}
    for index, person in enumerate(b.data.staff):
        if person["kind"] == "ceo":
            continue
        for w in range(weeks):
            monday = first + timedelta(weeks=w)
            for day in (monday + timedelta(days=k) for k in range(7)):
                since = (day - spec.first_day).days
                if since % 2 == index % 2:
                    continue
                row = {"id": b.new_id(day), "staff_id": person["id"], "local_date": day.isoformat(),
                       "week": monday.isoformat(), "night": 0, "imported_at": stamp,
                       "imported_by": GENERATOR}
                midnight, next_midnight, on, off_duty = times[day]
                if (since // 2 + index) % REST_EVERY == 0:
                    row.update(duty_type="rest_day", start_utc=midnight, end_utc=next_midnight,
                               minutes=0)
                else:
                    row.update(duty_type="day", start_utc=on, end_utc=off_duty, minutes=360)
                b.data.normal_duties.append(row)
        if len(b.data.normal_duties) >= 100_000:
            yield "normal_duties", b.data.normal_duties
            b.data.normal_duties = []
    yield "normal_duties", b.data.normal_duties
    b.data.normal_duties = []


def _county_opt_outs(b: _Builder, seed: int) -> None:
    """The 48-hour opt-out of everyone who signed it, effective from a few weeks before the
    operation began, recorded when the file was set up."""
    rng = random.Random(f"opt-outs-{seed}")
    for index, person in enumerate(b.data.staff):
        if not _signs_opt_out(index):
            continue
        signed = b.spec.first_day - timedelta(days=rng.randrange(15, 90))
        b.data.opt_outs.append({
            "id": seeded_id(rng, _ms(signed)), "staff_id": person["id"],
            "effective_from": signed.isoformat(), "opted_out": 1, "reason": OPT_OUT_REASON,
            "recorded_at": b.stamp, "recorded_by": GENERATOR,
        })


class _Outcomes:
    """Outcomes for every `OUTCOME_EVERY`-th patrol that ended before the sample's day,
    from their own random numbers (the same whichever parts the patrols come in)."""

    def __init__(self, seed: int, spec: ScaleSpec) -> None:
        self.rng = random.Random(f"outcomes-{seed}")
        self.before = to_utc_text(_local(spec.as_of, time(0, 0)))
        self.seen = 0

    def of(self, shifts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self.rng
        rows = []
        for shift in shifts[-self.seen % OUTCOME_EVERY::OUTCOME_EVERY]:
            if shift["end_utc"] < self.before:
                rows.append({
                    "shift_id": shift["id"], "arrests": rng.choice((0, 0, 0, 1)),
                    "stop_searches": rng.choice((0, 0, 1, 2)), "weapons": 0,
                    "dispersals": rng.choice((0, 1, 2)), "cpw": 0, "cpn": 0, "pspo": 0,
                    "informal_warnings": 0, "other": 0, "notes": "", "updated_at": shift["end_utc"],
                    "updated_by": GENERATOR,
                })
        self.seen += len(shifts)
        return rows


SPECS: dict[str, ScaleSpec] = {"demo": DEMO, "county": COUNTY, "national": NATIONAL}
PART_DAYS = 28
"""County-shaped samples come four weeks of patrols at a time, so even the national
sample's five million assignments never sit in memory at once."""


def generate_parts(seed: int, scale: Scale, progress: Progress | None = None,
                   spec: ScaleSpec | None = None) -> Iterator[Part]:
    """Every row, table by table (county-shaped samples' patrols a few weeks at a time),
    deterministically from `seed` (and `spec`, by default the scale's own). A table's rows
    come after those of the tables they refer to."""
    spec = spec or SPECS[scale]
    builder = _Builder(seed, spec)
    builder.areas_and_employers()
    builder.people()
    builder.budget()
    if scale == "demo":
        _demo_patrols(builder)
        yield from builder.data.tables()
        return
    for name in ("areas", "employers", "staff", "budget", "area_allocations", "spend_lines"):
        yield name, getattr(builder.data, name)
    yield from _county_patrols(builder, _Outcomes(seed, spec), progress)
    yield from _county_roster(builder)
    _county_opt_outs(builder, seed)
    yield "opt_outs", builder.data.opt_outs


def generate(seed: int, scale: Scale, progress: Progress | None = None,
             spec: ScaleSpec | None = None) -> SampleDataset:
    """Every row in memory (`generate_parts` gathered)."""
    data = SampleDataset()
    for name, rows in generate_parts(seed, scale, progress, spec):
        getattr(data, name).extend(rows)
    return data
