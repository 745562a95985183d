"""Export files: written to a private temporary file beside the target, then renamed.

The file is created readable and writable by its owner only (0600) from the first byte; a
failed export removes the temporary file, so nothing half-written is ever left under the
target name. An existing target is never overwritten.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from hotspot_tui.errors import ValidationFailed

OWNER_ONLY = 0o600


@contextlib.contextmanager
def private_output(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it becomes `target` (mode 0600), else it is removed."""
    target = Path(target)
    if target.exists():
        raise ValidationFailed(f"{target} already exists; choose another file name")
    if not target.parent.is_dir():
        raise ValidationFailed(f"no folder {target.parent} to write {target.name} into")
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    os.fchmod(fd, OWNER_ONLY)
    handle = os.fdopen(fd, "wb")
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        if target.exists():
            raise ValidationFailed(f"{target} appeared while exporting; nothing was overwritten")
        os.replace(temp, target)
    except BaseException:
        handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
