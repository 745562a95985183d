"""Schema v6: each patrol's live cover, kept on the patrol.

`shifts.have_officer`, `have_pcso`, `have_ceo` count the patrol's live (planned or worked)
assignments by the person's kind; `have_overrides` counts those assigned over a rule with a
reason. The roster week reads a county week's patrols with their cover from `shifts` alone,
instead of grouping thousands of assignments.

Triggers keep them equal to a count over assignments ⨝ staff in the same transaction as
every change: an assignment added, removed, changing status, patrol, person or override,
and a person changing kind. Bulk loads drop the assignment triggers and rebuild the counts
once at the end (`store.summaries.rebuild`).
"""

from __future__ import annotations

LIVE = "('planned', 'worked')"
KINDS = ("officer", "pcso", "ceo")

COLUMNS = (
    *(f"ALTER TABLE shifts ADD COLUMN have_{kind} INTEGER NOT NULL DEFAULT 0 "
      f"CHECK (have_{kind} >= 0)" for kind in KINDS),
    "ALTER TABLE shifts ADD COLUMN have_overrides INTEGER NOT NULL DEFAULT 0 "
    "CHECK (have_overrides >= 0)",
)

FRESH = f"""
    SELECT x.shift_id AS id, {", ".join(f"sum(p.kind = '{k}') AS {k}" for k in KINDS)},
           sum(x.override_reason IS NOT NULL) AS overrides
    FROM assignments x JOIN staff p ON p.id = x.staff_id
    WHERE x.status IN {LIVE}
    GROUP BY x.shift_id
"""
"""What the counts should be, per patrol with any live assignment."""

REBUILD = [
    "UPDATE shifts SET have_officer = 0, have_pcso = 0, have_ceo = 0, have_overrides = 0 "
    "WHERE have_officer OR have_pcso OR have_ceo OR have_overrides",
    f"""
    UPDATE shifts SET have_officer = c.officer, have_pcso = c.pcso, have_ceo = c.ceo,
                      have_overrides = c.overrides
    FROM ({FRESH}) AS c
    WHERE shifts.id = c.id
    """,
]


def _change(r: str, sign: str) -> str:
    """Add (`+`) or take away (`-`) assignment row `r` from its patrol's counts, if live."""
    kind = f"(SELECT kind FROM staff WHERE id = {r}.staff_id)"
    # An unknown person counts as no kind here; the foreign key then refuses the row.
    sets = ", ".join(f"have_{k} = have_{k} {sign} coalesce({kind} = '{k}', 0)" for k in KINDS)
    return (f"UPDATE shifts SET {sets}, have_overrides = have_overrides {sign} "
            f"({r}.override_reason IS NOT NULL) "
            f"WHERE id = {r}.shift_id AND {r}.status IN {LIVE};")


ASSIGNMENT_TRIGGERS = [
    f"""
    CREATE TRIGGER shift_cover_insert AFTER INSERT ON assignments
    BEGIN {_change("NEW", "+")} END
    """,
    f"""
    CREATE TRIGGER shift_cover_delete AFTER DELETE ON assignments
    BEGIN {_change("OLD", "-")} END
    """,
    f"""
    CREATE TRIGGER shift_cover_update
    AFTER UPDATE OF status, shift_id, staff_id, override_reason ON assignments
    WHEN OLD.status IS NOT NEW.status OR OLD.shift_id IS NOT NEW.shift_id
      OR OLD.staff_id IS NOT NEW.staff_id
      OR (OLD.override_reason IS NULL) IS NOT (NEW.override_reason IS NULL)
    BEGIN {_change("OLD", "-")} {_change("NEW", "+")} END
    """,
]

STAFF_TRIGGERS = [
    f"""
    CREATE TRIGGER shift_cover_kind_changed AFTER UPDATE OF kind ON staff
    WHEN OLD.kind IS NOT NEW.kind
    BEGIN
        UPDATE shifts SET {", ".join(
            f"have_{k} = have_{k} - (OLD.kind = '{k}') + (NEW.kind = '{k}')" for k in KINDS)}
        WHERE id IN (SELECT shift_id FROM assignments
                     WHERE staff_id = NEW.id AND status IN {LIVE});
    END
    """,
]

STATEMENTS = [*COLUMNS, *REBUILD, *ASSIGNMENT_TRIGGERS, *STAFF_TRIGGERS]
