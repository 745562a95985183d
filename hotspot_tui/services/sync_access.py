"""Sync as the signed-in person may do it: a sync run carries changes (Permission.SYNC); a
conflict's resolution chooses which version of the operation stands, a supervisor's
decision (Permission.PLAN). The sync engine itself works on files and names its actor; for
an app holding the file open it runs in a process of its own (`sync_apart`)."""

from __future__ import annotations

from pathlib import Path

from hotspot_tui.domain.access import Permission
from hotspot_tui.services import sync, sync_apart
from hotspot_tui.services.session import Session

RESOLVING = Permission.PLAN


def sync_now(session: Session, hub: Path, progress: sync_apart.Progress) -> sync.SyncReport:
    """Two-way sync of the open copy with its hub, if the person may sync."""
    session.require(Permission.SYNC)
    report: sync.SyncReport = sync_apart.run("sync_with_hub", session.path, hub, session.actor,
                                             progress=progress)
    return report


def resolve(session: Session, conflict_id: str, choice: str, reason: str | None) -> dict[str, object]:
    """A supervisor's choice for a conflict (audited; it travels at the next sync)."""
    session.require(RESOLVING)
    conflict: dict[str, object] = sync_apart.run("resolve", session.path, conflict_id, choice,
                                                 session.actor, reason)
    return conflict
