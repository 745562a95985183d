"""Is a file on a network share? SQLite's locking cannot be trusted across machines on one
file (NFS and SMB locks are advisory, cached or missing, and WAL needs shared memory that a
network file system does not share), so a database there is never opened for writing:
each PC works on its own copy on its own disk and syncs with the station's hub file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "sshfs",
    "fuse.sshfs", "ceph", "fuse.ceph", "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2",
    "lustre", "gpfs", "ocfs2", "gfs2", "fuse.rclone", "fuse.s3fs", "afpfs", "webdav",
})


def _unescape(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def filesystem_from_mounts(path: Path, mounts_text: str) -> str | None:
    """The type of the file system holding `path`, from /proc/mounts' text (the longest
    mount point that contains the path)."""
    best: tuple[int, str] | None = None
    target = str(path)
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, kind = _unescape(fields[1]), fields[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), kind)
    return best[1] if best else None


def _windows_share(path: Path) -> str | None:
    text = str(path)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return "a network share"
    if text.startswith("\\\\?\\UNC\\"):
        return "a network share"
    try:
        import ctypes

        drive = os.path.splitdrive(text)[0]
        windll = getattr(ctypes, "windll", None)  # Windows only
        if drive and windll is not None and windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # DRIVE_REMOTE
            return "a mapped network drive"
    except (AttributeError, OSError, ValueError):
        return None
    return None


def network_share(path: Path) -> str | None:
    """What kind of network share holds `path` ('nfs4', 'a mapped network drive', ...),
    or None for a local disk (or when it cannot be told)."""
    try:
        resolved = path.resolve()
    except OSError:
        return None
    if sys.platform == "win32":
        return _windows_share(resolved)
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
            kind = filesystem_from_mounts(resolved, fh.read())
    except OSError:
        return None
    return kind if kind in NETWORK_TYPES else None
