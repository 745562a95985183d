"""Saving an openpyxl workbook so that the same content gives the same bytes.

openpyxl stamps a workbook with the time it is saved (its "modified" document property)
and each part of the zip with the current clock. Here the document properties carry a
given time (for a locked pay period, the time it was locked) and every zip entry a fixed
date and owner-only permissions, so a locked period's re-export is byte-identical.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from datetime import datetime
from typing import Any, BinaryIO

from hotspot_tui.domain.clock_utc import from_utc_text

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CORE_PART = "docProps/core.xml"
_SPOOL_BYTES = 32 * 1024 * 1024
_CHUNK = 1024 * 1024


def _naive_utc(stamp: str) -> datetime:
    return from_utc_text(stamp).replace(tzinfo=None, microsecond=0)


def save_workbook(wb: Any, out: BinaryIO, stamp: str, *, creator: str = "hotspot-tui") -> None:
    """Save `wb` into `out` with document time `stamp` (UTC text), reproducibly."""
    from openpyxl.xml.functions import tostring

    when = _naive_utc(stamp)
    props = wb.properties
    props.creator = creator
    props.lastModifiedBy = creator
    props.created = when
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as raw:
        wb.save(raw)
        props.modified = when
        core = tostring(props.to_tree())
        raw.seek(0)
        with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                info = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                if entry.filename == CORE_PART:
                    target.writestr(info, core)
                    continue
                with source.open(entry) as part, target.open(info, "w", force_zip64=True) as dest:
                    shutil.copyfileobj(part, dest, _CHUNK)
