"""Text typed or loaded by a person: control characters and bidi overrides are refused."""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe_character(text: str) -> str | None:
    """The first control character (C0, C1) or bidi override in `text`, else None."""
    for ch in text:
        if ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
            return ch
    return None


def refuse_control_characters(text: str) -> str:
    """`text` unchanged, or ValueError naming the character that may not be stored."""
    bad = unsafe_character(text)
    if bad is not None:
        raise ValueError(f"contains a control character (U+{ord(bad):04X}); type plain text")
    return text
