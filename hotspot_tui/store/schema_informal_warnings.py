"""Schema 0021: informal warnings among a patrol's outcomes.

An informal (verbal or written) warning about anti-social behaviour is the first of the ASB
tools a patrol uses and the funder's monthly return counts it beside dispersal directions,
CPWs, CPNs and PSPO enforcement. Patrols recorded before this version gave none: 0.
"""

from __future__ import annotations

STATEMENTS = [
    "ALTER TABLE outcomes ADD COLUMN informal_warnings INTEGER NOT NULL DEFAULT 0 "
    "CHECK (informal_warnings >= 0)",
]
