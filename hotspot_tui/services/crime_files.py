"""The street-level files a path names: a CSV, or the archive as downloaded (a zip of month
folders, whose `*-street.csv` members are read one by one; its outcomes and stop-and-search
files are left alone), and which force and month a file holds."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from hotspot_tui.domain.police_records import RowProblem, check_month, month_of_name
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.given_files import check_given_file


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

    def month_and_force(self, cells: list[str]) -> tuple[str, str]:
        """The file's month (from its name, as data.police.uk names its files, else from its
        first row) and force (its first row's Reported by); RowProblem if either is missing."""
        month = month_of_name(Path(self.member or self.name).name) or \
            check_month(cells[1] if len(cells) > 1 else "")
        force = cells[2] if len(cells) > 2 else ""
        if not force.strip():
            raise RowProblem("no Reported by (the force)")
        return month, force


def crime_files(path: Path) -> list[CrimeFile]:
    """The street-level CSVs a path holds (itself, or an archive's `*-street.csv` members in
    name order); ValidationFailed in one line for a path that is missing, unreadable, not
    a regular file, or an archive with none."""
    check_given_file(path, "a street-level CSV or a zip archive of them")
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
