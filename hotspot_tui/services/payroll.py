"""Pay periods and payroll exports: draft, final (locks the period) and recharge statements.

How exported figures are kept from changing (the design):

- Costing keeps every duty's pay lines current (see `hotspot_tui.services.costing`);
  nothing refuses a late booking or a correction.
- A *final* export copies the rows it pays into `payroll_export_rows` and records the lock
  in `payroll_exports` and `pay_periods`, in one transaction together with writing the
  file. Those tables are append-only (database triggers), so re-exporting a locked period
  streams the same stored rows through the same writer: a byte-identical CSV (its SHA-256
  is stored and checked). The period's worked pay lines are locked with it
  (`locked_pay_lines`): no recost, correction, dated pay change, setting change or sync
  rewrites them again.
- A later change that reaches a duty of a locked period is paid by adjustment lines of
  that duty in the next open period: its new costing less what was already paid for it,
  per pay element, to the penny (`domain.pay_adjustments`). They are stored pay lines of
  that period, so its export (draft or final) shows them, each with the period and the
  line(s) it corrects, and once it is locked they are paid and never again.
- Periods lock in order: a final export is refused while an earlier period with costed
  work is still open.
- Council and BID staff are not on the force payroll: their hours go on each employer's
  recharge statement instead. Statements lock with their pay period: the final export
  also copies every council's statement rows into `recharge_statement_rows` (append-only),
  so a locked period's statement re-exports as it was; adjustments to its work are billed
  on the statement of the period that pays them, exactly as for payroll.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.audit_chain import Checkpoint
from hotspot_tui.domain.clock import to_local
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.payroll import PayPeriod, parse_period
from hotspot_tui.domain.payroll_lines import PAY_RULES, ElementCodes, missing_codes_text
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.exports.evidence import csv_footer_bytes
from hotspot_tui.exports.files import new_file
from hotspot_tui.exports.payroll import write_csv, write_xlsx
from hotspot_tui.exports.payroll_lines import write_lines_csv, write_lines_xlsx
from hotspot_tui.services import costing
from hotspot_tui.services.pay_rules import load_element_codes, load_payroll_settings
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit, sync_derived
from hotspot_tui.store import payroll as store

if TYPE_CHECKING:
    from sqlite_utils import Database

Format = Literal["csv", "xlsx"]
FORMATS = ("csv", "xlsx")
Progress = Callable[[int, int], None]
LOCK_ACTION = "payroll.lock"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    period_id: str
    rows: int
    total_pence: int
    adjustments: int
    final: bool
    relocked: bool = False
    """True when a locked period was exported again (from the stored rows)."""
    unapproved: int = 0
    """Lines of a draft not yet approved (marked in the file)."""


@dataclass(frozen=True)
class PeriodSummary:
    id: str
    starts_on: str
    ends_on: str
    status: str
    worked_pence: int
    estimate_pence: int
    exported_pence: int | None
    exported_rows: int | None
    locked_at: str | None
    locked_by: str | None


@dataclass(frozen=True)
class ExportPreview:
    period_id: str
    label: str
    status: str
    rows: int
    total_pence: int
    adjustments: int
    unbooked: int
    blocked_by: str | None
    """An earlier open period that must be exported first (final exports only)."""
    unapproved: int = 0
    """Bookings not yet approved: a final export is refused until they are."""
    missing_codes: tuple[str, ...] = ()
    """Pay rules in the period with no element code: a final export is refused."""
    ended: bool = True
    """False before the period's last day is over: a final export needs a reason."""


def resolve_period(db: Database, text: str) -> PayPeriod:
    try:
        return parse_period(text, load_payroll_settings(db))
    except ValueError as exc:
        raise ValidationFailed(str(exc)) from None


def default_file_name(kind: str, period_id: str, fmt: Format, *, final: bool, employer: str = "") -> str:
    stem = f"{kind}-{period_id}"
    if employer:
        stem += "-" + "".join(c if c.isalnum() else "-" for c in employer.lower()).strip("-")
    if kind == "payroll" and not final:
        stem += "-draft"
    return f"{stem}.{fmt}"


_FORMAT_NAMED: dict[str, Format] = {"csv": "csv", "xlsx": "xlsx"}


def _check_format(fmt: str) -> Format:
    known = _FORMAT_NAMED.get(fmt)
    if known is None:
        raise ValidationFailed(f"unknown format {fmt!r}: choose csv or xlsx")
    return known


def list_periods(
    session: Session, *, before_starts_on: str | None = None, limit: int = 24
) -> list[PeriodSummary]:
    """Newest first; page with the last row's `starts_on`."""
    with session.reading() as db:
        rows = store.periods_page(db, before_starts_on=before_starts_on, limit=limit)
    return [PeriodSummary(**row) for row in rows]


