"""What a patrol achieved, recorded once per patrol and audited."""

from __future__ import annotations

from hotspot_tui.domain import bookings
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.text import NOTES_MAX, clean_text
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit, shifts
from hotspot_tui.store import outcomes as store

COUNTS = store.COUNTS
LABELS = {
    "arrests": "Arrests", "stop_searches": "Stop-searches", "weapons": "Weapons recovered",
    "dispersals": "Dispersal directions", "cpw": "CPW issued", "cpn": "CPN issued",
    "pspo": "PSPO enforcement", "informal_warnings": "Informal warnings",
    "other": "Other outcomes",
}


def get_outcomes(session: Session, shift_id: str) -> dict[str, int | str]:
    with session.reading() as db:
        row = store.get_outcomes(db, shift_id)
    if row is None:
        return {k: 0 for k in COUNTS} | {"notes": ""}
    return {k: row[k] for k in COUNTS} | {"notes": row["notes"]}


class NeedsConfirmation(ValidationFailed):
    """Figures out of proportion to the patrol: saved only when the supervisor confirms."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems) + ": confirm these figures to save them")
        self.problems = problems


def record_outcomes(session: Session, shift_id: str, counts: dict[str, int], notes: str = "",
                    *, confirmed: bool = False) -> None:
    """Save what the patrol achieved (audited). Figures out of proportion to the people on
    it (see `domain.bookings.check_outcomes`) raise `NeedsConfirmation` unless `confirmed`."""
    clean: dict[str, int] = {}
    for key in COUNTS:
        value = counts.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10_000:
            raise ValidationFailed(f"{LABELS[key]} must be a whole number from 0 to 10000")
        clean[key] = value
    notes = clean_text(notes, "Notes", NOTES_MAX)
    with session.writing(Permission.BOOK) as db:
        shift = shifts.get_shift(db, shift_id)
        if shift is None:
            raise NotFound("that patrol no longer exists")
        people = sum(shifts.cover_counts(db, shift_id).values())
        check = bookings.check_outcomes(clean, LABELS, people)
        if check.refused:
            raise ValidationFailed(check.refused[0])
        if check.to_confirm and not confirmed:
            raise NeedsConfirmation(check.to_confirm)
        before = store.get_outcomes(db, shift_id)
        store.put_outcomes(db, {"shift_id": shift_id, **clean, "notes": (notes or "").strip(),
                                "updated_at": utc_now_text(), "updated_by": session.actor})
        audit.append(db, actor=session.actor, action="outcomes.record", entity="outcomes",
                     entity_id=shift_id, shift_id=shift_id,
                     reason="confirmed: " + "; ".join(check.to_confirm) if check.to_confirm else None,
                     details={"before": {k: before[k] for k in COUNTS} if before else None,
                              "after": clean})
