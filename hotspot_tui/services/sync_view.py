"""Conflicts as a supervisor reads them: what, where, and both versions side by side."""

from __future__ import annotations

from typing import Any

from hotspot_tui.domain.clock import to_local
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.domain.ids import short_id


def local_time(text: str | None) -> str:
    """A stored UTC instant as Europe/London time, or 'never'."""
    if not text:
        return "never"
    return f"{to_local(from_utc_text(text)):%a %d %b %Y %H:%M}"

SHOWN = {
    "assignments": ("status", "start_utc", "end_utc", "actual_start_utc", "actual_end_utc",
                    "reason", "override_reason", "booked_by", "updated_at"),
    "shifts": ("status", "start_utc", "end_utc", "need_officer", "need_pcso", "need_ceo", "notes",
               "cancel_reason", "updated_at"),
}
TITLES = {
    "same_row": "changed on both copies",
    "cancelled_booked": "booked on one copy, cancelled on the other",
    "locked_period": "reaches into a locked pay period",
    "refused": "refused",
    "overlap": "overlapping patrols",
}


def differing(conflict: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(column, the hub's value, the other copy's value) where they differ; instants as
    Europe/London times."""
    here, there = conflict["here_version"] or {}, conflict["there_version"] or {}
    names = SHOWN.get(conflict["table_name"]) or sorted(set(here) | set(there))
    return [(n, shown(n, here.get(n)), shown(n, there.get(n)))
            for n in names if here.get(n) != there.get(n)]


def shown(name: str, value: Any) -> Any:
    """A stored value as a supervisor reads it: a UTC instant in Europe/London time."""
    if isinstance(value, str) and (name.endswith("_utc") or name.endswith("_at")) and value:
        try:
            return local_time(value)
        except ValueError:
            return value
    return value


def assignment_line(version: dict[str, Any]) -> str:
    """One side of an overlap: when, and its state (Europe/London times)."""
    return (f"{local_time(version.get('start_utc'))} to {local_time(version.get('end_utc'))} "
            f"({version.get('status')})")


def describe_conflict(conflict: dict[str, Any]) -> list[str]:
    state = "open" if not conflict.get("resolved_at") else \
        f"resolved by {conflict['resolved_by']}: kept {conflict['choice']}"
    lines = [f"{conflict['id']}  {TITLES.get(conflict['kind'], conflict['kind'])} "
             f"({conflict['table_name']}, {state})",
             f"  {conflict['message']}"]
    if conflict["kind"] == "overlap":
        for label, version in (("here", conflict["here_version"]), ("there", conflict["there_version"])):
            lines.append(f"  {label}: {assignment_line(version)}")
        return lines
    for name, here, there in differing(conflict):
        lines.append(f"  {name}: here (hub) {here!r}  |  there (copy) {there!r}")
    return lines


def status_lines(status: Any) -> list[str]:
    """What the Sync screen says of a copy (or hub) before its conflicts."""
    if status.role == "unsynced":
        return ["This database has never synced. Make a copy for a laptop or another PC with "
                "`hotspot-tui sync checkout --from THIS.db --out COPY.db`."]
    if status.role == "hub":
        lines = [f"This file is the hub: {len(status.peers)} copies sync with it.",
                 f"Changes made here since the last sync: {status.to_send_rows}."]
        lines += [f"  copy {short_id(p['copy_id'])}: last sync {local_time(p['last_sync_at'])}"
                  for p in status.peers[:5]]
        lines.append(f"Conflicts to resolve: {status.open_conflicts}.")
        return lines
    waiting = "unknown (the hub is not reachable)" if status.to_receive_rows is None \
        else f"{status.to_receive_rows} changes"
    return [f"Copy of {status.hub_path}; last synced {local_time(status.last_sync_at)}.",
            f"To send: {status.to_send_rows} changes.  To receive: {waiting}.",
            f"Conflicts to resolve: {status.open_conflicts}."]
