"""A supervisor's choice for a sync conflict, made as an ordinary change (so it travels at
the next sync like any other) inside the resolution's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hotspot_tui.errors import ValidationFailed
from hotspot_tui.store import sync_resolve as store

if TYPE_CHECKING:
    from sqlite_utils import Database


def apply_choice(db: Database, conflict: dict[str, Any], choice: str, actor: str,
                 reason: str | None) -> None:
    """Write the choice. The caller works pay and cover out again for the conflict's rows.
    Choosing the version a sync kept in place writes nothing: the row stays as it is now,
    with anything changed in it since (an older snapshot never undoes a later change)."""
    kind = conflict["kind"]
    if kind == "overlap":
        if choice == "both":
            if not reason:
                raise ValidationFailed("keeping both overlapping patrols needs a reason (--reason)")
            return
        keep = conflict["here_version"] if choice == "here" else conflict["there_version"]
        drop = conflict["there_version"] if choice == "here" else conflict["here_version"]
        store.take_off(db, drop["id"], f"sync conflict: kept {keep.get('id')}")
        return
    if kind == "cancelled_booked":
        if choice == "both":
            raise ValidationFailed("choose the booking (there) or the cancellation (here)")
        shift_id = conflict["shift_id"]
        if choice == "there":
            store.reinstate_for_booking(db, shift_id)
        else:
            assignment_id = conflict["row_key"].get("id")
            store.take_off(db, assignment_id, "sync conflict: the patrol was cancelled")
        return
    if choice == "both":
        raise ValidationFailed("choose one version: here or there")
    if choice == conflict["kept"]:
        return  # the version in place stays, with any change made to the row since
    chosen = conflict["here_version"] if choice == "here" else conflict["there_version"]
    table, key = conflict["table_name"], conflict["row_key"]
    if not chosen:
        store.remove_row(db, table, key)  # the version that removed the row
        return
    if not store.row_exists(db, table, key):
        raise ValidationFailed("that row is no longer in this copy: choose the version that "
                               "removed it, and make the change again if it is still wanted")
    store.put_version(db, table, key, chosen)
