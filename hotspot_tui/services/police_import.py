"""Import data.police.uk street-level files: each a force's month, read as a stream and
written in one transaction (all its rows or none), replacing that force-month if it was
imported before; then the counts inside each area are worked out again for that month.

A path is a street-level CSV, or the archive as downloaded: a zip of month folders, whose
`*-street.csv` members are imported one by one (its outcomes and stop-and-search files
are left alone).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.police_records import (
    FileTally,
    Record,
    RowProblem,
    check_month,
    header_problem,
    is_header,
    month_of_name,
    read_row,
)
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services import crime_counts
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit
from hotspot_tui.store import police_data as store

if TYPE_CHECKING:
    from sqlite_utils import Database

BATCH = 5000
Progress = Callable[[int, int], None]
"""Called with (bytes read, bytes in the file) as a file is read."""


@dataclass(frozen=True)
class CrimeFile:
    """One street-level CSV to import: a file, or a member of a zip archive."""

    name: str
    """As the messages name it: the file's name, or 'archive.zip:2018-12/...-street.csv'."""
    path: Path
    member: str | None = None
    size: int = 0

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        try:
            if self.member is None:
                with self.path.open("rb") as raw:
                    yield raw
            else:
                with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as raw:
                    yield raw
        except PermissionError:
            raise ValidationFailed(f"cannot read {self.path}: permission denied") from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as exc:
            raise ValidationFailed(f"{self.name}: the archive cannot be read ({exc})") from None
        except OSError as exc:
            raise ValidationFailed(f"cannot read {self.name}: {exc.strerror or exc}") from None


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


def crime_files(path: Path) -> list[CrimeFile]:
    """The street-level CSVs a path holds (itself, or an archive's `*-street.csv` members in
    name order); ValidationFailed in one line for a path that is missing, unreadable, not
    a regular file, or an archive with none."""
    if not path.exists():
        raise ValidationFailed(f"no file at {path}")
    if path.is_dir():
        raise ValidationFailed(f"{path} is a folder; name the CSV files or the zip archive")
    if not path.is_file():
        raise ValidationFailed(f"{path} is not a regular file (a pipe or a device?)")
    try:
        with path.open("rb") as probe:
            head = probe.read(4)
    except PermissionError:
        raise ValidationFailed(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise ValidationFailed(f"cannot read {path}: {exc.strerror or exc}") from None
    if head != b"PK\x03\x04":
        return [CrimeFile(path.name, path, size=path.stat().st_size)]
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist()
                       if not info.is_dir() and info.filename.lower().endswith("-street.csv")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationFailed(f"{path.name} is not a readable zip archive ({exc})") from None
    if not members:
        raise ValidationFailed(f"{path.name} holds no street-level files (*-street.csv)")
    return [CrimeFile(f"{path.name}:{info.filename}", path, info.filename, info.file_size)
            for info in sorted(members, key=lambda i: i.filename)]


def import_crime_file(session: Session, source: CrimeFile, *, sample: bool = False,
                      progress: Progress | None = None) -> ImportedMonth:
    """Import one street-level file in one transaction; ValidationFailed (one line, naming
    the line of a bad row) and nothing written if any of it is wrong."""
    with session.writing(Permission.POLICE_DATA) as db, source.open() as raw:
        return _import(session, db, source, raw, sample, progress)


def _import(session: Session, db: Database, source: CrimeFile, raw: IO[bytes], sample: bool,
            progress: Progress | None) -> ImportedMonth:
    reader = csv.reader(_text_lines(raw))
    line = 1
    try:
        first = next(reader, None)
        if first is None:
            raise ValidationFailed(f"{source.name} is empty")
        if not is_header(first):
            raise ValidationFailed(f"{source.name}: {header_problem(first)}")
        month = month_of_name(Path(source.member or source.name).name)
        force = ""
        force_month_id = 0
        replaced: int | None = None
        tally = FileTally()
        batch: list[Record] = []
        for cells in reader:
            line = reader.line_num
            if not cells:
                continue
            if not force_month_id:
                month = month or _first_month(cells, source.name, line)
                force = cells[2].strip() if len(cells) > 2 else ""
                if not force:
                    raise ValidationFailed(f"{source.name} line {line}: no Reported by (the force)")
                replaced = _clear(db, force, month)
                force_month_id = store.insert_force_month(
                    db, force=force, month=month, source_file=source.name, sample=sample,
                    imported_at=utc_now_text(), imported_by=session.actor)
            assert month is not None
            try:
                record = read_row(cells, month, force)
            except RowProblem as exc:
                raise ValidationFailed(f"{source.name} line {line}: {exc}; nothing was imported "
                                       "from it") from None
            tally.add(record)
            batch.append(record)
            if len(batch) >= BATCH:
                store.insert_records(db, force_month_id, batch)
                batch.clear()
                if progress is not None:
                    progress(_position(raw), source.size)
        if not force_month_id:
            raise ValidationFailed(f"{source.name} has a header but no rows")
        store.insert_records(db, force_month_id, batch)
        store.finish_force_month(db, force_month_id, tally.rows, tally.unlocated, tally.by_type)
        assert month is not None
        crime_counts.recount(db, months=[month])
        audit.append(db, actor=session.actor, action="police_data.import", entity="police_data",
                     entity_id=f"{force} {month}",
                     details={"file": source.name, "force": force, "month": month,
                              "rows": tally.rows, "unlocated": tally.unlocated,
                              "replaced_rows": replaced, "sample": sample})
    except _NotUtf8 as exc:
        raise ValidationFailed(f"{source.name} line {exc.line}: not UTF-8 text (data.police.uk files "
                               "are); nothing was imported from it") from None
    except csv.Error as exc:
        raise ValidationFailed(f"{source.name} line {reader.line_num}: not a valid CSV ({exc}); "
                               "nothing was imported from it") from None
    if progress is not None:
        progress(source.size, source.size)
    return ImportedMonth(source.name, force, month, tally.rows, tally.unlocated, replaced, sample)


class _NotUtf8(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _text_lines(raw: IO[bytes]) -> Iterator[str]:
    """The file's lines as text, each decoded as it is read (a bad byte names its line)."""
    for number, data in enumerate(raw, 1):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise _NotUtf8(number) from None
        yield text[1:] if number == 1 and text.startswith("\ufeff") else text


def _first_month(cells: list[str], name: str, line: int) -> str:
    try:
        return check_month(cells[1] if len(cells) > 1 else "")
    except RowProblem as exc:
        raise ValidationFailed(f"{name} line {line}: {exc}; nothing was imported from it") from None


def _clear(db: Database, force: str, month: str) -> int | None:
    """Remove the force-month's earlier import; its row count, or None if it was new."""
    before = store.find_force_month(db, force, month)
    if before is None:
        return None
    store.delete_force_month(db, before["id"])
    return int(before["rows"])


def _position(raw: IO[bytes]) -> int:
    try:
        return raw.tell()
    except (OSError, ValueError):
        return 0
