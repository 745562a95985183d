"""hotspot-tui: run a hotspot-patrol operation from the terminal."""

import os

__version__ = "0.1.0"

FRAMES_PER_SECOND = "120"
"""How often Textual may paint a screen (its default is 60). Textual paints on a fixed beat;
the answer to a key waits for the next beat after its work is done, at 60 a second up to
two beats (17 to 33 ms, of the 50 ms a key is allowed). Textual reads `TEXTUAL_FPS` once,
when it is first imported, so it is set here, before any of this package imports it; a
value already in the environment is kept."""

os.environ.setdefault("TEXTUAL_FPS", FRAMES_PER_SECOND)
