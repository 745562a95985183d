"""What the commands print reaches any console, whatever characters it can show.

On Windows a command's output goes through the console's code page (cp1252, or cp437/cp850 in
the classic console) when it is redirected or piped, and Python refuses a character the code
page lacks: a name such as `Łukasz` would end the command with a traceback after its change
was saved. Streams that cannot show every character print such a character as `?` instead;
UTF-8 streams (Linux, Windows Terminal) are left as they are.
"""

from __future__ import annotations

import codecs
import sys
from typing import TextIO


def shows_every_character(encoding: str | None) -> bool:
    if not encoding:
        return False
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def tolerate_unshowable_characters(*streams: TextIO | None) -> None:
    """Make each text stream that cannot encode every character replace those it cannot."""
    for stream in streams or (sys.stdout, sys.stderr):
        if stream is None or shows_every_character(getattr(stream, "encoding", None)):
            continue
        reconfigure = getattr(stream, "reconfigure", None)  # io.TextIOWrapper's; not a test's capture
        if reconfigure is not None:
            reconfigure(errors="replace")
