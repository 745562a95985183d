"""Sync between copies of one operation's database: a hub (the station's file) and the
copies checked out from it (laptops, and each station PC's own copy).

- Each copy catches its own changes (`store.sync_capture`); a copy sends them as numbered
  batches and keeps them until the hub has answered.
- The hub applies a batch in one transaction, deciding every conflict (`domain.sync_policy`),
  and keeps what changed in its log, in order. Its answer (the reply) is every entry of the
  log the copy has not seen, less the copy's own, plus corrections where the hub decided
  against the copy.
- The copy applies the reply in one transaction. Pay, cover and the summaries are worked
  out again at each end; they never travel.
A sync killed at any point leaves each file as it was or fully changed; running it again
finishes it (a batch already applied is recognised by its number; a reply already applied
by the log position it brings).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hotspot_tui.domain import sync_policy as policy
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.sync_file import SyncFile, SyncFileError, decode, encode, read_header
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services import sync_audit
from hotspot_tui.services.given_files import read_given_file
from hotspot_tui.store import audit, schema_history, sync_apply, sync_book, sync_capture, sync_db, upkeep
from hotspot_tui.store import sync_derived as derived
from hotspot_tui.store.pay_facts import PERSON_FACTS, RATE_FACTS, SINCE_EVER
from hotspot_tui.store.sync_apply import RowChange
from hotspot_tui.store.sync_db import SyncConnection, transaction
from hotspot_tui.store.sync_tables import BY_NAME

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


# ---------------------------------------------------------------- identity and checkout

def _hub_identity(conn: SyncConnection) -> dict[str, Any]:
    """This file's identity, made the first time it takes part in a sync (as a hub)."""
    ident = sync_book.identity(conn)
    if ident is None:
        copy_id = new_id()
        sync_book.set_identity(conn, copy_id=copy_id, lineage=copy_id,
                               secret=secrets.token_hex(32), hub_id=None, hub_path=None,
                               hub_seq=0, next_batch=1, last_sync_at=None,
                               created_at=utc_now_text())
        sync_capture.set_capturing(conn, True)
        ident = sync_book.identity(conn)
        assert ident is not None
    return ident


def _operation_name(conn: SyncConnection) -> str:
    rows = conn.raw.execute("SELECT name FROM budget LIMIT 1").fetchall()
    return str(rows[0][0]) if rows else "an operation"


@dataclass(frozen=True)
class CheckoutReport:
    out: Path
    copy_id: str
    hub_id: str
    operation: str


def checkout(source: Path, out: Path, actor: str) -> CheckoutReport:
    """A consistent copy of the hub's file at `out` that knows where it came from."""
    if out.exists():
        raise ValidationFailed(f"{out} already exists; choose another name")
    copy_id = new_id()
    with sync_db.opened(source) as hub:
        with transaction(hub):
            ident = _hub_identity(hub)
            if ident["hub_id"] is not None:
                raise ValidationFailed(
                    f"{source} is itself a checkout; check out from the hub it came from "
                    f"({ident['hub_path'] or 'the station file'})")
            _capture_into_log(hub, ident["copy_id"])
            now = utc_now_text()
            sync_book.save_peer(hub, copy_id, last_batch=0, at_utc=now, path=str(out))
            audit.append(hub.db, actor=actor, action="sync.checkout", entity="sync",
                         entity_id=copy_id, details={"to": str(out)})
        sync_db.backup_to(hub, out)
        operation = _operation_name(hub)
    with sync_db.opened(out) as copy, transaction(copy):
        hub_seq = sync_book.last_log_seq(copy)
        sync_book.forget_bookkeeping(copy)
        sync_capture.forget_pending(copy)
        chain = sync_audit.last_seq(copy.db)
        sync_book.update_identity(copy, copy_id=copy_id, hub_id=ident["copy_id"],
                                  hub_path=str(source.resolve()), hub_seq=hub_seq,
                                  hub_audit_seq=chain, audit_sent=chain,
                                  next_batch=1, last_sync_at=now, created_at=now)
        # Working-time checks the hub owes since an upgrade reach the copy by sync: found
        # on both, each breach would meet the other's as a conflict.
        upkeep.done(copy.db, upkeep.WORKING_TIME_CHECKS)
        sync_capture.set_capturing(copy, True)
        sync_audit.new_identity(copy.db)  # after `chain`: the hub's entries end there
        audit.append(copy.db, actor=actor, action="sync.checkout", entity="sync",
                     entity_id=copy_id, details={"from": str(source)})
    return CheckoutReport(out, copy_id, ident["copy_id"], operation)


def _capture_into_log(hub: SyncConnection, hub_id: str) -> int:
    """The hub's own changes since the last capture, as an entry of its log."""
    changeset = sync_capture.capture(hub)
    if not changeset:
        return 0
    rows = sync_capture.change_count(changeset)
    sync_book.append_log(hub, origin=hub_id, batch=None, changeset=changeset, correction=None,
                         rows=rows, audit_from=0, audit_to=0, at_utc=utc_now_text())
    return rows


def _spoke_identity(conn: SyncConnection) -> dict[str, Any]:
    ident = sync_book.identity(conn)
    if ident is None or ident["hub_id"] is None:
        raise ValidationFailed(
            f"{conn.path} is not a checkout; make one with "
            f"`hotspot-tui sync checkout --from STATION.db --out {conn.path.name}`")
    return ident


