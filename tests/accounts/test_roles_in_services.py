"""Each role may do only its own work, and the services (not only the screens) refuse the rest:
one representative service per permission, tried by every role."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hotspot_tui.domain.access import RIGHTS, Permission, Role, may
from hotspot_tui.domain.geography import circle
from hotspot_tui.errors import HotspotError, NotPermitted
from hotspot_tui.services import (
    accounts,
    approvals,
    assignments,
    outcomes,
    payroll,
    settings,
    shifts,
    staff,
    sync_access,
)
from hotspot_tui.services.area_geography import set_area_geography
from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.services.session import Session
from tests.accounts.helpers import AS_ROLE, signed_in

pytestmark = pytest.mark.usefixtures("pinned_clock")  # bookings and locks by a fixed day


def _one(session: Session, sql: str) -> str:
    with session.reading() as db:
        return db.execute(sql).fetchone()[0]


def _audit_count(session: Session) -> int:
    with session.reading() as db:
        return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def _try(session: Session, permission: Permission, tmp: Path) -> None:
    if permission is Permission.READ:
        dashboard(session, date(2026, 11, 25))
    elif permission is Permission.PLAN:
        shift = _one(session, "SELECT id FROM shifts WHERE status = 'planned' "
                              "AND local_date > '2026-11-25' LIMIT 1")
        shifts.cancel_shift(session, shift, "road closed")
    elif permission is Permission.ASSIGN:
        planned = _one(session, "SELECT a.id FROM assignments a JOIN shifts s ON s.id = a.shift_id "
                                "WHERE a.status = 'planned' LIMIT 1")
        assignments.unassign(session, planned, "swapped with a colleague")
    elif permission is Permission.BOOK:
        shift = _one(session, "SELECT shift_id FROM assignments WHERE status = 'worked' LIMIT 1")
        outcomes.record_outcomes(session, shift, {"arrests": 1})
    elif permission is Permission.APPROVE:
        shift = _one(session, "SELECT s.ref FROM assignments a JOIN shifts s ON s.id = a.shift_id "
                              "WHERE a.status = 'worked' AND a.approved_by IS NULL LIMIT 1")
        approvals.approve_patrol(session, shift)
    elif permission is Permission.STAFF:
        person = _one(session, "SELECT id FROM staff WHERE active = 1 LIMIT 1")
        staff.set_active(session, person, False, "left the force")
    elif permission is Permission.EXPORT:
        payroll.export_payroll(session, "2026-10", out=tmp / "draft.csv")
    elif permission is Permission.LOCK:
        payroll.export_payroll(session, "2026-10", out=tmp / "final.csv", final=True)
    elif permission is Permission.SETTINGS:
        settings.change_setting(session, "approval.self_approval", "true", date(2026, 12, 1), "small station")
    elif permission is Permission.POLICE_DATA:
        area = _one(session, "SELECT name FROM areas WHERE active = 1 LIMIT 1")
        set_area_geography(session, area, circle(51.6560, -0.3960, 400))
    elif permission is Permission.SYNC:
        sync_access.sync_now(session, tmp / "hub.db", lambda step: None)
    elif permission is Permission.USERS:
        accounts.set_role(session, "PS Other", "viewer", "moved to the front desk")


ACTIONS = [p for p in Permission if p is not Permission.UPKEEP]  # every role's: costing on opening


@pytest.mark.parametrize("permission", ACTIONS)
@pytest.mark.parametrize("role", list(Role))
def test_a_service_refuses_what_the_role_may_not_do(station: Path, tmp_path: Path, role: Role,
                                                     permission: Permission) -> None:
    session = signed_in(station, AS_ROLE[role])
    try:
        assert session.role is role
        before = _audit_count(session)
        if may(role, permission):
            try:
                _try(session, permission, tmp_path)
            except NotPermitted as exc:  # pragma: no cover - the failure message says it all
                pytest.fail(f"{role} was refused {permission}: {exc}")
            except HotspotError:
                pass  # allowed, but refused for another reason (e.g. a period not yet approved)
        else:
            with pytest.raises(NotPermitted, match=rf"\({role}\) may not"):
                _try(session, permission, tmp_path)
            assert _audit_count(session) == before, "a refused action wrote nothing"
            assert not list(tmp_path.glob("*.csv")), "a refused export wrote no file"
    finally:
        session.close()


def test_the_table_gives_each_role_its_own_work() -> None:
    assert RIGHTS[Role.VIEWER] == {Permission.READ, Permission.UPKEEP}
    assert may(Role.SUPERVISOR, Permission.APPROVE) and not may(Role.SUPERVISOR, Permission.LOCK)
    assert may(Role.PAYROLL, Permission.LOCK) and not may(Role.PAYROLL, Permission.BOOK)
    assert may(Role.ADMIN, Permission.USERS) and not may(Role.ADMIN, Permission.ASSIGN)
    assert all(may(None, p) for p in Permission), "a file with no accounts is open to whoever opens it"


def test_a_role_changed_elsewhere_counts_at_the_next_action(station: Path) -> None:
    supervisor = signed_in(station, "PS Other")
    admin = signed_in(station, "Insp Admin")
    try:
        accounts.set_role(admin, "PS Other", "viewer", "moved to the front desk")
        shift = _one(supervisor, "SELECT shift_id FROM assignments WHERE status = 'worked' LIMIT 1")
        with pytest.raises(NotPermitted, match=r"PS Other \(viewer\) may not book"):
            outcomes.record_outcomes(supervisor, shift, {"arrests": 1})
        accounts.set_active(admin, "PS Other", False, "left the station")
        with pytest.raises(NotPermitted, match="disabled"):
            supervisor.require(Permission.READ)
    finally:
        supervisor.close()
        admin.close()


def test_a_supervisor_does_not_approve_their_own_bookings(station: Path) -> None:
    from hotspot_tui.domain.clock_utc import from_utc_text

    booker = signed_in(station, "PS Super")
    other = signed_in(station, "PS Other")
    try:
        shift, ref = booker.db.execute(
            "SELECT s.id, s.ref FROM assignments a JOIN shifts s ON s.id = a.shift_id "
            "WHERE a.status = 'worked' AND a.approved_by IS NULL LIMIT 1").fetchone()
        worked = booker.db.execute("SELECT id, actual_start_utc, actual_end_utc FROM assignments "
                                   "WHERE shift_id = ? AND status = 'worked'", [shift]).fetchall()
        for assignment, on, off in worked:
            assignments.book_hours(booker, assignment, from_utc_text(on), from_utc_text(off))
        with pytest.raises(HotspotError, match="another supervisor must approve"):
            approvals.approve_patrol(booker, ref)
        done = approvals.approve_patrol(other, ref)
        assert len(done.approved) == len(worked)
        who = booker.db.execute("SELECT DISTINCT booked_by, approved_by FROM assignments "
                                "WHERE shift_id = ? AND status = 'worked'", [shift]).fetchall()
        assert [tuple(r) for r in who] == [("PS Super", "PS Other")]
    finally:
        booker.close()
        other.close()
