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


def seeded_id(rng: random.Random, unix_ms: int) -> str:
    """Deterministic id for generated sample data."""
    return uuid7_from(unix_ms, rng.getrandbits(74))
