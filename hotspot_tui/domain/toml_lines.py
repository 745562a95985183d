"""Where each key of a TOML text is written: key path → line number.

`tomllib` returns values without positions; this scanner reads the same text line by line
so that a mistake found later (by pydantic, say) can be reported at its line. It knows
tables (`[a.b]`), arrays of tables (`[[areas]]`, counted from 0 as the parsed list is),
dotted and quoted keys, and skips the inside of multi-line strings and arrays. Values
inside an inline table or a multi-line array are placed at their key's line.
"""

from __future__ import annotations

from collections.abc import Sequence

Path = tuple[str | int, ...]


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    parts, current, quote = [], [], ""
    for ch in text:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            current.append(ch)
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _key_parts(text: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in _split_outside_quotes(text.strip(), "."))


def _bracket_depth(value: str) -> int:
    """Open `[`/`{` minus closed, outside strings and comments."""
    depth, quote = 0, ""
    for ch in value:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
    return depth


def key_lines(text: str) -> dict[Path, int]:
    """Line number (from 1) of every key, table and array-of-tables entry in `text`."""
    lines: dict[Path, int] = {}
    table: Path = ()
    counts: dict[tuple[str, ...], int] = {}
    depth = 0
    in_string = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_string:
            if in_string in line:
                in_string = ""
            continue
        if depth > 0:
            depth += _bracket_depth(line)
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            name = _key_parts(line[2:line.find("]]")])
            index = counts.get(name, 0)
            counts[name] = index + 1
            table = (*name, index)
            lines.setdefault(name, number)
            lines[table] = number
            continue
        if line.startswith("["):
            table = _key_parts(line[1:line.find("]")])
            lines.setdefault(table, number)
            continue
        key_and_value = _split_outside_quotes(line, "=")
        if len(key_and_value) < 2:
            continue
        key = _key_parts(key_and_value[0])
        value = "=".join(key_and_value[1:]).strip()
        for size in range(1, len(key) + 1):
            lines.setdefault((*table, *key[:size]), number)
        for quote in ('"""', "'''"):
            if value.startswith(quote) and value.count(quote) == 1:
                in_string = quote
        if not in_string:
            depth = max(0, _bracket_depth(value))
    return lines


def line_of(lines: dict[Path, int], path: Sequence[str | int]) -> int | None:
    """The line of `path`, else of its nearest written parent (a missing key is reported
    where its table is), else None (a table that is not in the file at all)."""
    key = tuple(path)
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return None
