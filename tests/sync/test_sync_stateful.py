"""Three copies of one operation, the station's hub and two laptops checked out from it,
driven by hypothesis through random work done through the services: patrols made and
cancelled, people assigned and taken off, hours booked and approved, outcomes, pay and
recharge rates changed from a date, people imported, pay periods locked by their final
export at the station, conflicts resolved. Between the work, laptops sync with the
station in random order: two-way, and by files carried by hand (a reply brought back at
once, later, after a newer one, or never); some syncs are killed part-way, by raising at a
random step inside their transactions or by the process dying there (SIGKILL).

After every step:
- a killed sync leaves each file exactly as it was at its last commit: as before the
  sync, or with that end's part of the sync done whole (the next sync finishes it);
- a two-way sync that ran to the end leaves the laptop holding what the station holds,
  and the same sync run again straight after does nothing;
- every conflict a sync reports is listed, open, at the station (and, after a two-way
  sync, on the laptop);
- wherever a sync has applied changes, every pair of one person's live assignments whose
  times overlap (which only a sync can make: each copy refuses a double booking) is
  listed as an overlap conflict.

At the end, all copies are synced until a round changes nothing. Conflicts are decided,
never dropped (the README's promise), so the check does not compare around them: every
conflict still open is decided at the station through the same service a supervisor uses
(`services.sync.resolve`, keeping a booking wherever the choice is between a booking and
something else, since a supervisor, not the test, may undo one), and the copies are synced
until quiet again. Then:
- every copy holds the same rows in every synced table (the local tables aside: see
  `store.sync_tables`), conflicts and their decisions among them, and the same pay lines;
- no conflict is open on any copy;
- no booking is lost: each booking made on any copy is still a booking, unless a conflict
  names it (its decision, by a supervisor, is what took it away);
- no two live assignments of one person overlap unless a supervisor kept both;
- `audit verify` passes on every copy, and each holds the same entries people made;
- the summary tables equal a fresh GROUP BY, and pay lines and costs equal the pay
  engine's costing of everything afresh.

CI runs a modest number of examples; set HOTSPOT_SYNC_EXAMPLES (and HOTSPOT_SYNC_STEPS,
HOTSPOT_SYNC_CHILD_KILLS) to run many more.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sync_helpers import assert_derived_right, audit_entries, facts, pay_lines, reading
from sync_kill import MODES, killed_child, killed_here, snapshot_of

from hotspot_tui.cli import cli
from hotspot_tui.domain import clock_utc, ids
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import approvals, assignments, costing, outcomes, payroll, shifts
from hotspot_tui.services import sync as sync_service
from hotspot_tui.services.maintenance import verify_audit_chain
from hotspot_tui.services.organisation import set_recharge_rates
from hotspot_tui.services.pay_facts import PayChange, set_pay
from hotspot_tui.services.session import Session, open_session
from hotspot_tui.services.staff_import import import_staff

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("HOTSPOT_SYNC_EXAMPLES", "15"))
STEPS = int(os.environ.get("HOTSPOT_SYNC_STEPS", "25"))
CHILD_KILLS = int(os.environ.get("HOTSPOT_SYNC_CHILD_KILLS", "1"))
"""Syncs killed in a child process per example (each costs a process start)."""
SHRINK = os.environ.get("HOTSPOT_SYNC_SHRINK", "1") != "0"
"""Long runs may report a failure as found, unshrunk (shrinking one takes minutes)."""

START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
"""After every patrol the test makes: each may be booked, and November and December
locked for payment."""
STATION, ALPHA, BRAVO = 0, 1, 2
NAMES = ("station", "alpha", "bravo")
WORKERS = ("PS 1 Station", "PS 2 Alpha", "PS 3 Bravo")
APPROVER = "Insp 9 Jones"
"""Approves on every copy; books nothing, so never approves their own booking."""
COUNCIL = "Watford Borough Council"
STAFF_HEADER = "Payroll number,Collar,Name,Rank,Job title,Annual salary,Contracted hours,Employer\n"
FIRST_STAFF = (
    "HC100001,4001,Asha Patel,Constable,Police Constable,31163,40,\n"
    "HC100002,4002,Ben Okafor,Sergeant,Police Sergeant,52064,40,\n"
    "HC100003,,Cara Lewis,,PCSO,23406,37,\n"
    f"CE000001,,Dev Shah,,Community Enforcement Officer,,37,{COUNCIL}\n"
    f"CE000002,,Eve Grant,,Community Enforcement Officer,,37,{COUNCIL}\n"
)
NEWCOMERS = (
    "HC100004,4004,Finn Moore,Constable,Police Constable,{salary},40,",
    "HC100005,,Gita Rao,,PCSO,{pcso},37,",
    f"CE000003,,Hal Jones,,Community Enforcement Officer,,37,{COUNCIL}",
)
DAYS = (date(2026, 11, 23), date(2026, 11, 28), date(2026, 12, 14), date(2026, 12, 19),
        date(2027, 1, 2))
"""In November and December, which the station may lock, and in January, which it does not."""
SLOTS = ((time(8), time(14)), (time(12), time(18)), (time(18), time(2)))
"""The first two overlap: one person put on both on two copies is a conflict."""
AREAS = ("Watford", "St Albans")
NEED = {"officer": 1, "pcso": 1, "ceo": 2}
PERIODS = ("2026-11", "2026-12")
EFFECTIVE = (date(2026, 11, 1), date(2026, 12, 1), date(2026, 12, 15))
LIVE = ("planned", "worked")


TALLY: Counter[str] = Counter()
"""What the runs did, printed at the end with HOTSPOT_SYNC_STATS=1 (`pytest -s`)."""


def tally(what: str) -> None:
    event(what)
    TALLY[what] += 1


class Clock:
    """The app's clock for the run: each piece of work is a few minutes after the last."""

    def __init__(self) -> None:
        self.now = START

    def tick(self) -> datetime:
        self.now += timedelta(minutes=7)
        return self.now


