"""Approving bookings for payment: a supervisor checks a patrol's booked hours before pay.

A booking (hours worked) is approved by a supervisor, recorded with who and when, one
audit entry per booking. Nobody approves a booking they recorded themselves unless the
operation allows it (`approval.self_approval`). Changing an approved booking's times or
status clears its approval (a schema trigger), so what is paid is what was approved.
A final payroll export refuses a period with bookings not approved.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.refs import normalise_ref
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services.pay_rules import load_approval_settings
from hotspot_tui.services.session import Session
from hotspot_tui.store import approvals as store
from hotspot_tui.store import audit


@dataclass(frozen=True)
class Approval:
    patrol_ref: str
    approved: tuple[str, ...]
    """Names of the people whose bookings were approved now."""
    already: int
    """Bookings that were approved before."""
    own: tuple[str, ...]
    """Names of bookings left unapproved because the approver booked them."""
    unbooked: int
    """People on the patrol with no hours booked yet (nothing to approve)."""

    def summary(self) -> str:
        parts = [f"approved {len(self.approved)} booking{'s' if len(self.approved) != 1 else ''}"
                 f" on patrol {self.patrol_ref}"]
        if self.already:
            parts.append(f"{self.already} already approved")
        if self.own:
            parts.append(f"{len(self.own)} you booked yourself left for another supervisor"
                         f" ({', '.join(self.own)})")
        if self.unbooked:
            parts.append(f"{self.unbooked} not booked yet")
        return "; ".join(parts)


def approve_patrol(session: Session, patrol: str, *, by_id: bool = False) -> Approval:
    """Approve every booked, unapproved booking on a patrol (by reference, or by id)."""
    with session.writing(Permission.APPROVE) as db:
        if by_id:
            ref = store.patrol_ref(db, patrol)
            if ref is None:
                raise NotFound("that patrol no longer exists")
            shift_id = patrol
        else:
            found = store.find_patrol(db, normalise_ref(patrol))
            if found is None:
                raise NotFound(f"there is no patrol {normalise_ref(patrol)} (see 'patrol list')")
            shift_id, ref = found["id"], found["ref"]
        self_ok = load_approval_settings(db).self_approval
        rows = store.bookings_of(db, shift_id)
        worked = [r for r in rows if r["status"] == "worked"]
        if not worked:
            raise ValidationFailed(f"patrol {ref} has no hours booked yet: nothing to approve")
        pending = [r for r in worked if r["approved_by"] is None]
        own = [r for r in pending if not self_ok and (r["booked_by"] or "") == session.actor]
        todo = [r for r in pending if r not in own]
        if pending and not todo:
            raise ValidationFailed(
                f"you booked the hours on patrol {ref} yourself: another supervisor must approve them"
                " (or the operation must allow self-approval in its settings)")
        now = utc_now_text()
        for r in todo:
            store.approve(db, r["id"], actor=session.actor, at_utc=now)
            audit.append(db, actor=session.actor, action="assignment.approve", entity="assignment",
                         entity_id=r["id"], shift_id=shift_id, staff_id=r["staff_id"],
                         details={"booked_by": r["booked_by"]})
    return Approval(ref, tuple(r["name"] for r in todo), len(worked) - len(pending),
                    tuple(r["name"] for r in own), len(rows) - len(worked))
