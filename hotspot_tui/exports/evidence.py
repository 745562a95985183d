"""The audit checkpoint written into exported files, and read back out of them.

Every final payroll file, recharge statement and report carries the audit log's checkpoint
(entry number and hash prefix) when it was made: a footer row in a CSV, a last line in a
Markdown report, a field in JSON, a document property in an XLSX. A copy of that file kept
anywhere (payroll's inbox, a council's email) is then evidence outside the database that
`hotspot-tui audit verify --against FILE` holds the log to.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from hotspot_tui.domain.audit_chain import (
    FOOTER_LABEL,
    Checkpoint,
    checkpoints_in_text,
    parse_checkpoint,
)
from hotspot_tui.errors import ValidationFailed

CSV_COLUMNS = 12
XLSX_PROPERTY = FOOTER_LABEL
CUSTOM_PROPERTIES = "docProps/custom.xml"
MAX_SCANNED_BYTES = 256 * 2**20


def footer_line(point: Checkpoint) -> str:
    """`Audit checkpoint: 1234-9f3a-2b7c-41d0-e5f6` (a report's last line)."""
    return f"{FOOTER_LABEL}: {point.code}"


def csv_footer_row(point: Checkpoint, columns: int = CSV_COLUMNS) -> list[str]:
    """A CSV row after the totals: `AUDIT,Audit checkpoint,<code>` padded to the columns."""
    return ["AUDIT", FOOTER_LABEL, point.code, *([""] * max(0, columns - 3))]


def csv_footer_bytes(point: Checkpoint, columns: int = CSV_COLUMNS) -> bytes:
    return (",".join(csv_footer_row(point, columns)) + "\r\n").encode("utf-8")


def mark_workbook(workbook: Any, point: Checkpoint) -> None:
    """Put the checkpoint in an openpyxl workbook's custom document properties."""
    from openpyxl.packaging.custom import StringProperty

    workbook.custom_doc_props.append(StringProperty(name=XLSX_PROPERTY, value=point.code))


_XLSX_PROPERTY = re.compile(
    r'<property\b[^>]*\bname="' + re.escape(XLSX_PROPERTY) + r'"[^>]*>\s*<vt:lpwstr>([^<]{1,64})</vt:lpwstr>'
)


def _xlsx_checkpoints(path: Path) -> list[Checkpoint]:
    with zipfile.ZipFile(path) as archive:
        try:
            member = archive.getinfo(CUSTOM_PROPERTIES)
        except KeyError:
            return []
        if member.file_size > MAX_SCANNED_BYTES:
            return []
        text = archive.read(member).decode("utf-8", "replace")
    found = []
    for match in _XLSX_PROPERTY.finditer(text):
        try:
            found.append(parse_checkpoint(match.group(1)))
        except ValueError:
            continue
    return found


def checkpoints_in_file(path: Path) -> list[Checkpoint]:
    """Every checkpoint found in an exported file (CSV, Markdown, JSON or XLSX)."""
    if not path.is_file():
        raise ValidationFailed(f"{path} is not a file holding an audit checkpoint")
    try:
        if zipfile.is_zipfile(path):
            found = _xlsx_checkpoints(path)
        else:
            with path.open("rb") as handle:
                found = checkpoints_in_text(handle.read(MAX_SCANNED_BYTES).decode("utf-8", "replace"))
    except (OSError, zipfile.BadZipFile) as exc:
        raise ValidationFailed(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if not found:
        raise ValidationFailed(f"{path} holds no audit checkpoint")
    return found
