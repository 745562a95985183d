"""Identifiers: UUID version 7 as text, so rows made on two laptops never collide."""

from __future__ import annotations

import os
import random
import time
import uuid


def uuid7_from(unix_ms: int, rand: int) -> str:
    """A UUIDv7 from a millisecond timestamp and 74 random bits (RFC 9562 layout)."""
    unix_ms &= (1 << 48) - 1
    rand_a = (rand >> 62) & 0xFFF
    rand_b = rand & ((1 << 62) - 1)
    value = (unix_ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))


def new_id() -> str:
    return uuid7_from(time.time_ns() // 1_000_000, int.from_bytes(os.urandom(10), "big"))


def short_id(made_id: str) -> str:
    """Eight characters that tell ids apart where a person reads them: a UUIDv7's random
    end (its start is the time it was made, the same for copies made within a minute)."""
    return made_id.replace("-", "")[-8:]


def seeded_id(rng: random.Random, unix_ms: int) -> str:
    """Deterministic id for generated sample data."""
    return uuid7_from(unix_ms, rng.getrandbits(74))


_NATURAL = uuid.UUID("5f0c2a8e-7d1b-4c3e-9a64-2b8f1e0d7c35")


def natural_id(kind: str, *parts: str) -> str:
    """The id of a row known by what it is (a person by payroll number, a person's place on
    a patrol): made the same on every copy of a database, so the same row added on two
    copies meets itself when they sync, instead of standing twice under two ids."""
    return str(uuid.uuid5(_NATURAL, "\x1f".join((kind, *parts))))