# ---------------------------------------------------------------- export (at a copy)

@dataclass
class Outgoing:
    file: SyncFile
    batches: int
    rows: int


def _to_outbox(copy: SyncConnection, ident: dict[str, Any]) -> None:
    """This copy's changes since the last capture, and its audit entries made since, as
    the next batch of its outbox (kept until the hub has answered)."""
    changeset = sync_capture.capture(copy)
    audit_to = sync_audit.last_seq(copy.db)
    new_entries = sync_audit.own_entries(copy.db, ident["copy_id"], ident["audit_sent"] + 1, audit_to)
    if not changeset and not new_entries:
        return
    batch = ident["next_batch"]
    sync_book.add_to_outbox(copy, batch, changeset, sync_capture.change_count(changeset),
                            ident["audit_sent"] + 1, audit_to, utc_now_text())
    sync_book.update_identity(copy, next_batch=batch + 1, audit_sent=audit_to)
    ident.update(next_batch=batch + 1, audit_sent=audit_to)


def _export(copy: SyncConnection) -> Outgoing:
    with transaction(copy):
        ident = _spoke_identity(copy)
        _to_outbox(copy, ident)
        waiting = sync_book.outbox(copy)
        header = {
            "kind": "changes", "lineage": ident["lineage"], "operation": _operation_name(copy),
            "from": ident["copy_id"], "to": ident["hub_id"],
            "schema": schema_history.schema_version(copy.raw), "hub_seq": ident["hub_seq"],
            "hub_audit_seq": ident["hub_audit_seq"],
            "batches": [b["batch"] for b in waiting], "made_at": utc_now_text(),
            "locked_here": derived.locked_periods(copy.db),
        }
        sections: list[tuple[str, bytes]] = []
        for b in waiting:
            sections.append((f"batch/{b['batch']}", b["changeset"]))
            entries = sync_audit.own_entries(copy.db, ident["copy_id"], b["audit_from"], b["audit_to"])
            if entries:
                sections.append((f"audit/{b['batch']}", entries))
        return Outgoing(SyncFile(header, sections), len(waiting), sum(b["rows"] for b in waiting))


@dataclass(frozen=True)
class ExportReport:
    out: Path
    batches: int
    rows: int
    size: int


def export_changes(db_path: Path, out: Path) -> ExportReport:
    with sync_db.opened(db_path) as copy:
        outgoing = _export(copy)
        secret = _spoke_identity(copy)["secret"]
    data = encode(outgoing.file, secret)
    _write_new_file(out, data)
    return ExportReport(out, outgoing.batches, outgoing.rows, len(data))


def _write_new_file(path: Path, data: bytes) -> None:
    from hotspot_tui.exports.files import write_new_file

    write_new_file(path, data)


# ---------------------------------------------------------------- receiving (at the hub)

@dataclass
class Touched:
    assignments: set[str] = field(default_factory=set)
    shifts: set[str] = field(default_factory=set)
    people_since: dict[str, str] = field(default_factory=dict)
    everyone_since: str | None = None
    placed_areas: set[str] = field(default_factory=set)
    """Areas whose geography changed: their police-record counts are worked out again."""
    locked_periods: set[str] = field(default_factory=set)
    """Pay periods whose locked lines arrived: this copy's lines of them are made those."""

    def note(self, changes: Iterable[RowChange]) -> None:
        for ch in changes:
            values = {**(ch.old or {}), **(ch.new or {}), **ch.key}
            if ch.table == "assignments":
                self.assignments.add(values["id"])
                for version in (ch.old, ch.new):
                    if version and version.get("shift_id"):
                        self.shifts.add(version["shift_id"])
            elif ch.table == "shifts":
                self.shifts.add(values["id"])
            elif ch.table == "staff_pay_history":
                self._person(values["staff_id"], values["effective_from"])
            elif ch.table in ("setting_values", "pay_rules"):
                since = values.get("effective_from") or SINCE_EVER
                self.everyone_since = min(self.everyone_since or since, since)
            elif ch.table == "employer_rate_history":
                self._person(f"employer:{values['employer_id']}", values["effective_from"])
            elif ch.table == "staff" and _changes_any(ch, PERSON_FACTS):
                self._person(values["id"], SINCE_EVER)  # pay facts with no dated history
            elif ch.table == "employers" and _changes_any(ch, (*RATE_FACTS, "kind")):
                self._person(f"employer:{values['id']}", SINCE_EVER)
            elif ch.table == "area_geographies":
                self.placed_areas.add(values["area_id"])
            elif ch.table == "locked_pay_lines":
                self.locked_periods.add(values["period_id"])
            elif ch.table == "pay_periods" and (ch.new or {}).get("status") == "locked":
                self.locked_periods.add(values["id"])  # locked with no worked lines, perhaps

    def _person(self, staff_id: str, since: str) -> None:
        """From the earliest change (a person's id, or 'employer:' and an employer's)."""
        self.people_since[staff_id] = min(self.people_since.get(staff_id, since), since)

    def __bool__(self) -> bool:
        return bool(self.assignments or self.shifts or self.people_since or self.everyone_since
                    or self.placed_areas or self.locked_periods)