def _codes_map(codes: ElementCodes) -> dict[str, str]:
    """Each pay rule with an element code, and its code."""
    return {rule: code for rule in PAY_RULES if (code := codes.code_for(rule))}


def _codes_json(codes: ElementCodes) -> str:
    return json.dumps(_codes_map(codes), sort_keys=True)


def element_codes_json(session: Session) -> str:
    """The element codes in force as the JSON object the draft query takes."""
    with session.reading() as db:
        return _codes_json(load_element_codes(db))


def _today() -> date:
    """Today in Europe/London, by the app's clock (`clock_utc.utc_now`, which tests pin)."""
    return to_local(clock_utc.utc_now()).date()


def _unapproved_text(rows: list[dict[str, Any]], limit: int = 12) -> str:
    patrols: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        patrols.setdefault((r["duty_date"], r["patrol_ref"]), []).append(r["payroll_number"])
    shown = [f"{ref} {day} ({', '.join(people)})" for (day, ref), people in list(patrols.items())[:limit]]
    more = len(patrols) - len(shown)
    return "; ".join(shown) + (f"; and {more} more patrols" if more > 0 else "")


def preview_export(session: Session, period_text: str) -> ExportPreview:
    """What a payroll export of the period would hold now (for the confirmation), and what
    would stop a final export of it."""
    with session.reading() as db:
        period = resolve_period(db, period_text)
        row = store.get_period(db, period.id)
        status = row["status"] if row else "open"
        starts = period.starts_on.isoformat()
        unapproved: tuple[str, ...] = ()
        missing: tuple[str, ...] = ()
        if status == "locked":
            record = store.export_record(db, period.id) or {}
            rows, total = record.get("row_count", 0), record.get("total_pence", 0)
            adjustments = store.count_exported_adjustments(db, period.id)
            blocked = None
        else:
            blocked = store.first_open_with_lines_before(db, starts)
            rows, total, adjustments = store.count_draft_rows(db, period.id)
            pending = store.unapproved_bookings(db, period.id)
            unapproved = tuple(sorted({r["assignment_id"] for r in pending}))
            missing = tuple(load_element_codes(db, period.last_day).missing(
                store.pay_rules_used(db, period.id)))
        unbooked = store.count_unbooked(db, period.id)
    return ExportPreview(period.id, period.label(), status, rows, total, adjustments, unbooked, blocked,
                         unapproved=len(unapproved), missing_codes=missing,
                         ended=_today() >= period.ends_on)


def _write(rows: Iterator[tuple[Any, ...]], out: Any, fmt: Format, period_id: str, title: str,
           count: int, progress: Progress | None, *, stamp: str | None = None,
           layout: int = 1, checkpoint: Checkpoint | None = None,
           element_codes: dict[str, str] | None = None) -> tuple[Any, str | None]:
    """Rows to a file in `layout` (1: grouped rows, as recharge statements and payroll
    files locked before duty lines are; 2: payroll duty lines). `stamp`: the XLSX
    document's time (a locked period's lock time, so that its re-export is byte-identical;
    default now). `checkpoint`: the audit checkpoint, after the totals in a CSV (outside
    its stored SHA-256) or as an XLSX document property. `element_codes`: the rows are a CSV
    draft's, without element codes (`store.payroll.UNCODED_FIELDS`)."""
    tick = (lambda done: progress(done, count)) if progress else None
    if layout == 2:
        if fmt == "csv":
            return write_lines_csv(rows, out, period=period_id, progress=tick, checkpoint=checkpoint,
                                   element_codes=element_codes)
        return write_lines_xlsx(rows, out, period=period_id, title=title, progress=tick,
                                stamp=stamp or utc_now_text(), checkpoint=checkpoint), None
    if fmt == "csv":
        totals, digest = write_csv(rows, out, period=period_id, progress=tick)
        if checkpoint is not None:
            out.write(csv_footer_bytes(checkpoint))
        return totals, digest
    return write_xlsx(rows, out, period=period_id, title=title, progress=tick,
                      stamp=stamp or utc_now_text(), checkpoint=checkpoint), None


def _lock_checkpoint(db: Database, period_id: str | None = None) -> Checkpoint | None:
    """A final file's audit checkpoint: the log as it stood when the period was locked (the
    entry just before the lock's own, which names the file and so comes after it). For a
    locked period, found again from its lock entry, so a re-export is identical."""
    if period_id is None:
        return audit.checkpoint(db)
    lock_seq = audit.last_entry_about(db, "pay_period", period_id, LOCK_ACTION)
    return audit.checkpoint(db, lock_seq - 1) if lock_seq is not None and lock_seq > 1 else None


