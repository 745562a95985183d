"""First use: make a database, and set an operation up in it from an operation file or form.

`setup_database` is what `hotspot-tui setup FILE.toml` does: it makes the file if there is
none (or takes over an empty SQLite file), then `apply_operation` writes the force, the
budget, the areas with their allocations, the councils and BIDs, the calendar rules and
how pay periods are cut, in one transaction with an audit entry for each. A database that
already holds an operation (or anything set up by hand) is refused, naming what it holds.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.budget import pounds
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.operation_file import (
    Mistake,
    OperationFile,
    OperationFileError,
    read_operation_text,
)
from hotspot_tui.errors import DatabaseFileError, ValidationFailed
from hotspot_tui.services.given_files import read_given_file
from hotspot_tui.services.session import Session, open_session
from hotspot_tui.store import audit
from hotspot_tui.store import budget as budget_store
from hotspot_tui.store import operation as operation_store
from hotspot_tui.store import organisation as organisation_store
from hotspot_tui.store.database import as_database, create_database, inspect_file, open_connection
from hotspot_tui.store.database import write_transaction as _write_transaction

if TYPE_CHECKING:
    from hotspot_tui.services.sign_in import SignIn

EXAMPLE_FILE = "operation-example.toml"
MAX_FILE_BYTES = 1024 * 1024


def initialise_database(path: Path, actor: str) -> None:
    """A new database at `path`; an existing SQLite file with no tables is taken over."""
    if path.exists():
        status = inspect_file(path, allow_empty=True)
        if status.schema_version:
            raise DatabaseFileError(f"{path} already exists; choose another name")
        db = as_database(open_connection(path, allow_empty=True))
    else:
        db = create_database(path)
    try:
        with _write_transaction(db):
            audit.append(db, actor=actor, action="database.create", entity="database")
    finally:
        db.conn.close()


def example_text() -> str:
    """The commented example operation file (the Hertfordshire operation)."""
    return resources.files("hotspot_tui").joinpath("data", EXAMPLE_FILE).read_text(encoding="utf-8")


class OperationFileRefused(ValidationFailed):
    """The operation file has mistakes (each with its key path and line); nothing written."""

    def __init__(self, name: str, mistakes: list[Mistake]) -> None:
        count = len(mistakes)
        summary = (f"{name}: {mistakes[0]}" if count == 1 else
                   f"{name} has {count} mistakes (the first: {mistakes[0]})")
        super().__init__(f"{summary}; nothing was written")
        self.name = name
        self.mistakes = mistakes


def parse_operation_text(text: str, name: str) -> OperationFile:
    try:
        return read_operation_text(text)
    except OperationFileError as exc:
        raise OperationFileRefused(name, exc.mistakes) from None


def read_operation_file(path: Path) -> OperationFile:
    """The operation file at `path`, checked whole; OperationFileRefused lists its mistakes."""
    data = read_given_file(path, "an operation file", max_bytes=MAX_FILE_BYTES,
                           too_large=f"{path.name} is over 1 MB; an operation file is a page or two of text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(f"{path.name} is not UTF-8 text; save it as UTF-8 and try again") from None
    return parse_operation_text(text, path.name)


def what_exists(session: Session) -> str | None:
    """What the database already holds that set-up would clash with, in words; else None."""
    with session.querying() as conn:
        return _describe(operation_store.operation_facts(conn))


def _describe(facts: dict[str, object]) -> str | None:
    budget = facts["budget"]
    if isinstance(budget, dict):
        return (f"the operation {budget['name']!r} (grant {pounds(int(budget['grant_pence']))}, "
                f"{budget['starts_on']} to {budget['ends_on']})")
    held = [f"{facts[k]} {k if facts[k] != 1 else k[:-1]}" for k in ("areas", "employers", "staff")
            if facts[k]]
    return ", ".join(held) if held else None


@dataclass(frozen=True)
class SetupSummary:
    name: str
    force: str
    areas: int
    employers: int
    grant_pence: int


def apply_operation(session: Session, op: OperationFile, *, source: str) -> SetupSummary:
    """Write the operation in one transaction (audited); refused if the database is not
    empty. `source` says where the facts came from (a file name, or the set-up screen)."""
    from hotspot_tui.services import area_geography, budget, organisation, pay_rules

    reason = f"operation set-up from {source}"
    with session.writing(Permission.SETTINGS) as db:
        existing = _describe(operation_store.operation_facts(db.conn))
        if existing:
            raise ValidationFailed(
                f"this database already holds {existing}; set-up needs a new or empty database")
        force_id = new_id()
        organisation_store.insert_employer(db, {
            "id": force_id, "name": op.force.name, "kind": "force",
            "payroll_number_format": op.force.payroll_number_format, "created_at": utc_now_text(),
        })
        audit.append(db, actor=session.actor, action="employer.add", entity="employer",
                     entity_id=force_id, reason=reason,
                     details={"name": op.force.name, "kind": "force",
                              "payroll_number_format": op.force.payroll_number_format})
        o = op.operation
        budget_store.save_budget(db, name=o.name, grant_pence=o.grant_pounds,
                                 starts_on=o.starts_on.isoformat(), ends_on=o.ends_on.isoformat(),
                                 now=utc_now_text())
        audit.append(db, actor=session.actor, action="budget.create", entity="budget", entity_id="1",
                     reason=reason,
                     details={"before": None, "after": {
                         "name": o.name, "grant_pence": o.grant_pounds,
                         "starts_on": o.starts_on.isoformat(), "ends_on": o.ends_on.isoformat()}})
        for area in op.areas:
            area_id = organisation.add_area(session, area.name, area.district, area.cost_code)
            if area.allocation_pounds is not None:
                budget.set_allocation(session, area_id, area.allocation_pounds)
            place = area.geography()
            if place is not None:
                area_geography.set_area_geography(session, area.name, place)
        for employer in op.employers:
            organisation.add_employer(session, employer.name, employer.kind, (
                employer.weekday_rate_pounds, employer.weekend_rate_pounds,
                employer.bank_holiday_rate_pounds))
        rules = pay_rules.load_rules(db)
        pay_rules.save_rules(session, rules.model_copy(update={"calendar": op.calendar(rules.calendar)}),
                             reason)
        pay_rules.save_payroll_settings(session, op.payroll_settings(), reason)
        audit.append(db, actor=session.actor, action="operation.setup", entity="operation",
                     reason=reason,
                     details={"name": o.name, "force": op.force.name, "areas": len(op.areas),
                              "employers": len(op.employers), "grant_pence": o.grant_pounds})
    return SetupSummary(o.name, op.force.name, len(op.areas), len(op.employers), o.grant_pounds)


def check_target(path: Path) -> None:
    """Refuse, touching nothing, a database file that set-up could not use (a missing
    file, or an empty SQLite file, is fine: set-up makes the database)."""
    if path.exists():
        inspect_file(path, allow_empty=True)


def setup_database(path: Path, actor: str, op: OperationFile, *, source: str,
                   sign_in: SignIn | None = None) -> SetupSummary:
    """Make (or open) the database at `path` and set the operation up in it. A file made
    here is removed again if the set-up is refused, so a failure leaves nothing behind."""
    created = not path.exists()
    if created or inspect_file(path, allow_empty=True).schema_version == 0:
        initialise_database(path, actor)
    try:
        session = open_session(path, actor, sign_in=sign_in)
        try:
            return apply_operation(session, op, source=source)
        finally:
            session.close()
    except BaseException:
        if created:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        raise