CLOCK = Clock()


class Entropy:
    """What new row ids are made from (`domain.ids`), from the run's clock and a seeded
    generator: the same run makes the same ids, so hypothesis can replay and shrink it."""

    def __init__(self) -> None:
        self.rng = random.Random(0)

    def urandom(self, n: int) -> bytes:
        return self.rng.randbytes(n)

    def time_ns(self) -> int:
        return int(CLOCK.now.timestamp() * 1_000_000_000)


ENTROPY = Entropy()


def _cli(*args: str) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--as", WORKERS[STATION], *args])
    assert result.exit_code == 0, (args, result.output)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station set up from the example operation file with five people, and two
    laptops checked out from it: all through the public commands."""
    folder = tmp_path_factory.mktemp("operation")
    station = folder / "station.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock_utc, "utc_now", lambda: START - timedelta(days=40))
        from click.testing import CliRunner

        example = CliRunner().invoke(cli, ["setup", "--example"])
        (folder / "operation.toml").write_text(example.stdout, encoding="utf-8")
        _cli("setup", str(folder / "operation.toml"), "--db", str(station))
        (folder / "staff.csv").write_text(STAFF_HEADER + FIRST_STAFF, encoding="utf-8")
        _cli("import", "staff", str(folder / "staff.csv"), "--db", str(station))
        for name in NAMES[1:]:
            _cli("sync", "checkout", "--from", str(station), "--out", str(folder / f"{name}.db"))
    return folder


def rows(db: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with reading(db) as conn:
        return conn.execute(query, params).fetchall()


def pick(options: list[Any], index: int) -> Any | None:
    return options[index % len(options)] if options else None


def live_overlaps(db: Path) -> set[frozenset[str]]:
    """Pairs of one person's live assignments whose planned times overlap."""
    found = rows(db, f"""
        SELECT a.id, b.id FROM assignments a JOIN assignments b
          ON b.staff_id = a.staff_id AND a.id < b.id
         AND b.start_utc < a.end_utc AND a.start_utc < b.end_utc
        WHERE a.status IN {LIVE} AND b.status IN {LIVE}""")
    return {frozenset(pair) for pair in found}