def _changes_any(change: RowChange, names: Iterable[str]) -> bool:
    """The change makes or removes the row, or changes one of these columns of it."""
    return change.op != "UPDATE" or any(n in (change.new or {}) for n in names)


def _rework(conn: SyncConnection, touched: Touched) -> None:
    """Pay and cover worked out again for what the applied changes touched."""
    from hotspot_tui.services import costing
    from hotspot_tui.services.pay_facts import since_instant

    db = conn.db
    ids = set(touched.assignments) | set(derived.assignments_of_shifts(db, touched.shifts))
    ids |= costing.take_locked_lines(db, touched.locked_periods)
    shifts = set(touched.shifts)
    spans: dict[str, list[str]] = {}
    for span in derived.assignment_spans(db, ids):
        shifts.add(span["shift_id"])
        first, last = spans.get(span["staff_id"], [span["first_utc"], span["last_utc"]])
        spans[span["staff_id"]] = [min(first, span["first_utc"]), max(last, span["last_utc"])]
    people = dict(touched.people_since)
    for key, since in list(people.items()):
        if key.startswith("employer:"):
            del people[key]
            for staff_id in derived.staff_of_employer(db, key.split(":", 1)[1]):
                people[staff_id] = min(people.get(staff_id, since), since)
    if touched.everyone_since:
        for staff_id in derived.staff_with_duties_from(db, touched.everyone_since):
            people[staff_id] = min(people.get(staff_id, touched.everyone_since), touched.everyone_since)
    costing.recost_many(db, {staff_id: (first, last) for staff_id, (first, last) in spans.items()
                             if staff_id not in people})
    for staff_id, since in sorted(people.items()):
        start = since_instant(db, since) if len(since) == 10 else since
        if start is not None and staff_id in spans:
            # their duties changed too, perhaps before the pay did: cost from the earlier
            start = min(start, spans[staff_id][0])
        costing.recost_person(db, staff_id, start)
    derived.recount_cover(db, shifts)
    if touched.placed_areas:
        from hotspot_tui.services import crime_counts

        crime_counts.recount(db, area_ids=touched.placed_areas)


@dataclass
class HubOutcome:
    reply: SyncFile
    applied_batches: int = 0
    rows_in: int = 0
    rows_out: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    refused: int = 0
    audit_in: int = 0


def _check_changes(header: dict[str, Any], ident: dict[str, Any], conn: SyncConnection, where: str) -> None:
    if header.get("kind") != "changes":
        raise SyncFileError(f"{where} is a reply, not a copy's changes; apply it at the copy it answers")
    if header.get("to") != ident["copy_id"]:
        raise SyncFileError(f"{where} was made for another hub file; apply it to the file it was "
                            "checked out from")
    if header.get("schema") != schema_history.schema_version(conn.raw):
        raise SyncFileError(f"{where} was made at schema {header.get('schema')}, this database is at "
                            f"schema {schema_history.schema_version(conn.raw)}; bring both copies to "
                            "the same hotspot-tui version first")


def receive(hub: SyncConnection, file: SyncFile, actor: str, where: str = "the changes") -> HubOutcome:
    """Apply a copy's batches at the hub (one transaction) and make the reply."""
    with transaction(hub):
        ident = _hub_identity(hub)
        _check_changes(file.header, ident, hub, where)
        origin = file.header["from"]
        peer = sync_book.peer(hub, origin) or {"last_batch": 0, "last_sync_at": None}
        known_locked = set(file.header.get("locked_here") or [])
        _capture_into_log(hub, ident["copy_id"])
        outcome = HubOutcome(reply=SyncFile({}))
        touched = Touched()
        last_batch = peer["last_batch"]
        derived.set_applying(hub.db, True)
        for batch in file.header.get("batches", []):
            if not isinstance(batch, int) or batch <= last_batch:
                continue
            changeset = file.section(f"batch/{batch}")
            found = _apply_batch(hub, changeset, origin, known_locked, touched, outcome)
            outcome.audit_in += sync_audit.take(hub.db, file.section(f"audit/{batch}"),
                                                own_id=ident["copy_id"], sender=origin, actor=actor)
            captured = sync_capture.capture(hub)
            sync_book.append_log(
                hub, origin=origin, batch=batch, changeset=captured,
                correction=sync_apply.build(hub, found) or None,
                rows=sync_capture.change_count(captured), audit_from=0, audit_to=0,
                at_utc=utc_now_text())
            last_batch = batch
            outcome.applied_batches += 1
        if outcome.applied_batches:
            _rework(hub, touched)
            _find_implied_conflicts(hub, touched, ident["copy_id"], origin, outcome)
            outcome.conflicts = _record_conflicts(hub, outcome.conflicts)
        derived.set_applying(hub.db, False)
        if outcome.applied_batches:
            _capture_into_log(hub, ident["copy_id"])
            audit.append(hub.db, actor=actor, action="sync.receive", entity="sync", entity_id=origin,
                         details={"batches": outcome.applied_batches, "rows": outcome.rows_in,
                                  "conflicts": len(outcome.conflicts), "refused": outcome.refused,
                                  "log_seq": sync_book.last_log_seq(hub)})
        now = utc_now_text()
        sync_book.save_peer(hub, origin, last_batch=last_batch,
                            at_utc=now if outcome.applied_batches else None, path=None)
        outcome.reply = _reply(hub, ident, origin, file.header.get("hub_seq", 0), last_batch,
                               int(file.header.get("hub_audit_seq") or 0))
        outcome.rows_out = sum(1 for _ in outcome.reply.sections)
        return outcome