def export_payroll(
    session: Session,
    period_text: str,
    *,
    fmt: str = "csv",
    out: Path | None = None,
    final: bool = False,
    progress: Progress | None = None,
    next_free: bool = False,
    early_reason: str | None = None,
) -> ExportResult:
    """Write the force payroll file for a period: one line per duty and pay element.

    Draft (default): the current worked lines, plus pending adjustments when this is the
    next period to lock; lines not yet approved are marked; nothing is stored. Final:
    refused while an earlier period with work is open, before the period has ended (unless
    `early_reason` says why it must go early), while any booking in it is not approved, or
    while a pay rule in it has no element code; otherwise stores the lines, locks the
    period and writes the file, all or nothing. A period already locked is exported again
    from its stored lines, identically. The file is new (`exports.files.new_file`): a
    taken `out` is refused, or with `next_free` the next free `name-N` is used; the result
    names the file written.
    """
    session.require(Permission.LOCK if final else Permission.EXPORT)
    fmt = _check_format(fmt)
    with session.reading() as db:
        period = resolve_period(db, period_text)
        target = Path(out) if out else Path(default_file_name("payroll", period.id, fmt, final=final))
        row = store.get_period(db, period.id)
        locked = bool(row and row["status"] == "locked")
        if locked:
            return _reexport(db, period, target, fmt, progress, next_free)
        if not final:
            codes = load_element_codes(db, period.last_day)
            # The total is only for a progress display: without one, don't run the query twice.
            count = store.count_draft_rows(db, period.id)[0] if progress else 0
            # A CSV's writer looks each line's element code up from its pay rule itself.
            csv_codes = _codes_map(codes) if fmt == "csv" else None
            with new_file(target, next_free=next_free) as fh, store.export_cache(db):
                rows = (store.iter_uncoded_draft_lines(db, period.id) if csv_codes is not None
                        else store.iter_draft_lines(db, period.id, _codes_json(codes)))
                totals, _ = _write(rows, fh.handle, fmt, period.id, f"Payroll {period.id} DRAFT",
                                   count, progress, layout=2, element_codes=csv_codes)
            return ExportResult(fh.path, period.id, totals.rows, totals.amount_pence,
                                totals.adjustments, final=False, unapproved=totals.unapproved)
    return _final(session, period, target, fmt, progress, next_free, early_reason)


def _reexport(db: Database, period: PayPeriod, target: Path, fmt: Format,
              progress: Progress | None, next_free: bool) -> ExportResult:
    record = store.export_record(db, period.id)
    if record is None:
        raise ValidationFailed(f"{period.id} is locked but has no stored export; check the database")
    layout = record.get("layout") or 1
    rows = (store.iter_exported_lines(db, period.id) if layout == 2
            else store.iter_exported_rows(db, period.id))
    with new_file(target, next_free=next_free) as fh:
        totals, digest = _write(rows, fh.handle, fmt, period.id, f"Payroll {period.id}",
                                record["row_count"], progress, stamp=record["exported_at"],
                                layout=layout, checkpoint=_lock_checkpoint(db, period.id))
        if digest is not None and digest != record["csv_sha256"]:
            raise ValidationFailed(
                f"the stored export of {period.id} no longer matches what was sent; nothing written"
            )
    return ExportResult(fh.path, period.id, totals.rows, totals.amount_pence, totals.adjustments,
                        final=True, relocked=True)


def _check_final(db: Database, period: PayPeriod, early_reason: str | None) -> str:
    """Everything that stops a final export, checked before anything is written; returns
    the element codes (JSON) the lines are sent with."""
    hub = sync_derived.hub_of_checkout(db)
    if hub is not None:
        raise ValidationFailed(
            f"this file is a copy checked out from {hub}: a pay period goes to payroll (and is "
            "locked) from the station's file only, so that payroll gets one final file; sync this "
            "copy, then export the period final there")
    starts = period.starts_on.isoformat()
    earlier = store.first_open_with_lines_before(db, starts)
    if earlier:
        raise ValidationFailed(f"export {earlier} for payment first: pay periods are locked in order")
    if _today() < period.ends_on and not (early_reason or "").strip():
        raise ValidationFailed(
            f"{period.id} has not ended (its last day is {period.last_day:%d %b %Y}): a final export"
            " locks it; to send it early give --early with --reason"
        )
    unapproved = store.unapproved_bookings(db, period.id)
    if unapproved:
        raise ValidationFailed(
            f"{len(unapproved)} bookings in {period.id} are not approved, on patrols "
            f"{_unapproved_text(unapproved)}; approve them first (hotspot-tui approve PATROL_REF)"
        )
    codes = load_element_codes(db, period.last_day)
    missing = codes.missing(store.pay_rules_used(db, period.id))
    if missing:
        raise ValidationFailed(
            f"no payroll element code for {missing_codes_text(missing)}: set "
            f"{', '.join('element_codes.' + r.lower() for r in missing)} in Settings"
            " (or hotspot-tui settings set) before the final export"
        )
    return _codes_json(codes)


