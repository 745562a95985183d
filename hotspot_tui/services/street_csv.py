"""Read a street-level CSV a block at a time: the header, then its rows in batches.

A block is about a quarter of a megabyte of the file, cut after its last line break, so
memory stays bounded whatever the file's size. A block without double quotes, whose
lines all end alike (a line feed, or a carriage return and a line feed), as data.police.uk
writes its files, is split at its line ends and commas in C (`str.split`); any other block
is read by the csv module. Both give the rows the csv module
gives for the whole file, with one exception that never reaches the records: a quoted value
that holds a line break at a block's end is cut in two, and the row before the cut then
holds a line break, which the row check refuses (the caller reads the file again row by
row to name the line).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from operator import itemgetter
from typing import IO

BLOCK = 1 << 18
WIDTH = 12
"""The values of a street-level row."""
_SEPARATOR = "\x1f"

Rows = list[list[str]]


class StreetBlocks:
    """The file's header (`header`), then its rows in batches (iterate), blank lines left out.
    Raises UnicodeDecodeError for a block that is not UTF-8 and csv.Error for a block the
    csv module cannot read; `read` is the bytes read so far."""

    def __init__(self, raw: IO[bytes], progress: Callable[[int], None] | None = None, *,
                 block: int = BLOCK) -> None:
        self._blocks = _texts(raw, self, block)
        self._progress = progress
        self.read = 0
        self._rest = ""
        self.header: list[str] | None = None
        first = next(self._blocks, None)
        if first is None:
            return
        text = io.StringIO(first, newline="")
        self.header = next(csv.reader(text), None)
        self._rest = first[text.tell():]

    def __iter__(self) -> Iterator[Batch]:
        rest, self._rest = self._rest, ""
        if rest:
            batch = Batch(rest)
            if batch:
                yield batch
        for text in self._blocks:
            if self._progress is not None:
                self._progress(self.read)
            batch = Batch(text)
            if batch:
                yield batch


class Batch:
    """Whole lines of the file, read together. `flat`: when every line is plain (no quotes,
    no carriage returns) with twelve values, as data.police.uk writes them, all their values
    in one list, each line's twelve followed by a line feed (split once, with no list made
    for each row); else None, and `rows` reads the lines as the csv module does."""

    __slots__ = ("_rows", "_text", "flat")

    def __init__(self, text: str) -> None:
        self._text = text
        self.flat = _flat(text)
        self._rows: Rows | None = None

    def __bool__(self) -> bool:
        return bool(self.flat) or bool(self.rows)

    @property
    def rows(self) -> Rows:
        """The rows, blank lines left out."""
        if self._rows is None:
            flat = self.flat
            self._rows = (_rows(self._text) if flat is None
                          else [flat[i:i + WIDTH] for i in range(0, len(flat), WIDTH + 1)])
        return self._rows

    def first(self) -> list[str]:
        return self.flat[:WIDTH] if self.flat else self.rows[0]

    def column(self, place: int) -> Sequence[str]:
        """Each row's value at `place` (IndexError if a row is too short for it)."""
        if self.flat is not None:
            return self.flat[place::WIDTH + 1]
        return [row[place] for row in self.rows]

    def columns(self) -> list[Sequence[str]] | None:
        """The twelve columns, when every row has twelve values."""
        if self.flat is not None:
            return [self.flat[place::WIDTH + 1] for place in range(WIDTH)]
        if set(map(len, self.rows)) != {WIDTH}:
            return None
        return list(zip(*self.rows, strict=True))

    def longest(self) -> int:
        """At least the length of the longest row's values joined (its line's, with commas)."""
        if self.flat is not None:
            return max(map(len, self._text.split("\n")))
        return max(map(len, map("".join, self.rows)), default=0)

    def text(self) -> str:
        """Every value, with nothing between them but commas."""
        if self.flat is not None:
            return self._text.replace("\n", ",")
        return ",".join(map(",".join, self.rows))

    def spaced(self, places: Sequence[int]) -> bool:
        """Whether some value at `places` may start or end with a space, looked for a
        column at a time over its values joined (a value holding the separator, a control
        character the row check refuses, could say so wrongly, which costs the trimming)."""
        for place in places:
            column = _SEPARATOR.join(self.column(place))
            if " " in column and (column[:1] == " " or column[-1:] == " " or f" {_SEPARATOR}" in column
                                  or f"{_SEPARATOR} " in column):
                return True
        return False

    def kept(self, places: Sequence[int]) -> Iterable[tuple[str, ...]]:
        """Of each row the values at `places`, in that order (IndexError, as they are taken,
        for a row too short for them)."""
        if self.flat is not None:
            return zip(*(self.flat[place::WIDTH + 1] for place in places), strict=True)
        return map(itemgetter(*places), self.rows)


def _texts(raw: IO[bytes], counter: StreetBlocks, block: int) -> Iterator[str]:
    """The file's text a block at a time, each cut after its last line break (a line longer
    than a block is kept whole); the byte-order mark left out."""
    pending = b""
    first = True
    while True:
        data = raw.read(block)
        counter.read += len(data)
        if not data:
            if pending:
                yield pending.decode("utf-8-sig" if first else "utf-8")
            return
        data = pending + data if pending else data
        cut = data.rfind(b"\n") + 1 or data.rfind(b"\r") + 1
        if not cut:
            pending = data
            continue
        pending = data[cut:]
        yield data[:cut].decode("utf-8-sig" if first else "utf-8")
        first = False


def _flat(text: str) -> list[str] | None:
    """The values of whole lines of the file as one list, each line's twelve followed by a
    line feed; None unless every line is plain (no quotes, no carriage returns) with twelve
    values."""
    if '"' in text or "\r" in text:
        return None
    flat = text.replace("\n", ",\n,").split(",")
    if flat[-1]:
        flat.append("\n")  # the file's last line, without a line break
    else:
        flat.pop()
    lines, extra = divmod(len(flat), WIDTH + 1)
    if extra or flat.count("\n") != lines or flat[WIDTH::WIDTH + 1].count("\n") != lines:
        return None
    return flat


def _rows(text: str) -> Rows:
    """The rows of whole lines of the file, blank lines left out."""
    end = "\n"
    if "\r" in text and '"' not in text and text.count("\r") == text.count("\r\n") == text.count("\n"):
        end = "\r\n"
    elif '"' in text or "\r" in text:
        return [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    lines = text.split(end)
    if not lines[-1]:
        lines.pop()  # the block ends with a line break
    if "" in lines:
        lines = list(filter(None, lines))
    return list(map(str.split, lines, repeat(",")))
