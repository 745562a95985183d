"""Every file the program writes goes through here, so a file is what the message says.

How a file is written:

1. a private temporary file is created in the target's folder (`O_CREAT|O_EXCL`, mode
   0600 from the first byte, a random name: never an existing file or a symlink), after
   removing any such file a killed writer left there (its name holds its process id);
2. the content is written, flushed and fsynced;
3. `os.link(temp, target)` gives it its name. Linking is atomic and refuses any existing
   name, a file or a symlink (even a dangling one), without following it, so there is no
   gap between "is the name free?" and "take it": of two commands racing for one path,
   one writes and the other is told the file exists;
4. the temporary name is removed.

Any failure removes the temporary file; the target is never created half-written and an
existing target is never replaced, truncated or chmodded. Works on Windows too (`os.link`
makes an NTFS hard link; where the folder's file system has no hard links, Windows'
`os.rename`, which also refuses an existing target, is used instead).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from hotspot_tui.errors import ValidationFailed
from hotspot_tui.os_support import process_alive

OWNER_ONLY = 0o600
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS}
_MAX_SUFFIX = 999


class FileExists(ValidationFailed):
    """The target name is taken (by a file, a folder or a symlink); nothing was written."""

    def __init__(self, target: Path) -> None:
        super().__init__(f"{target} already exists; nothing was written: choose another file name")
        self.target = target


class NewFile:
    """The open temporary file (`handle`) and, once written, the name it was given (`path`)."""

    def __init__(self, handle: BinaryIO, path: Path) -> None:
        self.handle = handle
        self.path = path

    def write(self, data: bytes) -> int:
        return self.handle.write(data)


def _taken(path: Path) -> bool:
    return os.path.lexists(path)


def _folder_of(target: Path) -> Path:
    folder = target.parent
    if not folder.is_dir():
        raise ValidationFailed(f"no folder {folder} to write {target.name} into")
    return folder


def _part_prefix(name: str) -> str:
    return f".{name}."


def remove_stale_parts(folder: Path, name: str, *,
                       alive: Callable[[int], bool | None] = process_alive) -> list[Path]:
    """Remove the hidden temporary files a killed writer of `name` left in `folder` (each
    names its writer's process id): those of processes that no longer run. Where that cannot
    be asked (Windows), a file still being written cannot be deleted, so trying is safe."""
    removed = []
    prefix = _part_prefix(name)
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not (entry.name.startswith(prefix) and entry.name.endswith(".part")):
                continue
            pid_text = entry.name[len(prefix):-len(".part")].split("-", 1)[0]
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                if hasattr(os, "getuid") and entry.stat(follow_symlinks=False).st_uid != os.getuid():
                    continue
                pid = int(pid_text)
            except (OSError, ValueError):
                continue
            if pid == os.getpid() or alive(pid) is True:
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _open_temp(folder: Path, name: str) -> tuple[Path, int]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    remove_stale_parts(folder, name)
    while True:
        temp = folder / f"{_part_prefix(name)}{os.getpid()}-{secrets.token_hex(6)}.part"
        try:
            return temp, os.open(temp, flags, OWNER_ONLY)
        except FileExistsError:
            continue


def _give_name(temp: Path, target: Path) -> None:
    """Link the finished temporary file to `target`; FileExistsError if the name is taken."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if os.name == "nt" and (exc.errno in _NO_HARD_LINKS or getattr(exc, "winerror", 0) == 1):
            os.rename(temp, target)  # Windows' rename never replaces an existing file
            return
        if exc.errno in _NO_HARD_LINKS:
            raise ValidationFailed(
                f"cannot write {target}: its folder's file system has no hard links, which a safe"
                " write needs; choose a folder on a local disk"
            ) from None
        raise


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (POSIX; Windows has no folder handles to sync)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _candidates(target: Path, next_free: bool) -> Iterator[Path]:
    yield target
    if next_free:
        for n in range(2, _MAX_SUFFIX + 1):
            yield target.with_name(f"{target.stem}-{n}{target.suffix}")


@contextlib.contextmanager
def new_file(target: Path | str, *, next_free: bool = False) -> Iterator[NewFile]:
    """Yield a `NewFile` to write; on success its content is at `.path`, else nothing is.

    `next_free`: if `target` is taken, use `name-2.ext`, `name-3.ext`… (each taken
    atomically); the chosen name is `.path`. Without it a taken name raises `FileExists`
    (checked before writing, to save the work, and again, atomically, when linking).
    """
    target = Path(target)
    folder = _folder_of(target)
    if not next_free and _taken(target):
        raise FileExists(target)
    temp, fd = _open_temp(folder, target.name)
    handle = os.fdopen(fd, "wb")
    out = NewFile(handle, target)
    try:
        yield out
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        for candidate in _candidates(target, next_free):
            try:
                _give_name(temp, candidate)
            except FileExistsError:
                continue
            out.path = candidate
            break
        else:
            raise FileExists(target)
    finally:
        handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    _sync_folder(folder)


def write_new_file(target: Path | str, data: bytes, *, next_free: bool = False) -> Path:
    """Write `data` as a new owner-only file (see `new_file`); returns the path written."""
    with new_file(target, next_free=next_free) as out:
        out.write(data)
    return out.path
