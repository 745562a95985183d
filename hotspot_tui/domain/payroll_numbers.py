"""The shape of a force's payroll numbers, written as a format such as ``HC######``:
`#` stands for a digit, `@` for a capital letter, anything else for itself."""

from __future__ import annotations

import re

FORMAT_HELP = "use # for a digit, @ for a letter, anything else as written (e.g. HC######)"


def check_format(value: str) -> str:
    """The format, stripped; ValueError in plain words if it is not one."""
    value = value.strip()
    sample = value.replace("#", "0").replace("@", "A")
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9/-]{2,19}", sample):
        raise ValueError(f"{value!r} is not a payroll number format: {FORMAT_HELP}; "
                         "3-20 characters of capital letters, digits, '-' or '/'")
    if "#" not in value and "@" not in value:
        raise ValueError(f"{value!r} has no # or @, so only one number would fit it: {FORMAT_HELP}")
    return value


def pattern(fmt: str) -> re.Pattern[str]:
    """The regular expression a format stands for."""
    parts = [r"\d" if ch == "#" else "[A-Z]" if ch == "@" else re.escape(ch) for ch in fmt]
    return re.compile("^" + "".join(parts) + "$")


def fits(number: str, fmt: str | None) -> bool:
    """Whether a payroll number fits the format (any number fits no format)."""
    return fmt is None or pattern(fmt).match(number) is not None
