"""Whether a database is still empty, so the app opens on its set-up screen (plain SQL,
read before the first screen is built)."""

from __future__ import annotations

from hotspot_tui.services.session import Session
from hotspot_tui.store import operation as store


def needs_setup(session: Session) -> bool:
    """True while the database holds no operation and nothing else set up by hand (no
    areas, employers or people): the app then shows the set-up screen, not empty sections."""
    with session.querying() as conn:
        facts = store.operation_facts(conn)
    return facts["budget"] is None and not (facts["areas"] or facts["employers"] or facts["staff"])
