"""What the home screen shows: the areas and who is available."""

from __future__ import annotations

from dataclasses import dataclass

from hotspot_tui.services.session import Session
from hotspot_tui.store import areas


@dataclass(frozen=True)
class AreaLine:
    id: str
    name: str
    district: str


@dataclass(frozen=True)
class Overview:
    areas: list[AreaLine]
    people_by_kind: dict[str, int]


def overview(session: Session) -> Overview:
    with session.reading() as db:
        rows = areas.list_areas(db)
        people = areas.staff_counts_by_kind(db)
    return Overview([AreaLine(r["id"], r["name"], r["district"]) for r in rows], people)
