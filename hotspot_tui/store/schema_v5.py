"""Schema v5: each patrol's planned break.

`shifts.break_minutes` is the break planned within the patrol, in minutes. The working-time
check asks for a break on a long spell of work; a patrol whose planned break is long enough
satisfies it. Patrols made before v5 had no way to plan one and keep 0 (no break planned).
"""

from __future__ import annotations

STATEMENTS = (
    "ALTER TABLE shifts ADD COLUMN break_minutes INTEGER NOT NULL DEFAULT 0 "
    "CHECK (break_minutes >= 0 AND break_minutes <= 240)",
)