def _apply_batch(hub: SyncConnection, changeset: bytes, origin: str, known_locked: set[str],
                 touched: Touched, outcome: HubOutcome) -> list[RowChange]:
    """Apply one batch; returns the corrections the copy must make."""
    changes = sync_apply.iter_changes(hub, changeset)
    outcome.rows_in += len(changes)
    touched.note(changes)
    hub_id = _hub_identity(hub)["copy_id"]
    locked = [p for p in derived.locked(hub.db) if p["id"] not in known_locked]
    shift_of = _shift_dates_for(hub, changes) if locked else {}
    corrections: list[RowChange | None] = []
    verdicts: list[tuple[RowChange, policy.Verdict]] = []

    refused_ids: set[str] = set()

    def decide(row: RowChange) -> str:
        if row.reason == "foreign_key":
            raise SyncFileError(_broken_references(where="the hub"))
        table = BY_NAME[row.table]
        verdict = policy.at_hub(row.table, row.op, row.reason, row.new, row.current,
                                quiet=table.quiet, derived=table.derived)
        verdicts.append((row, verdict))
        return verdict.answer

    def refuse(row: RowChange) -> str | None:
        found = _refuse_locked(row)
        if found is not None and row.table == "assignments" and row.op == "INSERT":
            refused_ids.add(row.key["id"])
        return found

    def _refuse_locked(row: RowChange) -> str | None:
        if not locked:
            return None
        if row.table in ASSIGNMENT_CHILDREN and row.op == "INSERT":
            # what hangs on an assignment refused in this batch goes back with it
            values = row.new or {}
            return "refused with its assignment" if values.get("assignment_id") in refused_ids else None
        if row.table != "assignments":
            return None
        values = {**(row.old or {}), **(row.new or {})}
        day = shift_of.get(values.get("shift_id") or shift_of.get(f"a:{row.key['id']}", ""), "")
        for period in locked:
            if period["starts_on"] <= day < period["ends_on"]:
                return period["id"]
        return None

    applied = sync_apply.apply(hub, changeset, decide, refuse)
    for row, verdict in verdicts:
        if verdict.answer != policy.ABORT:
            corrections.append(_to_final(hub, row))
        if verdict.kind is not None:
            outcome.conflicts.append(_conflict_record(hub, row, verdict, hub_id, origin))
    for row, period_id in applied.refused:
        outcome.refused += 1
        # back as the hub has the row: gone, or the hub's own (made there meanwhile too)
        made_here = row.op == "INSERT" and sync_apply.current_row(hub, row.table, row.key) is not None
        corrections.append(_undo(row) if row.op == "INSERT" and not made_here else _to_final(hub, row))
        if row.table in ASSIGNMENT_CHILDREN:
            continue  # it goes back with its assignment, whose conflict names the period
        outcome.conflicts.append(_conflict_record(
            hub, row, policy.Verdict(policy.OMIT, "locked_period"), hub_id, origin, period=period_id))
    return [c for c in corrections if c is not None]


ASSIGNMENT_CHILDREN = ("time_off_owed", "working_time_breaches")
"""Synced rows that belong to one assignment."""


def _broken_references(where: str) -> str:
    return (f"the changes would leave rows at {where} naming rows that are not there; nothing "
            "was changed (keep both files and report this: it is a fault in hotspot-tui)")


def _shift_dates_for(hub: SyncConnection, changes: list[RowChange]) -> dict[str, str]:
    """The day of each patrol the batch's assignments are on (their patrol may be new)."""
    dates: dict[str, str] = {}
    wanted: set[str] = set()
    for ch in changes:
        values = {**(ch.old or {}), **(ch.new or {})}
        if ch.table == "shifts" and values.get("local_date"):
            dates[ch.key["id"]] = values["local_date"]
        if ch.table == "assignments":
            shift_id = values.get("shift_id")
            if shift_id is None:
                current = derived.row(hub.db, "assignments", ch.key)
                shift_id = current["shift_id"] if current else None
                if shift_id:
                    dates[f"a:{ch.key['id']}"] = shift_id
            if shift_id:
                wanted.add(shift_id)
    known = derived.shift_dates(hub.db, wanted - set(dates))
    return {**known, **dates}


def _to_final(hub: SyncConnection, row: RowChange) -> RowChange | None:
    """The correction that takes the copy's version of a row met in a conflict to the row
    as the hub now has it (whichever version was kept, with the other's untouched columns):
    a row the copy removed and the hub kept comes back to the copy, and a row the copy
    changed and the hub had removed meanwhile goes from the copy too."""
    final = sync_apply.current_row(hub, row.table, row.key)
    if final is None:
        if row.op != "UPDATE":
            return None
        return RowChange(row.table, "DELETE", row.key, {**(row.old or {}), **(row.new or {}), **row.key},
                         None)
    derived_cols = set(BY_NAME[row.table].derived)
    theirs = {**(row.current or {}), **(row.old or {}), **(row.new or {})}
    names = [k for k in final if k not in row.key and k not in derived_cols]
    if all(theirs.get(k, final[k]) == final[k] for k in names) and row.op == "INSERT":
        return None
    # The whole row as it is here, whatever the copy made of the hub's earlier changes to it
    # meanwhile (sent as the row itself: an update that seemed to change nothing, as far as
    # the hub knew the copy's row, would be dropped from the changeset).
    return RowChange(row.table, "INSERT", row.key, None,
                     {**row.key, **{k: final[k] for k in names}})


