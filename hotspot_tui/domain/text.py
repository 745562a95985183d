"""Text people type (names, reasons, notes, descriptions) as plain data.

Control characters (C0 such as ESC, BEL or a newline, DEL, C1) and the invisible marks that
reorder text on screen (bidi embeddings, overrides and isolates) are refused where text
comes in: in a terminal or a spreadsheet they can hide, move or run what others then read.
Every piece of text has an upper bound on its length.
"""

from __future__ import annotations

import unicodedata

from hotspot_tui.errors import ValidationFailed

NAME_MAX = 120
REASON_MAX = 500
NOTES_MAX = 500
ACTOR_MAX = 80

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def bad_character(text: str) -> str | None:
    """The first character of `text` that may not be stored, described (e.g. `U+001B`),
    or None when the text is plain."""
    for ch in text:
        if ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
            name = {"\n": "a line break", "\t": "a tab", "\r": "a carriage return"}.get(ch)
            return name or f"the control character U+{ord(ch):04X}"
    return None


def plain_text_problem(text: str, max_length: int) -> str | None:
    """Why `text` cannot be stored as typed, in plain words, or None."""
    bad = bad_character(text)
    if bad:
        return f"contains {bad}: type plain text only"
    if len(text) > max_length:
        return f"is too long: keep it under {max_length + 1} characters"
    return None


def clean_text(text: str, what: str, max_length: int, *, required: bool = False) -> str:
    """`text` trimmed, or ValidationFailed saying what is wrong with it (`what` names the
    field, e.g. "Reason")."""
    value = (text or "").strip()
    problem = plain_text_problem(value, max_length)
    if problem:
        raise ValidationFailed(f"{what} {problem}")
    if required and not value:
        raise ValidationFailed(f"{what} is required")
    return value


def plain(value: str) -> str:
    """A pydantic after-validator: refuses what `plain_text_problem` refuses (the length is
    the model's own constraint)."""
    bad = bad_character(value)
    if bad:
        raise ValueError(f"contains {bad}: type plain text only")
    return value


def file_name_part(text: str) -> str:
    """`text` as part of a file name offered to save to: lower case, each run of anything
    but letters and digits a single hyphen (so no folder separator, drive colon or dot)."""
    parts, word = [], []
    for ch in text.lower():
        if ch.isalnum():
            word.append(ch)
        elif word:
            parts.append("".join(word))
            word = []
    if word:
        parts.append("".join(word))
    return "-".join(parts) or "area"
