"""Which months of police data are loaded for a place.

data.police.uk publishes a file per force per month, and each force's month is imported
on its own, so a month may be loaded for one force and not yet for its neighbour. A
place's month is loaded only when every force whose records lie inside the place has that
month imported: an area on the border of two forces counts a month only when both are in.
A place inside which no force's records have ever lain is loaded for the months every
imported force holds (whichever force covers it would have shown its records there).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from hotspot_tui.domain.months import Month


@dataclass(frozen=True)
class Held:
    """The force-months imported: each force with the months it holds."""

    by_force: Mapping[str, frozenset[Month]]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, Month]]) -> Held:
        found: dict[str, set[Month]] = {}
        for force, month in pairs:
            found.setdefault(force, set()).add(month)
        return cls({force: frozenset(months) for force, months in found.items()})

    def any_force(self) -> frozenset[Month]:
        """The months at least one force holds."""
        return frozenset().union(*self.by_force.values())

    def latest(self) -> Month | None:
        held = self.any_force()
        return max(held) if held else None

    def loaded_for(self, forces: Collection[str]) -> frozenset[Month]:
        """The months every one of `forces` holds (those whose records lie inside a place);
        with none, the months every imported force holds."""
        chosen = list(forces) or list(self.by_force)
        if not chosen:
            return frozenset()
        return frozenset.intersection(*(self.by_force.get(force, frozenset()) for force in chosen))
