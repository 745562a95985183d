"""Staff use cases: paged search, a person's figures, and validated, audited changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hotspot_tui.domain.staff_input import StaffInput, parse_hours, parse_pounds
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services import staff as svc
from hotspot_tui.services.staff import FormInvalid, SearchFilter

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _force(session) -> str:  # type: ignore[no-untyped-def]
    return session.db.execute("SELECT id FROM employers WHERE kind = 'force'").fetchone()[0]


def _officer(session, **changes: str) -> StaffInput:  # type: ignore[no-untyped-def]
    values = dict(name="Sam Test", payroll_number="HC800001", collar_number="4800", kind="PC",
                  employer_id=_force(session), salary="£31,163", contracted_hours="40")
    values.update(changes)
    return StaffInput(**values)  # type: ignore[arg-type]


def _count(session, sql: str, params: list[object] | None = None) -> int:  # type: ignore[no-untyped-def]
    return session.db.execute(sql, params or []).fetchone()[0]


def test_search_pages_cover_everyone_once_in_name_order(session) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    names: list[str] = []
    page = svc.search_page(session, SearchFilter(), limit=37, with_total=True)
    total = page.total
    while True:
        seen += [line.id for line in page.lines]
        names += [line.name for line in page.lines]
        if page.next_after is None:
            break
        page = svc.search_page(session, SearchFilter(), after=page.next_after, limit=37)
    assert len(seen) == len(set(seen)) == total == _count(session, "SELECT count(*) FROM staff")
    assert names == sorted(names, key=str.lower)


def test_search_by_number_kind_and_employer(session) -> None:  # type: ignore[no-untyped-def]
    page = svc.search_page(session, SearchFilter(text="hc100005"))
    assert [line.payroll_number for line in page.lines] == ["HC100005"]
    council = session.db.execute("SELECT id FROM employers WHERE kind = 'council' LIMIT 1").fetchone()[0]
    page = svc.search_page(session, SearchFilter(employer_id=council), limit=500)
    assert page.lines and {line.kind for line in page.lines} == {"ceo"}
    page = svc.search_page(session, SearchFilter(kind="pcso"), limit=500)
    assert len(page.lines) == _count(session, "SELECT count(*) FROM staff WHERE kind = 'pcso'")


def test_search_uses_the_name_index(session) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.store import staff_search

    staff_search.search_page(session.db, text="smith", after=("Smith", "x"), kind="officer")
    plan = session.db.execute(
        "EXPLAIN QUERY PLAN SELECT p.id FROM staff p INDEXED BY idx_staff_name "
        "WHERE p.name >= 'a' COLLATE NOCASE ORDER BY p.name COLLATE NOCASE, p.id LIMIT 5").fetchall()
    assert any("idx_staff_name" in str(row) for row in plan)


def test_add_validates_and_audits(session) -> None:  # type: ignore[no-untyped-def]
    staff_id = svc.add_person(session, _officer(session))
    row = session.db.execute("SELECT name, rank, annual_salary_pence, payroll_number FROM staff "
                             "WHERE id = ?", [staff_id]).fetchone()
    assert tuple(row) == ("Sam Test", "constable", 3_116_300, "HC800001")
    assert _count(session, "SELECT count(*) FROM audit_log WHERE action = 'staff.create' "
                  "AND staff_id = ? AND actor = 'PS Tester'", [staff_id]) == 1


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"name": "  "}, "name", "required"),
    ({"payroll_number": "!!"}, "payroll_number", "payroll number must be"),
    ({"collar_number": "12345678"}, "collar_number", "collar number must be"),
    ({"kind": "astronaut"}, "kind", "not a kind"),
    ({"kind": "PCSO", "rank": "PS"}, "rank", "only officers have a rank"),
    ({"kind": "officer"}, "rank", "needs a rank"),
    ({"salary": "£12.345"}, "salary", "2 decimal places"),
    ({"salary": "-5"}, "salary", "negative"),
    ({"salary": "999999999999"}, "salary", "too large"),
    ({"contracted_hours": "70"}, "contracted_hours", "56"),
    ({"employer_id": ""}, "employer", "choose an employer"),
])
def test_bad_input_is_refused_per_field_and_nothing_written(session, changes, field, words) -> None:  # type: ignore[no-untyped-def]
    before = _count(session, "SELECT count(*) FROM staff")
    audit_before = _count(session, "SELECT count(*) FROM audit_log")
    with pytest.raises(FormInvalid) as caught:
        svc.add_person(session, _officer(session, **changes))
    assert words in caught.value.fields[field]
    assert _count(session, "SELECT count(*) FROM staff") == before
    assert _count(session, "SELECT count(*) FROM audit_log") == audit_before


def test_ceo_must_work_for_a_council(session) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FormInvalid) as caught:
        svc.add_person(session, _officer(session, kind="warden", collar_number="", salary=""))
    assert "council" in caught.value.fields["employer"]


def test_duplicate_numbers_are_refused_with_the_holder_named(session) -> None:  # type: ignore[no-untyped-def]
    svc.add_person(session, _officer(session))
    with pytest.raises(FormInvalid) as caught:
        svc.add_person(session, _officer(session, name="Other", collar_number="4801"))
    assert "Sam Test" in caught.value.fields["payroll_number"]
    with pytest.raises(FormInvalid) as caught:
        svc.add_person(session, _officer(session, name="Other", payroll_number="HC800002"))
    assert "Sam Test" in caught.value.fields["collar_number"]


def test_edit_records_only_changed_fields(session) -> None:  # type: ignore[no-untyped-def]
    staff_id = svc.add_person(session, _officer(session))
    raw = svc.input_from_person(svc.get_person(session, staff_id))
    assert svc.edit_person(session, staff_id, raw) == []
    changed = svc.edit_person(session, staff_id, _officer(session, kind="PS", salary="52,064"),
                              reason="promoted")
    assert changed == ["annual_salary_pence", "rank"]
    reason, details = session.db.execute(
        "SELECT reason, details FROM audit_log WHERE action = 'staff.update'").fetchone()
    assert reason == "promoted" and '"rank":"constable"' in details and '"rank":"sergeant"' in details


def test_deactivate_needs_reason_and_twice_is_refused(session) -> None:  # type: ignore[no-untyped-def]
    staff_id = svc.add_person(session, _officer(session))
    with pytest.raises(FormInvalid):
        svc.set_active(session, staff_id, False, " ")
    svc.set_active(session, staff_id, False, "left")
    with pytest.raises(ValidationFailed, match="already inactive"):
        svc.set_active(session, staff_id, False, "again")
    assert svc.search_page(session, SearchFilter(text="HC800001")).lines == []
    assert len(svc.search_page(session, SearchFilter(text="HC800001", include_inactive=True)).lines) == 1


def test_person_summary_figures(session) -> None:  # type: ignore[no-untyped-def]
    staff_id = session.db.execute(
        "SELECT staff_id FROM assignments WHERE status = 'worked' GROUP BY staff_id "
        "ORDER BY count(*) DESC, staff_id LIMIT 1").fetchone()[0]
    summary = svc.person_summary(session, staff_id, now=NOW)
    worked = _count(session, "SELECT sum(worked_minutes) FROM assignments WHERE staff_id = ? "
                    "AND status = 'worked'", [staff_id])
    assert summary.to_date_worked == worked
    assert summary.four_weeks_worked <= summary.to_date_worked
    assert summary.week_worked <= summary.four_weeks_worked
    room = summary.headroom
    assert room.limit_minutes == 48 * 60 * 17
    contracted = summary.person["contracted_weekly_minutes"] * 17
    assert room.minutes_left == room.limit_minutes - contracted - room.extra_minutes
    planned = _count(session, "SELECT count(*) FROM assignments WHERE staff_id = ? AND status = "
                     "'planned' AND end_utc > '2026-11-25T12:00:00Z'", [staff_id])
    assert len(summary.upcoming) == min(planned, 8)
    assert all(u.start >= NOW or u.end > NOW for u in summary.upcoming)


def test_rest_wait_counts_from_the_last_duty(session) -> None:  # type: ignore[no-untyped-def]
    staff_id, end = session.db.execute(
        "SELECT staff_id, actual_end_utc FROM assignments WHERE status = 'worked' "
        "ORDER BY start_utc DESC LIMIT 1").fetchone()
    from hotspot_tui.domain.clock_utc import from_utc_text

    ended = from_utc_text(end)
    summary = svc.person_summary(session, staff_id, now=ended)
    assert summary.headroom.rest_wait.total_seconds() == 11 * 3600


def test_money_and_hours_parsing() -> None:
    assert parse_pounds("£31,163") == 3_116_300
    assert parse_pounds(" 21135.5 ") == 2_113_550
    assert parse_pounds("") is None
    assert parse_hours("37:30") == 2250
    assert parse_hours("37.5") == 2250
    assert parse_hours("40 hours") == 2400
    for bad in ("abc", "1e400", "NaN", "£1,2,3.4.5"):
        with pytest.raises(ValueError):
            parse_pounds(bad)


def test_upcoming_patrols_page_by_keyset(session) -> None:  # type: ignore[no-untyped-def]
    staff_id = session.db.execute(
        "SELECT staff_id FROM assignments WHERE status = 'planned' AND start_utc > ? "
        "GROUP BY staff_id ORDER BY count(*) DESC, staff_id LIMIT 1", ["2026-11-25T12:00:00Z"]).fetchone()[0]
    first, after = svc.upcoming_page(session, staff_id, now=NOW, limit=1)
    collected = list(first)
    while after:
        more, after = svc.upcoming_page(session, staff_id, now=NOW, after=after, limit=1)
        collected += more
    expected = session.db.execute(
        "SELECT count(*) FROM assignments WHERE staff_id = ? AND status = 'planned' AND end_utc > ?",
        [staff_id, "2026-11-25T12:00:00Z"]).fetchone()[0]
    assert len(collected) == expected == len({u.assignment_id for u in collected})
    assert [u.start for u in collected] == sorted(u.start for u in collected)


def test_salary_edit_recosts_the_persons_patrols(session) -> None:  # type: ignore[no-untyped-def]
    staff_id = session.db.execute(
        "SELECT s.id FROM staff s JOIN assignments a ON a.staff_id = s.id "
        "WHERE s.kind = 'officer' AND s.pay_basis = 'annual' AND a.status IN ('planned', 'worked') "
        "GROUP BY s.id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]

    def cost() -> int:
        return _count(session, "SELECT coalesce(sum(cost_pence), 0) FROM assignments WHERE staff_id = ?",
                      [staff_id])

    before = cost()
    assert before > 0
    raw = svc.input_from_person(svc.get_person(session, staff_id))
    bigger = str(int(raw.salary.replace(",", "")) + 5_000)
    assert "annual_salary_pence" in svc.edit_person(session, staff_id,
                                                    StaffInput(**{**raw.__dict__, "salary": bigger}))
    after = cost()
    assert after > before
    lines = _count(session, "SELECT coalesce(sum(amount_pence), 0) FROM pay_lines l "
                   "JOIN assignments a ON a.id = l.assignment_id WHERE a.staff_id = ?", [staff_id])
    assert lines == after