def overlap_conflicts(db: Path) -> dict[frozenset[str], tuple[str | None, str]]:
    """Each overlap conflict listed: its pair, and (the choice made or None, its id)."""
    return {frozenset(json.loads(key)["ids"]): (choice, conflict_id)
            for conflict_id, key, choice in rows(
                db, "SELECT id, row_key, choice FROM sync_conflicts WHERE kind = 'overlap'")}


PAY_LINE_COLUMNS = ["assignment_id", "line_no", "staff_id", "period_id", "code", "minutes", "amount_pence"]
"""The columns `sync_helpers.pay_lines` compares."""


def synced_facts(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {**facts(db), "pay_lines": pay_lines(db)}


def differences(first: dict[str, list[Any]], other: dict[str, list[Any]]) -> dict[str, tuple[Any, Any]]:
    """Per table, the rows only one side holds."""
    out = {}
    for table in first:
        mine, theirs = set(first[table]), set(other[table])
        if mine != theirs:
            out[table] = (sorted(mine - theirs, key=repr), sorted(theirs - mine, key=repr))
    return out


def explain(db: Path, found: dict[str, tuple[Any, Any]], names: tuple[str, str]) -> str:
    """The rows only one side holds, column by column."""
    lines = []
    for table, sides in found.items():
        columns = PAY_LINE_COLUMNS if table == "pay_lines" else \
            [r[1] for r in rows(db, f"PRAGMA table_info([{table}])")]
        for name, side in zip(names, sides, strict=True):
            for row in side:
                lines.append(f"  {table} only on {name}: " + ", ".join(
                    f"{c}={v!r}" for c, v in zip(columns, row, strict=False)))
    return "\n".join(lines)


def fresh_costs(db: Path, scratch: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Pay lines and costs as the pay engine works them out from nothing, on a copy."""
    with contextlib.suppress(FileNotFoundError):
        scratch.unlink()
    target = sqlite3.connect(scratch)
    try:
        with reading(db) as source:
            source.backup(target)
    finally:
        target.close()
    session = open_session(scratch, "checker")
    try:
        with session.writing(Permission.UPKEEP) as d:
            costing.recost_all(d)
    finally:
        session.close()
    return pay_lines(scratch), rows(scratch, "SELECT id, cost_pence FROM assignments ORDER BY id")


@dataclass
class Reply:
    laptop: int
    path: Path


class SyncMachine(RuleBasedStateMachine):
    template: Path
    scratch_root: Path

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(dir=self.scratch_root))
        for name in NAMES:
            shutil.copyfile(self.template / f"{name}.db", self.dir / f"{name}.db")
            (self.dir / f"{name}.db").chmod(0o600)
        self.paths = [self.dir / f"{name}.db" for name in NAMES]
        CLOCK.now = START
        ENTROPY.rng.seed(0)
        self.files = 0
        self.replies: list[Reply] = []
        self.booked: dict[str, str] = {}
        """Each booking made: its assignment, and the copy it was made on."""
        self.child_kills = 0
        self.clash: list[str] = []
        """The two overlapping patrols the station plans first."""

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def say(line: str) -> None:
        note(line)
        if os.environ.get("HOTSPOT_SYNC_TRACE"):
            print(line)

    @contextlib.contextmanager
    def session(self, copy: int, actor: str | None = None) -> Iterator[Session]:
        CLOCK.tick()
        session = open_session(self.paths[copy], actor or WORKERS[copy])
        try:
            yield session
        finally:
            session.close()

    def attempt(self, what: str, copy: int, action: Any, *args: Any, actor: str | None = None,
                **kwargs: Any) -> Any:
        """Do one piece of work through a service; a refusal the app explains in one line
        (a rule, a locked period, a patrol cancelled meanwhile) is part of the work."""
        try:
            with self.session(copy, actor) as session:
                done = action(session, *args, **kwargs)
        except HotspotError as exc:
            self.say(f"{NAMES[copy]}: {what} refused: {exc.message}")
            tally(f"{what.split()[0]}: refused")
            return None
        self.say(f"{NAMES[copy]}: {what}")
        tally(f"{what.split()[0]}: done")
        return done if done is not None else True

    def new_file(self, stem: str) -> Path:
        self.files += 1
        return self.dir / f"{stem}-{self.files}.hsync"

    def check_overlaps_listed(self, copy: int) -> None:
        listed = overlap_conflicts(self.paths[copy])
        unlisted = live_overlaps(self.paths[copy]) - set(listed)
        assert not unlisted, f"overlaps on {NAMES[copy]} not listed as conflicts: {unlisted}"

    def check_conflicts_kept(self, found: int) -> None:
        """Every conflict a sync reports is listed, open, at the station after it."""
        still_open = len(sync_service.list_conflicts(self.paths[STATION]))
        assert still_open >= found, f"the sync found {found} conflicts; {still_open} are open"

    def keep_files(self) -> None:
        """The copies as they failed, for a person to look at (HOTSPOT_SYNC_KEEP=FOLDER)."""
        folder = os.environ.get("HOTSPOT_SYNC_KEEP")
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(self.dir, folder)

    def after_sync(self, laptop: int, *, whole: bool) -> None:
        try:
            self._after_sync(laptop, whole=whole)
        except AssertionError:
            self.keep_files()
            raise

    def _after_sync(self, laptop: int, *, whole: bool) -> None:
        self.check_overlaps_listed(STATION)
        if whole:
            hub, copy = synced_facts(self.paths[STATION]), synced_facts(self.paths[laptop])
            found = differences(hub, copy)
            assert not found, (f"{NAMES[laptop]} differs from the station after a whole sync:\n"
                               + explain(self.paths[STATION], found, ("station", NAMES[laptop])))
            self.check_overlaps_listed(laptop)

    # ------------------------------------------------------------------ work

    @initialize(plan=st.lists(st.tuples(st.sampled_from(DAYS), st.sampled_from(SLOTS),
                                        st.sampled_from(AREAS), st.integers(0, 99)),
                              min_size=2, max_size=5),
                clash=st.sampled_from(DAYS))
    def plan_at_the_station(self, plan: list[tuple[date, tuple[time, time], str, int]],
                            clash: date) -> None:
        """Patrols planned at the station, two people on each where the rules allow, and
        two overlapping patrols nobody is on yet: all taken by both laptops before they go
        out."""
        for day, slot, area, people in plan:
            self.add_patrol(STATION, day, slot, area)
            self.assign(STATION, -1, people, override=True)
            self.assign(STATION, -1, people + 3, override=True)
        for slot, area in zip(SLOTS[:2], AREAS, strict=True):
            self.add_patrol(STATION, clash, slot, area)
        self.clash = [r[0] for r in rows(self.paths[STATION], "SELECT id FROM shifts ORDER BY rowid DESC "
                                                              "LIMIT 2")]
        for laptop in (ALPHA, BRAVO):
            sync_service.sync_with_hub(self.paths[laptop], self.paths[STATION], WORKERS[laptop])

    @rule(copy=st.integers(0, 2), day=st.sampled_from(DAYS), slot=st.sampled_from(SLOTS),
          area=st.sampled_from(AREAS))
    def add_patrol(self, copy: int, day: date, slot: tuple[time, time], area: str) -> None:
        def make(session: Session) -> str:
            area_id, _ = shifts.area_named(session, area)
            return shifts.create_shift(session, shifts.ShiftDraft(area_id, day, *slot, dict(NEED)))

        self.attempt(f"add patrol {day} {slot[0]:%H:%M} {area}", copy, make)

    @rule(copy=st.integers(0, 2), patrol=st.integers(0, 99), person=st.integers(0, 99),
          override=st.booleans())
    def assign(self, copy: int, patrol: int, person: int, override: bool) -> None:
        db = self.paths[copy]
        shift_id = pick([r[0] for r in rows(db, "SELECT id FROM shifts WHERE status = 'planned' "
                                                "ORDER BY rowid")], patrol)
        staff_id = pick([r[0] for r in rows(db, "SELECT id FROM staff WHERE active = 1 "
                                                "ORDER BY payroll_number")], person)
        if shift_id is None or staff_id is None:
            return
        options = assignments.AssignOptions(override_reason="agreed with the officer" if override else None)
        self.attempt(f"assign {staff_id[:8]} to {shift_id[:8]}", copy,
                     assignments.assign, shift_id, [staff_id], options)

    @rule(copy=st.integers(0, 2), which=st.integers(0, 1), person=st.integers(0, 2))
    def assign_to_the_clash(self, copy: int, which: int, person: int) -> None:
        """One of three people put on one of the two overlapping patrols: put on each on two
        copies, they are the overlap conflict."""
        staff_id = pick([r[0] for r in rows(self.paths[copy], "SELECT id FROM staff WHERE active = 1 "
                                                              "ORDER BY payroll_number")], person)
        assert staff_id is not None
        self.attempt(f"clash: assign {staff_id[:8]} to patrol {which}", copy, assignments.assign,
                     self.clash[which], [staff_id], assignments.AssignOptions(override_reason="agreed"))

    @rule(copy=st.integers(0, 2), which=st.integers(0, 99))
    def take_off(self, copy: int, which: int) -> None:
        found = pick([r[0] for r in rows(self.paths[copy], "SELECT id FROM assignments "
                                                           "WHERE status = 'planned' ORDER BY id")], which)
        if found is not None:
            self.attempt(f"take off {found[:8]}", copy, assignments.unassign, found, "not needed",
                         override_reason="rest agreed")

    @rule(copy=st.integers(0, 2), patrol=st.integers(0, 99))
    def cancel_patrol(self, copy: int, patrol: int) -> None:
        found = pick([r[0] for r in rows(self.paths[copy], "SELECT id FROM shifts WHERE status = "
                                                           "'planned' ORDER BY id")], patrol)
        if found is not None:
            self.attempt(f"cancel patrol {found[:8]}", copy, shifts.cancel_shift, found,
                         "no cover", override_reason="rest agreed")

    @rule(copy=st.integers(0, 2), which=st.integers(0, 99), late=st.sampled_from([0, 30, 75]))
    def book(self, copy: int, which: int, late: int) -> None:
        found = pick(rows(self.paths[copy], """
            SELECT a.id, a.start_utc, a.end_utc FROM assignments a JOIN shifts s ON s.id = a.shift_id
            WHERE a.status IN ('planned', 'worked') AND s.status = 'planned' ORDER BY a.id"""), which)
        if found is None:
            return
        assignment_id, start, end = found
        off = from_utc_text(end) + timedelta(minutes=late)
        reason = "late arrest" if late else None
        if self.attempt(f"book {assignment_id[:8]} (+{late} min)", copy, assignments.book_hours,
                        assignment_id, from_utc_text(start), off, reason):
            self.booked.setdefault(assignment_id, NAMES[copy])

    @rule(copy=st.integers(0, 2), patrol=st.integers(0, 99))
    def book_as_planned(self, copy: int, patrol: int) -> None:
        db = self.paths[copy]
        found = pick([r[0] for r in rows(db, "SELECT DISTINCT shift_id FROM assignments "
                                             "WHERE status = 'planned' ORDER BY shift_id")], patrol)
        if found is None:
            return
        planned = [r[0] for r in rows(db, "SELECT id FROM assignments WHERE shift_id = ? "
                                          "AND status = 'planned'", found)]
        if self.attempt(f"book patrol {found[:8]} as planned", copy, assignments.book_as_planned, found):
            for assignment_id in planned:
                self.booked.setdefault(assignment_id, NAMES[copy])

    @rule(copy=st.integers(0, 2), patrol=st.integers(0, 99), arrests=st.integers(0, 3),
          dispersals=st.integers(0, 3))
    def record_outcomes(self, copy: int, patrol: int, arrests: int, dispersals: int) -> None:
        found = pick([r[0] for r in rows(self.paths[copy], "SELECT id FROM shifts ORDER BY id")], patrol)
        if found is None:
            return
        counts = {key: 0 for key in outcomes.COUNTS} | {"arrests": arrests, "dispersals": dispersals}
        self.attempt(f"outcomes of {found[:8]}", copy, outcomes.record_outcomes, found, counts,
                     f"seen from {NAMES[copy]}", confirmed=True)

    @rule(copy=st.integers(0, 2), patrol=st.integers(0, 99))
    def approve(self, copy: int, patrol: int) -> None:
        found = pick([r[0] for r in rows(self.paths[copy], """
            SELECT DISTINCT shift_id FROM assignments WHERE status = 'worked'
            AND approved_by IS NULL ORDER BY shift_id""")], patrol)
        if found is not None:
            self.attempt(f"approve {found[:8]}", copy, approvals.approve_patrol, found, by_id=True,
                         actor=APPROVER)

    @rule(copy=st.integers(0, 2), person=st.integers(0, 99),
          salary=st.sampled_from([2_400_000, 3_300_000, 4_100_000]), effective=st.sampled_from(EFFECTIVE))
    def change_pay(self, copy: int, person: int, salary: int, effective: date) -> None:
        found = pick([r[0] for r in rows(self.paths[copy], "SELECT payroll_number FROM staff WHERE "
                                                           "kind IN ('officer', 'pcso') ORDER BY 1")], person)
        if found is not None:
            self.attempt(f"pay of {found} from {effective}", copy, set_pay, found,
                         PayChange(salary_pence=salary), effective, "pay award")

    @rule(copy=st.integers(0, 2), rates=st.sampled_from([(2150, 2600, 3225), (2400, 2900, 3600)]),
          effective=st.sampled_from(EFFECTIVE))
    def change_rates(self, copy: int, rates: tuple[int, int, int], effective: date) -> None:
        self.attempt(f"council rates {rates} from {effective}", copy, set_recharge_rates, COUNCIL,
                     rates, effective, "the council's letter")

    @rule(copy=st.integers(0, 2), who=st.sets(st.integers(0, 2), min_size=1),
          salary=st.sampled_from([3_100_000, 3_500_000]))
    def import_people(self, copy: int, who: set[int], salary: int) -> None:
        csv = self.dir / f"people-{self.files}.csv"
        self.files += 1
        lines = [NEWCOMERS[n].format(salary=salary // 100, pcso=salary // 100 - 8000) for n in sorted(who)]
        csv.write_text(STAFF_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
        self.attempt(f"import {sorted(who)}", copy, import_staff, csv)

    @rule(payday=st.integers(0, 3))
    def lock_period(self, payday: int) -> None:
        """The next pay period goes to payroll from the station (now and then: on one
        draw in four): its bookings approved there first, then its final export."""
        if payday:
            return
        db = self.paths[STATION]
        locked = {r[0] for r in rows(db, "SELECT id FROM pay_periods WHERE status = 'locked'")}
        period = next((p for p in PERIODS if p not in locked), None)
        if period is None:
            return
        waiting = [r[0] for r in rows(db, """
            SELECT DISTINCT a.shift_id FROM assignments a JOIN shifts s ON s.id = a.shift_id
            WHERE a.status = 'worked' AND a.approved_by IS NULL AND substr(s.local_date, 1, 7) = ?
            ORDER BY 1""", period)]
        for shift_id in waiting:
            self.attempt(f"approve {shift_id[:8]}", STATION, approvals.approve_patrol, shift_id,
                         by_id=True, actor=APPROVER)
        out = self.dir / f"payroll-{period}.csv"
        self.attempt(f"lock {period}", STATION, payroll.export_payroll, period, final=True, out=out,
                     actor=APPROVER)

    @rule(copy=st.integers(0, 2), which=st.integers(0, 99),
          choice=st.sampled_from(sync_service.CHOICES))
    def resolve(self, copy: int, which: int, choice: str) -> None:
        db = self.paths[copy]
        found = pick(sync_service.list_conflicts(db), which)
        if found is None:
            return
        CLOCK.tick()
        try:
            sync_service.resolve(db, found["id"], choice, WORKERS[copy], reason="decided at sync")
        except HotspotError as exc:
            self.say(f"{NAMES[copy]}: resolve {found['kind']} {choice} refused: {exc.message}")
            tally(f"resolve {found['kind']} {choice}: refused")
            return
        self.say(f"{NAMES[copy]}: resolve {found['kind']} {found['id'][:8]} {choice}")
        tally(f"resolve {found['kind']} {choice}: done")

    # ------------------------------------------------------------------ syncs

    @rule(laptop=st.integers(1, 2), again=st.booleans())
    def sync_two_way(self, laptop: int, again: bool) -> None:
        CLOCK.tick()
        report = sync_service.sync_with_hub(self.paths[laptop], self.paths[STATION], WORKERS[laptop])
        self.say(f"{NAMES[laptop]}: sync {report}")
        self.after_sync(laptop, whole=True)
        self.check_conflicts_kept(report.conflicts)
        assert report.open_conflicts >= report.conflicts
        if again:
            repeat = sync_service.sync_with_hub(self.paths[laptop], self.paths[STATION], WORKERS[laptop])
            assert repeat.nothing_to_do, f"a second sync straight after did something: {repeat}"

    @rule(laptop=st.integers(1, 2), bring_back=st.booleans())
    def sync_by_files(self, laptop: int, bring_back: bool) -> None:
        CLOCK.tick()
        changes = self.new_file(f"{NAMES[laptop]}")
        sync_service.export_changes(self.paths[laptop], changes)
        applied = sync_service.apply_file(changes, self.paths[STATION], WORKERS[STATION])
        assert applied.reply is not None
        self.say(f"{NAMES[laptop]}: exported, applied at the station {applied}")
        self.after_sync(laptop, whole=False)
        self.check_conflicts_kept(applied.conflicts)
        if bring_back:
            sync_service.apply_file(applied.reply, self.paths[laptop], WORKERS[laptop])
            self.say(f"{NAMES[laptop]}: reply applied at once")
        else:
            self.replies.append(Reply(laptop, applied.reply))

    @precondition(lambda self: bool(self.replies))
    @rule(which=st.integers(0, 99))
    def bring_reply_back(self, which: int) -> None:
        """A reply carried back late: perhaps after a newer one, perhaps after a sync."""
        reply = self.replies.pop(which % len(self.replies))
        CLOCK.tick()
        done = sync_service.apply_file(reply.path, self.paths[reply.laptop], WORKERS[reply.laptop])
        self.say(f"{NAMES[reply.laptop]}: late reply {reply.path.name} {done}")

    def _held_to_last_commit(self, committed: dict[Path, Any], how: str) -> None:
        for path, state in committed.items():
            now = snapshot_of(path)
            changed = sorted(t for t in set(now) | set(state) if now.get(t) != state.get(t))
            assert not changed, f"{path.name} is half synced after {how}: {changed}"

    @rule(laptop=st.integers(1, 2), mode=st.sampled_from(MODES), at=st.integers(1, 40))
    def killed_sync(self, laptop: int, mode: str, at: int) -> None:
        CLOCK.tick()
        where, committed = killed_here(mode, self.paths[laptop], self.paths[STATION], self.dir, at)
        self.say(f"{NAMES[laptop]}: {mode} sync killed at step {at} ({where or 'finished'})")
        tally(f"killed {mode}: {where.split(' ')[0] if where else 'finished'}")
        self._held_to_last_commit(committed, f"a {mode} sync killed at {where}")
        self.check_overlaps_listed(STATION)

    @precondition(lambda self: self.child_kills < CHILD_KILLS)
    @rule(laptop=st.integers(1, 2), mode=st.sampled_from(MODES), at=st.integers(1, 40))
    def sync_process_killed(self, laptop: int, mode: str, at: int) -> None:
        self.child_kills += 1
        CLOCK.tick()
        died, committed = killed_child(mode, self.paths[laptop], self.paths[STATION], self.dir, at,
                                       CLOCK.now)
        self.say(f"{NAMES[laptop]}: {mode} sync process killed at step {at} (died: {died})")
        tally(f"process killed {mode}: {'died' if died else 'finished'}")
        self._held_to_last_commit(committed, f"a {mode} sync process killed at step {at}")
        self.check_overlaps_listed(STATION)

    # ------------------------------------------------------------------ the end

    def quiesce(self) -> None:
        """Sync every laptop until a whole round changes nothing."""
        for _ in range(6):
            quiet = True
            for laptop in (ALPHA, BRAVO):
                CLOCK.tick()
                report = sync_service.sync_with_hub(self.paths[laptop], self.paths[STATION],
                                                    WORKERS[laptop])
                self.after_sync(laptop, whole=True)
                quiet = quiet and report.nothing_to_do
            if quiet:
                return
        raise AssertionError("the copies never came into step")

    def decide_open_conflicts(self) -> None:
        """What a supervisor at the station does with what is left: keep the booking where
        one is at stake, keep the station's version otherwise."""
        station = self.paths[STATION]
        for conflict in sync_service.list_conflicts(station):
            here, there = conflict["here_version"] or {}, conflict["there_version"] or {}
            choice, reason = "here", "decided at the end"
            if conflict["kind"] == "overlap":
                booked = [v.get("status") == "worked" for v in (here, there)]
                choice = "both" if all(booked) else "there" if booked[1] else "here"
            elif conflict["kind"] == "cancelled_booked" or (
                    conflict["kind"] == "same_row" and conflict["table_name"] == "assignments"
                    and there.get("status") == "worked" and here.get("status") != "worked"):
                choice = "there"
            CLOCK.tick()
            sync_service.resolve(station, conflict["id"], choice, APPROVER, reason=reason)
            self.say(f"station: end: resolve {conflict['kind']} {conflict['id'][:8]} {choice}")

    def teardown(self) -> None:
        try:
            for _ in range(4):
                self.quiesce()
                if not sync_service.list_conflicts(self.paths[STATION]):
                    break
                self.decide_open_conflicts()
            self.check_the_end()
        except AssertionError:
            self.keep_files()
            raise
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def check_the_end(self) -> None:
        station = self.paths[STATION]
        first = synced_facts(station)
        for laptop in (ALPHA, BRAVO):
            found = differences(first, synced_facts(self.paths[laptop]))
            assert not found, (f"{NAMES[laptop]} differs from the station at the end:\n"
                               + explain(station, found, ("station", NAMES[laptop])))
        for db in self.paths:
            assert sync_service.list_conflicts(db) == [], f"conflicts left open on {db.name}"
            report = verify_audit_chain(db)
            assert report.intact, f"{db.name}: {report.describe()}"
            assert_derived_right(db)
            lines, costs = fresh_costs(db, self.dir / "fresh.db")
            assert pay_lines(db) == lines, f"{db.name}: pay lines differ from a fresh costing"
            assert rows(db, "SELECT id, cost_pence FROM assignments ORDER BY id") == costs, \
                f"{db.name}: costs differ from a fresh costing"
        for kind, table in rows(station, "SELECT kind, table_name FROM sync_conflicts"):
            tally(f"conflict: {kind} ({table})")
        made = audit_entries(station)
        for laptop in (ALPHA, BRAVO):
            assert audit_entries(self.paths[laptop]) == made, f"{NAMES[laptop]}: audit entries differ"
        named = {json.dumps(row, default=str) for row in rows(
            station, "SELECT row_key, here_version, there_version FROM sync_conflicts")}
        status = dict(rows(station, "SELECT id, status FROM assignments"))
        for assignment_id, where in self.booked.items():
            if status.get(assignment_id) != "worked":
                assert any(assignment_id in text for text in named), (
                    f"the booking of {assignment_id} made on {where} is lost "
                    f"(now {status.get(assignment_id)}) and no conflict names it")
        kept_both = {pair for pair, (choice, _) in overlap_conflicts(station).items() if choice == "both"}
        assert live_overlaps(station) <= kept_both, "overlapping assignments left undecided"


def test_three_copies_synced_in_any_order_agree(template: Path, monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: CLOCK.now)
    monkeypatch.setattr(ids, "os", ENTROPY)
    monkeypatch.setattr(ids, "time", ENTROPY)
    SyncMachine.template = template
    SyncMachine.scratch_root = tmp_path
    run_state_machine_as_test(SyncMachine, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
        phases=list(Phase) if SHRINK else [Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=list(HealthCheck)))
    if os.environ.get("HOTSPOT_SYNC_STATS"):
        for what, count in sorted(TALLY.items()):
            print(f"{count:6d}  {what}")

