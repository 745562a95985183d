"""Import data.police.uk street-level files: each a force's month, read as a stream and
written in one transaction (all its rows or none), replacing that force-month if it was
imported before; then the counts inside each area are worked out again for that month.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from typing import IO, TYPE_CHECKING

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.police_records import RowProblem, check_row, header_problem, is_header
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services import collector, crime_counts
from hotspot_tui.services.crime_files import CrimeFile
from hotspot_tui.services.session import Session
from hotspot_tui.services.street_batch_check import check_batch
from hotspot_tui.services.street_csv import Batch, StreetBlocks
from hotspot_tui.store import audit
from hotspot_tui.store import police_data as store
from hotspot_tui.store.database import write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database

    from hotspot_tui.services.rows_checked_ahead import PendingVerdict

Progress = Callable[[int, int], None]
"""Called with (bytes read, bytes in the file) as a file is read."""


@dataclass(frozen=True)
class ImportedMonth:
    name: str
    force: str
    month: str
    rows: int
    unlocated: int
    replaced: int | None
    """The rows of the force-month this import replaced (None: it was new)."""
    sample: bool = False


def import_crime_file(session: Session, source: CrimeFile, *, sample: bool = False,
                      progress: Progress | None = None,
                      checked: PendingVerdict | None = None) -> ImportedMonth:
    """Import one street-level file in one transaction; ValidationFailed (one line, naming
    the line of a bad row) and nothing written if any of it is wrong. `checked`: the
    file's rows are being checked by another process (`rows_checked_ahead`), whose verdict
    is waited for before the transaction ends."""
    with session.writing(Permission.POLICE_DATA) as db, source.open() as raw:
        return import_into(db, session.actor, source, raw, sample=sample, progress=progress,
                           checked=checked)


def import_into(db: Database, actor: str, source: CrimeFile, raw: IO[bytes], *, sample: bool = False,
                progress: Progress | None = None, at_utc: str | None = None,
                checked: PendingVerdict | None = None) -> ImportedMonth:
    """The import itself, inside the caller's write transaction (`import_crime_file`'s, or
    the demo builder's, which gives its own `at_utc`): reads `raw` as the street-level
    file `source` names, a block at a time. The force-month's earlier records go first;
    each batch of rows is checked (`check_batch`: the domain's quick test over its columns,
    or `check_row` row by row when that cannot vouch for it), unless another process is
    checking them (`checked`), and written straight into the records. A bad row undoes
    all the file's writes (a savepoint), and the file is read again row by row to name its
    line."""
    reported = None if progress is None else (lambda done: progress(done, source.size))
    try:
        blocks = StreetBlocks(raw, reported)
        if blocks.header is None:
            raise ValidationFailed(f"{source.name} is empty")
        if not is_header(blocks.header):
            raise ValidationFailed(f"{source.name}: {header_problem(blocks.header)}")
        batches = iter(blocks)
        first = next(batches, None)
        if first is None:
            raise ValidationFailed(f"{source.name} has a header but no rows")
        month, force = source.month_and_force(first.first())
        with write_transaction(db), collector.paused():
            replaced = _clear(db, force, month)
            force_month_id = store.insert_force_month(
                db, force=force, month=month, source_file=source.name, sample=sample,
                imported_at=at_utc or utc_now_text(), imported_by=actor)
            _insert(db, force_month_id, month, force, chain((first,), batches), checked)
            rows_in, unlocated = store.finish_force_month(db, force_month_id, month)
            crime_counts.recount(db, months=[month])
            audit.append(db, actor=actor, action="police_data.import", entity="police_data",
                         entity_id=f"{force} {month}",
                         details={"file": source.name, "force": force, "month": month,
                                  "rows": rows_in, "unlocated": unlocated,
                                  "replaced_rows": replaced, "sample": sample}, at_utc=at_utc)
    except (RowProblem, csv.Error):
        raise ValidationFailed(_first_problem(source)) from None
    except UnicodeDecodeError:
        raise ValidationFailed(_undecodable(source)) from None
    if progress is not None:
        progress(source.size, source.size)
    return ImportedMonth(source.name, force, month, rows_in, unlocated, replaced, sample)


def _insert(db: Database, force_month_id: int, month: str, force: str, batches: Iterable[Batch],
            checked: PendingVerdict | None) -> None:
    """Write the batches' rows, each batch checked first (`check_batch`) or, if `checked`,
    while another process checks them; RowProblem (the caller names the line) if a check,
    that process's verdict, or a row the store cannot take says a row is wrong."""
    try:
        for batch in batches:
            trim = False if checked is not None else check_batch(batch, month, force)
            store.insert_kept(db, force_month_id, month, batch.kept(store.STORED), trim=trim)
    except store.UnfitRow:
        raise RowProblem("a row is not a street-level record") from None
    if checked is None:
        return
    verdict = checked.result()
    if not verdict.sound:
        raise RowProblem("a row is not a street-level record")
    if verdict.padded:
        store.trim_records(db, force_month_id, month)


def _first_problem(source: CrimeFile) -> str:
    """The one line that names the file's first bad row, read again row by row as the csv
    module reads the whole file (the import reads it a block at a time, and knows only that
    a row is wrong, not its line)."""
    with source.open() as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
        try:
            next(reader, None)
            cells = next(reader, None)
            while cells is not None and not cells:
                cells = next(reader, None)
            if cells is None:
                return f"{source.name} has a header but no rows"
            month, force = source.month_and_force(cells)
            while cells is not None:
                if cells:
                    check_row(cells, month, force)
                cells = next(reader, None)
        except RowProblem as exc:
            return f"{source.name} line {reader.line_num}: {exc}; nothing was imported from it"
        except csv.Error as exc:
            return (f"{source.name} line {reader.line_num}: not a valid CSV ({exc}); nothing was "
                    "imported from it")
        except UnicodeDecodeError:
            return _undecodable(source)
    return f"{source.name}: a row could not be read as CSV; nothing was imported from it"


def _undecodable(source: CrimeFile) -> str:
    return (f"{source.name} line {_first_undecodable(source)}: not UTF-8 text (data.police.uk "
            "files are); nothing was imported from it")


def _first_undecodable(source: CrimeFile) -> int:
    """The line of the file's first byte that is not UTF-8 (read again: the import decodes
    the file a block at a time, which is fast but does not know its lines)."""
    with source.open() as raw:
        for number, data in enumerate(raw, 1):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0


def _clear(db: Database, force: str, month: str) -> int | None:
    """Remove the force-month's earlier import; its row count, or None if it was new."""
    before = store.find_force_month(db, force, month)
    if before is None:
        return None
    store.delete_force_month(db, before["id"], month)
    return int(before["rows"])