def _as_now(hub: SyncConnection, correction: bytes) -> bytes:
    """A correction's rows as the hub has them now: by the time the copy takes it, later
    changes (the copy's own later batches among them) may have changed those rows here."""
    now: list[RowChange] = []
    for change in sync_apply.iter_changes(hub, correction):
        row = sync_apply.current_row(hub, change.table, change.key)
        if row is None:
            now.append(RowChange(change.table, "DELETE", change.key,
                                 {**(change.old or {}), **(change.new or {}), **change.key}, None))
            continue
        derived_cols = set(BY_NAME[change.table].derived)
        now.append(RowChange(change.table, "INSERT", change.key, None,
                             {k: v for k, v in row.items() if k not in derived_cols}))
    return sync_apply.build(hub, now)


def _undo(row: RowChange) -> RowChange | None:
    """The correction that takes back a change the hub refused."""
    if row.op == "INSERT":
        return RowChange(row.table, "DELETE", row.key, row.new, None)
    if row.op == "UPDATE" and row.old is not None and row.new is not None:
        return RowChange(row.table, "UPDATE", row.key,
                         {k: v for k, v in row.new.items() if k not in row.key},
                         {k: row.old[k] for k in row.new if k in row.old and k not in row.key})
    return None


def _conflict_record(hub: SyncConnection, row: RowChange, verdict: policy.Verdict, hub_id: str,
                     origin: str, **extra: str) -> dict[str, Any]:
    here = dict(row.current or {})
    there = {**(row.current or {}), **(row.old or {}), **(row.new or {})} if row.op != "DELETE" else {}
    if verdict.kind == "locked_period":
        here = derived.row(hub.db, row.table, row.key) or {}
    values = {**here, **there}
    kept_name = "the hub" if verdict.kept == "here" else "the laptop"
    message = policy.MESSAGES[verdict.kind or "refused"].format(
        kept_name=kept_name, there_name="the hub", here_name="the hub",
        why=REFUSALS.get(row.reason, "its rules"), period=extra.get("period", ""), person="")
    return {
        "id": policy.conflict_id(verdict.kind or "refused", row.table, [row.key]),
        "kind": verdict.kind or "refused", "table_name": row.table, "row_key": row.key,
        "shift_id": values.get("shift_id") if row.table != "shifts" else values.get("id"),
        "staff_id": values.get("staff_id"), "here_copy": hub_id, "there_copy": origin,
        "here_version": here, "there_version": there, "kept": verdict.kept,
        "message": message, "found_at": utc_now_text(),
    }


