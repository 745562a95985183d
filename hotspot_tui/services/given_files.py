"""Files a person names (on the command line or in a form), checked before they are read.

Each refusal is one line. Anything that is not a regular file is refused before it is
opened: reading a named pipe would wait for a writer forever, and a device never ends.
"""

from __future__ import annotations

from pathlib import Path

from hotspot_tui.errors import HotspotError, ValidationFailed


def check_given_file(path: Path, kind: str, *, missing: str = "file",
                     error: type[HotspotError] = ValidationFailed) -> None:
    """Refuse a path that is missing, a folder, or not a regular file; `kind` says what
    the file should have been ("a CSV file"), `missing` names it in "no … at PATH"."""
    if not path.exists():
        raise error(f"no {missing} at {path}")
    if path.is_dir():
        raise error(f"{path} is a folder, not {kind}")
    if not path.is_file():
        raise error(f"{path} is not a regular file (a pipe or a device?), not {kind}")


def read_given_file(path: Path, kind: str, *, max_bytes: int | None = None, too_large: str = "",
                    missing: str = "file", error: type[HotspotError] = ValidationFailed) -> bytes:
    """The whole of a checked file, at most `max_bytes` long if given (`too_large` is then
    the refusal)."""
    check_given_file(path, kind, missing=missing, error=error)
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise error(too_large)
        return path.read_bytes()
    except PermissionError:
        raise error(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise error(f"cannot read {path}: {exc.strerror or exc}") from None
