"""Patrol references: short, typeable, the same for the same patrol, never two alike."""

from __future__ import annotations

import uuid

import pytest

from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.refs import (
    ALPHABET,
    REF_LENGTH,
    normalise_ref,
    ref_candidates,
    refs_for,
    unique_ref,
)
from hotspot_tui.errors import ValidationFailed


def test_a_reference_is_eight_unambiguous_characters_made_from_the_id() -> None:
    patrol_id = "0190d5a2-7b1c-7def-8123-456789abcdef"
    ref = unique_ref(patrol_id, lambda _: False)
    assert len(ref) == REF_LENGTH and set(ref) <= set(ALPHABET)
    assert not set(ref) & set("ILOU")
    assert unique_ref(patrol_id, lambda _: False) == ref  # deterministic


def test_a_taken_reference_is_lengthened_by_the_ids_next_character() -> None:
    patrol_id = new_id()
    first, second, *_ = ref_candidates(patrol_id)
    assert second.startswith(first) and len(second) == REF_LENGTH + 1
    assert unique_ref(patrol_id, {first}.__contains__) == second


def test_many_patrols_get_distinct_references_in_creation_order() -> None:
    ids = [str(uuid.UUID(int=n)) for n in range(20_000)]
    refs = refs_for(ids)
    assert len(set(refs.values())) == len(ids)
    taken = {refs[ids[0]]}
    again = refs_for(ids[:1], taken)
    assert again[ids[0]] != refs[ids[0]] and again[ids[0]].startswith(refs[ids[0]])


@pytest.mark.parametrize(("typed", "stored"), [
    ("k7qm3x9d", "K7QM3X9D"), (" K7QM-3X9D ", "K7QM3X9D"), ("k7qm 3x9d", "K7QM3X9D"),
    ("OOIL1234", "00111234"),
])
def test_typed_references_are_read_as_people_type_them(typed: str, stored: str) -> None:
    assert normalise_ref(typed) == stored


@pytest.mark.parametrize("typed", ["", "K7QM", "K7QM3X9D!", "UUUUUUUU", "K7QM3X9D" * 3])
def test_anything_else_is_refused_in_one_line(typed: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        normalise_ref(typed)
    assert "\n" not in str(err.value) and "K7QM3X9D" in str(err.value)