def _record_conflicts(hub: SyncConnection, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep what a sync found, never dropping one: a conflict still open is brought up to
    date with the newest versions; one met again after it was decided is a new conflict
    (its id follows on from the decided one's), unless it is overlapping patrols a
    supervisor chose to keep both of. Returns the conflicts kept, each once."""
    kept: dict[str, dict[str, Any]] = {}
    for conflict in found:
        conflict_id = conflict["id"]
        while True:
            before = sync_book.conflict_by_id(hub, conflict_id)
            if before is None or before["resolved_at"] is None:
                break
            if before["kind"] == "overlap" and before["choice"] == "both":
                conflict_id = ""
                break
            conflict_id = policy.next_conflict_id(conflict_id)
        if not conflict_id:
            continue
        record = {**conflict, "id": conflict_id}
        sync_book.put_conflict(hub, record)
        kept[conflict_id] = record
    return list(kept.values())


REFUSALS = {
    "notfound": "it had removed the row meanwhile",
    "constraint": "the change breaks a rule of its database (a name or reference taken)",
}
"""Why the hub turned a change away, as the conflict says it."""


def _find_implied_conflicts(hub: SyncConnection, touched: Touched, hub_id: str, origin: str,
                            outcome: HubOutcome) -> None:
    db = hub.db
    known = {c["id"] for c in outcome.conflicts}
    for pair in derived.overlaps(db, touched.assignments):
        keys = [{"id": pair["a_id"]}, {"id": pair["b_id"]}]
        conflict_id = policy.conflict_id("overlap", "assignments", keys)
        if conflict_id in known:
            continue
        known.add(conflict_id)
        a = derived.row(db, "assignments", keys[0]) or {}
        b = derived.row(db, "assignments", keys[1]) or {}
        refs = [(derived.row(db, "shifts", {"id": x.get("shift_id")}) or {}).get("ref") for x in (b, a)]
        outcome.conflicts.append({
            "id": conflict_id, "kind": "overlap", "table_name": "assignments",
            "row_key": {"ids": sorted([pair["a_id"], pair["b_id"]])},
            "shift_id": a.get("shift_id"), "staff_id": pair["staff_id"],
            "here_copy": hub_id, "there_copy": origin, "here_version": b, "there_version": a,
            "kept": "both", "found_at": utc_now_text(),
            "message": policy.MESSAGES["overlap"].format(person=pair["person"])
            + f" (patrols {refs[0]} and {refs[1]})",
        })
    for booked in derived.booked_on_cancelled(db, touched.shifts):
        conflict_id = policy.conflict_id("cancelled_booked", "assignments", [{"id": booked["id"]}])
        if conflict_id in known:
            continue
        known.add(conflict_id)
        shift = derived.row(db, "shifts", {"id": booked["shift_id"]}) or {}
        assignment = derived.row(db, "assignments", {"id": booked["id"]}) or {}
        outcome.conflicts.append({
            "id": conflict_id, "kind": "cancelled_booked", "table_name": "assignments",
            "row_key": {"id": booked["id"]}, "shift_id": booked["shift_id"],
            "staff_id": booked["staff_id"], "here_copy": hub_id, "there_copy": origin,
            "here_version": shift, "there_version": assignment, "kept": "both",
            "found_at": utc_now_text(), "message": policy.MESSAGES["cancelled_booked"],
        })


def _reply(hub: SyncConnection, ident: dict[str, Any], origin: str, seen: int, acked: int,
           audit_seen: int) -> SyncFile:
    sections: list[tuple[str, bytes]] = []
    own: list[int] = []
    for entry in sync_book.log_after(hub, int(seen or 0)):
        if entry["origin"] == origin:
            own.append(entry["seq"])
            if entry["correction"]:
                sections.append((f"fix/{entry['seq']}", _as_now(hub, entry["correction"])))
        elif entry["changeset"]:
            sections.append((f"log/{entry['seq']}", entry["changeset"]))
    header = {
        "kind": "reply", "lineage": ident["lineage"], "operation": _operation_name(hub),
        "from": ident["copy_id"], "to": origin, "schema": schema_history.schema_version(hub.raw),
        "hub_seq": sync_book.last_log_seq(hub), "acked_batch": acked, "own_seqs": own,
        "audit_upto": sync_audit.last_seq(hub.db), "made_at": utc_now_text(),
    }
    entries = sync_audit.entries_for(hub.db, ident["copy_id"], audit_seen, origin)
    if entries:
        sections.append(("audit/0", entries))
    return SyncFile(header, sections)


# ---------------------------------------------------------------- the reply (at a copy)

@dataclass
class ReplyOutcome:
    applied: bool
    rows_in: int = 0
    conflicts_open: int = 0


def _keys_of(conn: SyncConnection, changesets: Iterable[bytes]) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for changeset in changesets:
        for ch in sync_apply.iter_changes(conn, changeset):
            keys.add((ch.table, json.dumps(ch.key, sort_keys=True, default=str)))
    return keys


def take_reply(copy: SyncConnection, file: SyncFile, actor: str, where: str = "the reply") -> ReplyOutcome:
    header = file.header
    with transaction(copy):
        ident = _spoke_identity(copy)
        if header.get("kind") != "reply":
            raise SyncFileError(f"{where} holds a copy's changes, not a reply; apply it at the hub")
        if header.get("to") != ident["copy_id"] or header.get("from") != ident["hub_id"]:
            raise SyncFileError(f"{where} answers another copy; nothing was changed")
        if header.get("schema") != schema_history.schema_version(copy.raw):
            raise SyncFileError(f"{where} was made at schema {header.get('schema')}; bring both copies "
                                "to the same hotspot-tui version first")
        hub_seq = int(header.get("hub_seq", 0))
        acked = int(header.get("acked_batch", 0))
        waiting = sync_book.outbox(copy)
        audit_upto = int(header.get("audit_upto") or 0)
        if hub_seq <= ident["hub_seq"] and audit_upto <= ident["hub_audit_seq"] \
                and not any(b["batch"] <= acked for b in waiting):
            return ReplyOutcome(False)
        _to_outbox(copy, ident)
        waiting = sync_book.outbox(copy)
        unacked = _keys_of(copy, [b["changeset"] for b in waiting if b["batch"] > acked])
        acked_keys = _keys_of(copy, [b["changeset"] for b in waiting if b["batch"] <= acked])
        last_own = max([int(s) for s in header.get("own_seqs", [])] or [0])
        sync_capture.set_capturing(copy, False)
        derived.set_applying(copy.db, True)
        touched = Touched()
        rows_in = 0
        changes_in = [(n, d) for n, d in file.sections if not n.startswith("audit/")]
        for name, changeset in sorted(changes_in, key=lambda s: int(s[0].split("/")[1])):
            seq = int(name.split("/")[1])
            if seq <= ident["hub_seq"]:
                continue
            changes = sync_apply.iter_changes(copy, changeset)
            rows_in += len(changes)
            touched.note(changes)
            before_own = seq < last_own

            fix = name.startswith("fix/")

            def decide(row: RowChange, before_own: bool = before_own, fix: bool = fix) -> str:
                if row.reason == "foreign_key":
                    raise SyncFileError(_broken_references(where="this copy"))
                key = (row.table, json.dumps(row.key, sort_keys=True, default=str))
                pending = key in unacked or (before_own and not fix and key in acked_keys)
                return policy.at_spoke(row.reason, row.op, pending_here=pending)

            gone = [c.key["id"] for c in changes if c.table == "assignments" and c.op == "DELETE"]
            derived.forget_assignments(copy.db, gone)
            if fix:
                # the hub's final version of rows it decided: taken as they are (what this
                # copy holds of them may differ from what the hub knew of it)
                sync_apply.put_rows(copy, [c for c in changes if (
                    c.table, json.dumps(c.key, sort_keys=True, default=str)) not in unacked])
                continue
            sync_apply.apply(copy, changeset, decide)
        sync_book.drop_outbox_through(copy, acked)
        if touched:
            _rework(copy, touched)
        derived.set_applying(copy.db, False)
        sync_capture.set_capturing(copy, True)
        audit_in = sync_audit.take(copy.db, file.section("audit/0"), own_id=ident["copy_id"],
                                   sender=ident["hub_id"], actor=actor)
        now = utc_now_text()
        sync_book.update_identity(copy, hub_seq=max(hub_seq, ident["hub_seq"]), last_sync_at=now,
                                  hub_audit_seq=max(audit_upto, ident["hub_audit_seq"]),
                                  audit_sent=max(ident["audit_sent"], sync_audit.last_seq(copy.db)))
        if rows_in or acked:
            audit.append(copy.db, actor=actor, action="sync.reply", entity="sync",
                         entity_id=ident["hub_id"],
                         details={"rows": rows_in, "acked_batch": acked, "hub_seq": hub_seq,
                                  "audit_entries": audit_in})
        return ReplyOutcome(True, rows_in, sync_book.count_open_conflicts(copy))


# ---------------------------------------------------------------- files and two-way

def _read(path: Path) -> bytes:
    return read_given_file(path, "a changes file", missing="changes file", error=SyncFileError)


def _decode_for(conn: SyncConnection, data: bytes, where: str) -> SyncFile:
    ident = sync_book.identity(conn)
    if ident is None:
        read_header(data, where)
        raise SyncFileError(f"{where} belongs to an operation this database has never synced with; "
                            "nothing was changed")
    return decode(data, ident["secret"], lineage=ident["lineage"], where=where)


@dataclass(frozen=True)
class ApplyReport:
    role: str
    """'hub' (a copy's changes were applied and a reply written) or 'copy' (a reply)."""
    rows_in: int
    batches: int = 0
    conflicts: int = 0
    refused: int = 0
    reply: Path | None = None
    reply_size: int = 0
    nothing_to_do: bool = False


def default_reply_path(changes: Path) -> Path:
    stem = changes.name[:-len(".hsync")] if changes.name.endswith(".hsync") else changes.name
    return changes.with_name(f"{stem}.reply.hsync")


def apply_file(changes: Path, db_path: Path, actor: str, reply: Path | None = None) -> ApplyReport:
    with sync_db.opened(db_path) as conn:
        data = _read(changes)
        header, _ = read_header(data, str(changes))
        file = _decode_for(conn, data, str(changes))
        if header.get("kind") == "reply":
            taken = take_reply(conn, file, actor, str(changes))
            return ApplyReport("copy", taken.rows_in, conflicts=taken.conflicts_open,
                               nothing_to_do=not taken.applied)
        outcome = receive(conn, file, actor, str(changes))
        secret = _hub_identity(conn)["secret"]
    target = reply or default_reply_path(changes)
    encoded = encode(outcome.reply, secret)
    if target.exists() and _is_older_reply(target):
        target.unlink()  # left by an earlier run of this same apply: the new one replaces it
    _write_new_file(target, encoded)
    return ApplyReport("hub", outcome.rows_in, outcome.applied_batches, len(outcome.conflicts),
                       outcome.refused, target, len(encoded),
                       nothing_to_do=not outcome.applied_batches and not outcome.reply.sections)


def _is_older_reply(path: Path) -> bool:
    """A reply left by an earlier run of the same apply may be replaced by the new one."""
    try:
        header, _ = read_header(path.read_bytes(), str(path))
    except (SyncFileError, OSError):
        return False
    return header.get("kind") == "reply"


def apply_inbox(folder: Path, db_path: Path, actor: str) -> list[tuple[Path, ApplyReport | str]]:
    """At the hub: apply every copy's changes file in a shared folder (the station PCs
    export there: no SQLite file is opened over the network), writing each reply beside
    it. A file that cannot be used is named with why, and the others still applied."""
    with sync_db.opened(db_path):
        pass  # the hub file is checked (and refused, if it must be) before the folder
    if not folder.is_dir():
        raise ValidationFailed(f"{folder} is not a folder")
    done: list[tuple[Path, ApplyReport | str]] = []
    for changes in sorted(folder.glob("*.hsync")):
        if changes.name.endswith(".reply.hsync"):
            continue
        try:
            done.append((changes, apply_file(changes, db_path, actor)))
        except SyncFileError as exc:
            done.append((changes, exc.message))
    return done


@dataclass(frozen=True)
class SyncReport:
    sent_rows: int
    sent_batches: int
    received_rows: int
    conflicts: int
    refused: int
    open_conflicts: int
    nothing_to_do: bool


def sync_with_hub(db_path: Path, hub_path: Path, actor: str, progress: Progress = _quiet) -> SyncReport:
    """Two-way sync of a copy with the hub it came from: both files reachable."""
    if db_path.resolve() == hub_path.resolve():
        raise ValidationFailed("a file cannot sync with itself")
    with sync_db.opened(db_path) as copy, sync_db.opened(hub_path) as hub:
        ident = _spoke_identity(copy)
        hub_ident = sync_book.identity(hub)
        if hub_ident is None or hub_ident["copy_id"] != ident["hub_id"]:
            raise ValidationFailed(f"{db_path} was not checked out from {hub_path}; sync it with "
                                   f"{ident['hub_path'] or 'its own hub'}")
        progress("capturing changes here")
        outgoing = _export(copy)
        progress(f"sending {outgoing.rows} changes")
        outcome = receive(hub, outgoing.file, actor, str(db_path))
        progress("taking the hub's changes")
        taken = take_reply(copy, outcome.reply, actor, str(hub_path))
        return SyncReport(outgoing.rows if outcome.applied_batches else 0, outcome.applied_batches,
                          taken.rows_in, len(outcome.conflicts), outcome.refused,
                          taken.conflicts_open,
                          nothing_to_do=not outcome.applied_batches and not taken.rows_in)


# ---------------------------------------------------------------- status and conflicts

@dataclass(frozen=True)
class SyncStatus:
    role: str
    copy_id: str | None
    hub_path: str | None
    last_sync_at: str | None
    to_send_rows: int
    to_send_batches: int
    to_receive_rows: int | None
    open_conflicts: int
    peers: list[dict[str, Any]]


def status(db_path: Path, hub_path: Path | None = None) -> SyncStatus:
    with sync_db.opened(db_path) as conn:
        ident = sync_book.identity(conn)
        pending = sync_capture.pending_rows(conn)
        batches, rows = sync_book.outbox_summary(conn)
        open_conflicts = sync_book.count_open_conflicts(conn)
        if ident is None or ident["hub_id"] is None:
            return SyncStatus("hub" if ident else "unsynced", ident["copy_id"] if ident else None, None,
                              None, pending, 0, None, open_conflicts,
                              sync_book.peers(conn) if ident else [])
        to_receive = None
        hub_file = hub_path or (Path(ident["hub_path"]) if ident["hub_path"] else None)
        if hub_file is not None and hub_file.exists():
            with sync_db.opened(hub_file) as hub:
                hub_ident = sync_book.identity(hub)
                if hub_ident and hub_ident["copy_id"] == ident["hub_id"]:
                    _, to_receive = sync_book.log_rows_after(hub, ident["hub_seq"], ident["copy_id"])
                    to_receive += sync_capture.pending_rows(hub)
        return SyncStatus("copy", ident["copy_id"], ident["hub_path"], ident["last_sync_at"],
                          pending + rows, batches + (1 if pending else 0), to_receive,
                          open_conflicts, [])


def list_conflicts(db_path: Path, *, include_resolved: bool = False) -> list[dict[str, Any]]:
    with sync_db.opened(db_path) as conn:
        return sync_book.conflicts(conn, open_only=not include_resolved)


CHOICES = ("here", "there", "both")


def resolve(db_path: Path, conflict_id: str, choice: str, actor: str,
            reason: str | None = None) -> dict[str, Any]:
    """The supervisor's choice for a conflict, applied and audited; it travels at the next
    sync. 'here' keeps the hub's version, 'there' takes the other copy's; for an overlap,
    'here' and 'there' name the assignment to keep (the other is taken off), 'both' keeps
    both (with a reason)."""
    from hotspot_tui.services.sync_resolve import apply_choice

    if choice not in CHOICES:
        raise ValidationFailed(f"choose one of {', '.join(CHOICES)}")
    with sync_db.opened(db_path) as conn, transaction(conn):
        conflict = sync_book.get_conflict(conn, conflict_id)
        if conflict is None:
            raise ValidationFailed(f"no conflict {conflict_id!r} (see `hotspot-tui sync conflicts`)")
        if conflict["resolved_at"]:
            raise ValidationFailed(f"conflict {conflict['id']} was resolved by "
                                   f"{conflict['resolved_by']} at {conflict['resolved_at']}")
        apply_choice(conn.db, conflict, choice, actor, reason)
        touched = Touched()
        table = conflict["table_name"]
        for version in (conflict["here_version"], conflict["there_version"]):
            if table == "assignments" and version.get("id"):
                touched.assignments.add(version["id"])
            elif version and table in BY_NAME:  # a pay fact chosen is costed again from its date
                touched.note([RowChange(table, "UPDATE", conflict["row_key"], None,
                                        {**version, **conflict["row_key"]})])
            if version.get("shift_id"):
                touched.shifts.add(version["shift_id"])
        if conflict["shift_id"]:
            touched.shifts.add(conflict["shift_id"])
        _rework(conn, touched)
        now = utc_now_text()
        sync_book.resolve_conflict(conn, conflict["id"], choice=choice, by=actor, at_utc=now,
                                   reason=reason)
        audit.append(conn.db, actor=actor, action="sync.resolve", entity=conflict["table_name"],
                     entity_id=conflict["id"], shift_id=conflict["shift_id"],
                     staff_id=conflict["staff_id"], reason=reason,
                     details={"kind": conflict["kind"], "choice": choice})
        conflict.update(resolved_at=now, resolved_by=actor, choice=choice)
        return conflict