def _final(session: Session, period: PayPeriod, target: Path, fmt: Format,
           progress: Progress | None, next_free: bool, early_reason: str | None) -> ExportResult:
    """Lock and write, all or nothing: the file is named inside the transaction that
    records the lock, and removed again if that transaction does not commit."""
    written: Path | None = None
    try:
        with session.writing(Permission.LOCK) as db:
            row = store.get_period(db, period.id)
            if row and row["status"] == "locked":
                raise ValidationFailed(f"{period.id} was locked meanwhile; export it again to get its file")
            codes = _check_final(db, period, early_reason)
            starts = period.starts_on.isoformat()
            store.ensure_period(db, period.id, starts, period.ends_on.isoformat())
            rows, total = store.snapshot_lines(db, period.id, codes)
            store.snapshot_recharge_statements(db, period.id)
            now = utc_now_text()
            point = _lock_checkpoint(db)
            with new_file(target, next_free=next_free) as fh:
                totals, digest = _write(store.iter_exported_lines(db, period.id), fh.handle, fmt,
                                        period.id, f"Payroll {period.id}", rows, progress, stamp=now,
                                        layout=2, checkpoint=point)
                if digest is None:
                    _, digest = write_lines_csv(store.iter_exported_lines(db, period.id), None,
                                                period=period.id)
            written = fh.path
            store.record_export(db, period.id, at_utc=now, actor=session.actor, rows=rows,
                                total_pence=total, csv_sha256=digest or "", layout=2)
            costing.after_lock(db, period.id)
            early = _today() < period.ends_on
            audit.append(db, actor=session.actor, action=LOCK_ACTION, entity="pay_period",
                         entity_id=period.id, reason=(early_reason or "").strip() or None,
                         details={"rows": rows, "total_pence": total, "adjustments": totals.adjustments,
                                  "format": fmt, "file": str(written), "csv_sha256": digest,
                                  "early": early})
    except BaseException:
        if written is not None:
            with contextlib.suppress(OSError):
                os.unlink(written)
        raise
    return ExportResult(written, period.id, totals.rows, totals.amount_pence, totals.adjustments,
                        final=True)


def export_recharge(
    session: Session,
    period_text: str,
    employer: str,
    *,
    fmt: str = "csv",
    out: Path | None = None,
    progress: Progress | None = None,
    next_free: bool = False,
) -> ExportResult:
    """A council's (or BID's) recharge statement for the hours its staff worked in a period:
    as locked with the period, or (open) from its current lines, with the adjustments it
    bills for locked periods."""
    session.require(Permission.EXPORT)
    fmt = _check_format(fmt)
    with session.reading() as db:
        period = resolve_period(db, period_text)
        found = store.find_employer(db, (employer or "").strip())
        if found is None:
            names = ", ".join(store.employer_names(db)) or "none recorded"
            raise NotFound(f"no employer named {employer!r} (councils: {names})")
        if found["kind"] == "force":
            raise ValidationFailed(f"{found['name']} staff are paid through the payroll export")
        target = Path(out) if out else Path(
            default_file_name("recharge", period.id, fmt, final=True, employer=found["name"]))
        row = store.get_period(db, period.id)
        locked = bool(row and row["status"] == "locked")
        if locked:
            count = store.count_locked_statement(db, period.id, found["id"])
            rows = store.iter_locked_statement(db, period.id, found["id"])
        else:
            count = store.count_recharge_rows(db, period.id, found["id"])
            rows = store.iter_recharge_rows(db, period.id, found["id"])
        stamp = (store.export_record(db, period.id) or {}).get("exported_at") if locked else None
        with new_file(target, next_free=next_free) as fh:
            totals, _ = _write(rows, fh.handle, fmt, period.id, f"Recharge {period.id}", count, progress,
                               stamp=stamp,
                               checkpoint=_lock_checkpoint(db, period.id) if locked else audit.checkpoint(db))
    return ExportResult(fh.path, period.id, totals.rows, totals.amount_pence, totals.adjustments,
                        final=locked, relocked=locked)
