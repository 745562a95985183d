"""Patrol references: short codes a supervisor can read out and type, e.g. ``K7QM3X9D``.

A reference is derived from the patrol's id (a UUID): the SHA-256 of the id, written in
Crockford's base 32 (digits and capitals without I, L, O or U), cut to `REF_LENGTH`
characters. If that code is already taken in the database the next character is added, and
so on: `ref_candidates` yields the codes in that order, so the same id always gets the same
reference in the same database.

Copies of a database made on two laptops share every patrol made before they parted, with
the same references (each copy keeps them unique). Only patrols made on both copies after
that can meet: 40 bits make that about one in a million for a thousand new patrols on each
side, and a merge that meets one lengthens the later patrol's reference to its next
candidate, which its id gives without any other state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

from hotspot_tui.errors import ValidationFailed

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REF_LENGTH = 8
MAX_LENGTH = 16
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def _code(patrol_id: str) -> str:
    value = int.from_bytes(hashlib.sha256(patrol_id.encode()).digest()[:10], "big")
    return "".join(ALPHABET[(value >> shift) & 31] for shift in range(75, -1, -5))


def ref_candidates(patrol_id: str) -> Iterator[str]:
    """The references `patrol_id` may take, shortest first."""
    code = _code(patrol_id)
    for length in range(REF_LENGTH, MAX_LENGTH + 1):
        yield code[:length]


def unique_ref(patrol_id: str, taken: Callable[[str], bool]) -> str:
    """The first candidate reference that `taken` says is free."""
    for ref in ref_candidates(patrol_id):
        if not taken(ref):
            return ref
    raise ValueError(f"no free reference for patrol {patrol_id}")


def refs_for(patrol_ids: list[str], taken: set[str] | None = None) -> dict[str, str]:
    """References for many new patrols at once, in the order given (each one's id order
    is its creation order), unique among themselves and against `taken`."""
    used = set(taken or ())
    refs: dict[str, str] = {}
    for patrol_id in patrol_ids:
        ref = unique_ref(patrol_id, used.__contains__)
        used.add(ref)
        refs[patrol_id] = ref
    return refs


def normalise_ref(text: str) -> str:
    """A reference as typed (any case, spaces or hyphens, O for 0, I or L for 1) in its
    stored form; one plain line when it cannot be one."""
    raw = "".join((text or "").split()).replace("-", "").upper()
    cleaned = "".join(_READ_AS.get(ch, ch) for ch in raw)
    if not cleaned:
        raise ValidationFailed("give the patrol's reference, e.g. K7QM3X9D (see 'patrol list')")
    if (not REF_LENGTH <= len(cleaned) <= MAX_LENGTH
            or any(ch not in ALPHABET for ch in cleaned)):
        shown = " ".join((text or "").split())[:24]
        raise ValidationFailed(
            f"{shown!r} is not a patrol reference: they are {REF_LENGTH} letters and digits, "
            "e.g. K7QM3X9D (see 'patrol list')"
        )
    return cleaned
