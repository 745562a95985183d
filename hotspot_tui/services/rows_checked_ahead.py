"""A street-level file's rows checked by a second process while this one writes them.

Importing several files, the rows of each go into the records as they are read, unchecked,
inside the file's transaction; a second Python process reads the same file and checks every
row (`check_batch`, as an import of one file does in process), keeping a file or two ahead.
Before the file's transaction ends, the import waits for that file's verdict: a file with a
bad row is undone whole and read again to name the line, as before. On two cores the
checking costs the writing no time.

The checker is this module run as `python -m`: it reads one JSON request a line on its
standard input (a file: path, zip member, name) and answers each, in order, with one JSON
line (`{"sound": true, "padded": false}`). If it cannot be started, stops answering or
answers something else, each file from then on is checked in this process instead, so the
import never depends on it.
"""

from __future__ import annotations

import csv
import json
import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import IO

from hotspot_tui.domain.police_records import RowProblem, is_header
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import collector
from hotspot_tui.services.crime_files import CrimeFile
from hotspot_tui.services.street_batch_check import check_batch
from hotspot_tui.services.street_csv import StreetBlocks

AHEAD = 2
"""Files the checker is asked for before their verdict is wanted."""
PATIENCE_SECONDS = 30.0
PATIENCE_SECONDS_PER_MB = 1.0
"""How long a verdict is waited for (the checker reads a megabyte in well under 0.1 s):
past it, the checker is taken to have hung, and the file is checked in this process."""
FIRST_IN_PROCESS_BELOW = 8 << 20
"""Bytes: a first file smaller than this is checked in process. The second process takes
about 0.1 s to start and checks a megabyte in about 7 ms, while writing a megabyte takes
about 25 ms: it is ahead of the writing only for a file of some 6 MB or more (a large
force's month), and a smaller first file goes in meanwhile."""


@dataclass(frozen=True)
class Verdict:
    sound: bool
    """Every row is a record of the file's month and force (`check_row` passes it)."""
    padded: bool = False
    """Some value the records keep as text starts or ends with a space (to be trimmed)."""


def verdict_of(source: CrimeFile) -> Verdict:
    """Check every row of the file, as the import of one file does while writing."""
    try:
        with source.open() as raw, collector.paused():
            return _verdict(raw, source)
    except (RowProblem, csv.Error, UnicodeDecodeError, HotspotError):
        return Verdict(sound=False)


def _verdict(raw: IO[bytes], source: CrimeFile) -> Verdict:
    blocks = StreetBlocks(raw)
    if blocks.header is None or not is_header(blocks.header):
        return Verdict(sound=False)
    batches = iter(blocks)
    first = next(batches, None)
    if first is None:
        return Verdict(sound=False)
    month, force = source.month_and_force(first.first())
    spaced = False
    for batch in chain((first,), batches):
        spaced = check_batch(batch, month, force) or spaced
    return Verdict(sound=True, padded=spaced)


class PendingVerdict:
    """One file's verdict, asked for ahead; `result` waits for it."""

    def __init__(self, checker: RowsCheckedAhead, index: int) -> None:
        self._checker = checker
        self._index = index

    def result(self) -> Verdict:
        return self._checker.verdict(self._index)


class RowsCheckedAhead:
    """The files of one import, checked in a second process in the order given (a context
    manager: the process ends with it). A first file smaller than `FIRST_IN_PROCESS_BELOW`
    is checked in process while the second process starts, so that it never waits for it."""

    def __init__(self, sources: list[CrimeFile]) -> None:
        self._first = 1 if sources and sources[0].size < FIRST_IN_PROCESS_BELOW else 0
        self._sources = list(sources)[self._first:]
        self._asked = 0
        self._answered = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._answers: queue.Queue[bytes] = queue.Queue()
        self._listener: threading.Thread | None = None

    def __enter__(self) -> RowsCheckedAhead:
        if self._sources:
            self._start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop()

    def pending(self, index: int) -> PendingVerdict | None:
        """The verdict to wait for on the file at `index` of those given, or None when the
        file is to be checked as it is read."""
        index -= self._first
        if self._process is None or index < 0 or index < self._answered:
            return None
        return PendingVerdict(self, index)

    def verdict(self, index: int) -> Verdict:
        """The verdict on the file at `index` of those the second process checks (all but
        a small first); files before it whose verdict was never wanted, as their import
        ended early, are passed over."""
        source = self._sources[index]
        if self._process is None or index < self._answered:
            return verdict_of(source)
        try:
            self._ask(index + 1)
            answer = None
            while self._answered <= index:
                megabytes = self._sources[self._answered].size / 1e6
                patience = PATIENCE_SECONDS + PATIENCE_SECONDS_PER_MB * megabytes
                try:
                    line = self._answers.get(timeout=patience)
                except queue.Empty:
                    raise OSError("the checker did not answer in time") from None
                if not line:
                    raise OSError("the checker ended")
                answer = json.loads(line)
                self._answered += 1
            self._ask(index + 1 + AHEAD)
        except (OSError, ValueError):
            self._stop()
            return verdict_of(source)
        if not isinstance(answer, dict) or not isinstance(answer.get("sound"), bool) \
                or not isinstance(answer.get("padded"), bool):
            return verdict_of(source)
        return Verdict(sound=answer["sound"], padded=answer["padded"])

    def _start(self) -> None:
        package_root = str(Path(__file__).resolve().parent.parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (package_root, env.get("PYTHONPATH"))))
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=env)
            self._listener = threading.Thread(target=_listen, args=(self._process.stdout, self._answers),
                                              name="rows-checked-ahead", daemon=True)
            self._listener.start()
            self._ask(AHEAD)
        except OSError:
            self._stop()

    def _ask(self, upto: int) -> None:
        """Send the requests for the files before `upto` not yet sent."""
        assert self._process is not None and self._process.stdin is not None
        upto = min(upto, len(self._sources))
        if self._asked >= upto:
            return
        lines = []
        for source in self._sources[self._asked:upto]:
            lines.append(json.dumps({"name": source.name, "path": str(source.path),
                                     "member": source.member}) + "\n")
        self._process.stdin.write("".join(lines).encode("utf-8"))
        self._process.stdin.flush()
        self._asked = upto

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.kill()
        process.wait()
        if self._listener is not None:
            self._listener.join(timeout=5)
        for pipe in (process.stdin, process.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass


def _listen(answers: IO[bytes] | None, into: queue.Queue[bytes]) -> None:
    """The checker's answers a line at a time, then an empty one once it has ended (read
    on a thread of its own, so that a verdict can be waited for with a time limit)."""
    try:
        if answers is not None:
            for line in answers:
                into.put(line)
    except (OSError, ValueError):
        pass
    into.put(b"")


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The checker's loop: a verdict a line for each file asked about, until its input ends."""
    for line in requests:
        answer: dict[str, bool | None]
        try:
            request = json.loads(line)
            source = CrimeFile(str(request["name"]), Path(request["path"]), request["member"])
            found = verdict_of(source)
            answer = {"sound": found.sound, "padded": found.padded}
        except Exception:  # answered as unknown: the importer checks the file itself
            answer = {"sound": None, "padded": None}
        answers.write((json.dumps(answer) + "\n").encode("utf-8"))
        answers.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
