"""What sync does with a change that meets a different row: the rules, in plain Python.

A change that cannot be applied as it stands is never dropped unseen: either it is the
same as what is here already (applied twice), or its row is one the pay engine makes at
each end (settled quietly, then costed again), or it is a conflict. A conflict keeps one
version in place for now and both versions in its record, until a supervisor chooses:

- the same row changed on both copies: the hub's version stays, unless the other is a
  booking (hours worked) and the hub's is not: a booking is never undone by sync;
- a booking on one copy of a patrol cancelled on the other is that same-row case, named
  so ('cancelled_booked');
- a change reaching into a pay period locked on the other copy is refused as an edit and
  sent back with why ('locked_period');
- a change the database's own rules refuse (a name or reference taken, say) is sent back
  ('refused').
Overlapping assignments of one person, made on two copies, are both kept and listed
('overlap'); they are found once the changes are in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

OMIT, REPLACE, ABORT = "omit", "replace", "abort"


@dataclass(frozen=True)
class Verdict:
    answer: str
    """'omit' (keep the row here) or 'replace' (take the incoming change)."""
    kind: str | None = None
    """None when nothing needs a supervisor; else the conflict's kind."""
    kept: str = "here"


def same_values(row: dict[str, Any] | None, values: dict[str, Any] | None,
                ignore: Iterable[str] = ()) -> bool:
    """Every value given is already in the row (derived columns aside)."""
    if row is None or values is None:
        return False
    skip = set(ignore)
    return all(row.get(k) == v for k, v in values.items() if k not in skip)


def is_booking(table: str, version: dict[str, Any] | None) -> bool:
    return table == "assignments" and version is not None and version.get("status") == "worked"


def at_hub(table: str, op: str, reason: str, incoming: dict[str, Any] | None,
           here: dict[str, Any] | None, *, quiet: bool, derived: Iterable[str]) -> Verdict:
    """A change from another copy meets this (hub) copy's row."""
    if reason == "foreign_key":
        return Verdict(ABORT, "refused")
    if reason == "notfound":
        # Gone here already (a delete met twice), or changed there after it went here.
        return Verdict(OMIT, None if op == "DELETE" or quiet else "refused")
    if reason == "constraint":
        return Verdict(OMIT, None if quiet else "refused")
    if op != "DELETE" and same_values(here, incoming, derived):
        return Verdict(OMIT)
    if quiet:
        if table == "pay_periods" and here and here.get("status") == "locked":
            return Verdict(OMIT)
        return Verdict(REPLACE)
    if op == "DELETE":
        return Verdict(OMIT, "same_row")
    theirs = {**(here or {}), **(incoming or {})}
    kind = "same_row"
    statuses = {theirs.get("status"), (here or {}).get("status")}
    if table == "assignments" and statuses >= {"worked", "cancelled"}:
        kind = "cancelled_booked"
    if is_booking(table, theirs) and not is_booking(table, here):
        return Verdict(REPLACE, kind, kept="there")
    return Verdict(OMIT, kind, kept="here")


def at_spoke(reason: str, op: str, *, pending_here: bool) -> str:
    """A change from the hub meets this copy's row. The hub has decided every conflict
    already (its corrections follow); a row changed here and not yet sent stays as it
    is, to be sent (and met) next time, and so does one the hub has taken since the
    change (the hub's version of it is in a later entry, or in a correction); anything
    else takes the hub's version. Rows the pay engine makes at each end too: a period
    locked here must not be opened again by the hub's older entry."""
    if reason == "foreign_key":
        return ABORT
    if reason in ("notfound", "constraint"):
        return OMIT
    if pending_here:
        return OMIT
    return REPLACE


def conflict_id(kind: str, table: str, keys: Iterable[dict[str, Any]]) -> str:
    """The same conflict found twice (or on two copies) has one id."""
    parts = sorted(json.dumps(k, sort_keys=True, default=str) for k in keys)
    digest = hashlib.sha256("|".join([kind, table, *parts]).encode()).hexdigest()
    return digest[:16]


def next_conflict_id(decided: str) -> str:
    """The id of a conflict met again on the same rows after `decided` was resolved."""
    return hashlib.sha256(f"again|{decided}".encode()).hexdigest()[:16]


MESSAGES = {
    "same_row": "changed on both copies; {kept_name}'s version is in place until you choose",
    "cancelled_booked": "a booking on one copy of a patrol cancelled on the other; the booking is "
                        "kept until you choose",
    "locked_period": "reaches into pay period {period}, locked on {there_name} since; refused as an "
                     "edit (make it as a late booking, paid as an adjustment, if it is right)",
    "refused": "refused by {here_name}: {why}",
    "overlap": "{person} is on two overlapping patrols, one assigned on each copy; both are kept "
               "until you take one off",
}


def overlapping(a_start: str, a_end: str, b_start: str, b_end: str) -> bool:
    return a_start < b_end and b_start < a_end
