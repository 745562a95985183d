"""patrol_day_totals stays equal to a fresh GROUP BY over assignments, whatever changes them."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.errors import HotspotError
from hotspot_tui.services.assignments import AssignOptions, assign, book_hours, mark_no_show, unassign
from hotspot_tui.services.costing import recost_all
from hotspot_tui.services.shifts import ShiftDraft, cancel_shift, edit_shift
from hotspot_tui.store import summaries


def _check(db) -> None:  # type: ignore[no-untyped-def]
    assert summaries.stored_totals(db) == summaries.fresh_totals(db)


def _pick(db, sql: str, rng: random.Random, params=()):  # type: ignore[no-untyped-def]
    rows = [r[0] for r in db.execute(sql, params)]
    return rng.choice(rows) if rows else None


def test_summary_matches_group_by_after_a_random_mix_of_service_operations(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    _check(db)
    rng = random.Random(20261125)
    done: dict[str, int] = {}
    for step in range(60):
        op = rng.choice(["assign", "assign", "book", "unassign", "no_show", "cancel", "edit",
                         "recost"] if step % 20 else ["recost"])
        try:
            if op == "assign":
                shift = _pick(db, "SELECT id FROM shifts WHERE status = 'planned' "
                              "AND local_date >= '2026-11-01' ORDER BY id", rng)
                person = _pick(db, "SELECT id FROM staff WHERE active = 1 AND kind = 'officer' "
                               "ORDER BY id", rng)
                if shift and person:
                    assign(session, shift, [person], AssignOptions(override_reason="test mix"))
            elif op in ("book", "unassign", "no_show"):
                row = _pick(db, "SELECT id FROM assignments WHERE status = 'planned' ORDER BY id", rng)
                if row is None:
                    continue
                if op == "book":
                    start = from_utc_text(db.execute("SELECT start_utc FROM assignments WHERE id = ?",
                                                     [row]).fetchone()[0])
                    book_hours(session, row, start, start + timedelta(minutes=rng.randint(60, 600)))
                elif op == "unassign":
                    unassign(session, row, "test mix")
                else:
                    mark_no_show(session, row, "test mix")
            elif op == "cancel":
                shift = _pick(db, "SELECT shift_id FROM assignments WHERE status = 'planned' "
                              "ORDER BY shift_id", rng)
                if shift:
                    cancel_shift(session, shift, "test mix")
            elif op == "edit":
                shift_id = _pick(db, "SELECT shift_id FROM assignments WHERE status = 'planned' "
                                 "ORDER BY shift_id", rng)
                if shift_id is None:
                    continue
                s = db.execute("SELECT area_id, local_date, start_utc, need_officer, need_pcso, "
                               "need_ceo, notes FROM shifts WHERE id = ?", [shift_id]).fetchone()
                draft = ShiftDraft(area_id=s[0], day=date.fromisoformat(s[1]),
                                   start=time(rng.randint(6, 14), 0),
                                   end=time(rng.randint(15, 22), 30),
                                   need={"officer": s[3], "pcso": s[4], "ceo": s[5]},
                                   notes=s[6] or "")
                edit_shift(session, shift_id, draft)
            else:
                recost_all(db)
        except HotspotError:
            pass  # a refused change (rules, double booking) changes nothing
        done[op] = done.get(op, 0) + 1
        _check(db)
    assert {"assign", "book", "unassign", "cancel", "edit", "recost"} <= set(done)


def test_rebuild_recreates_the_summary_from_scratch(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    db.execute("DELETE FROM patrol_day_totals")
    summaries.rebuild(db)
    _check(db)
    assert summaries.stored_totals(db)
