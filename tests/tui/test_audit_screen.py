"""The Audit section: newest first, filtered by person, patrol, user and date."""

from __future__ import annotations

from app_settle import settle as app_settle
from app_settle import wait_for_timer
from textual.widgets import DataTable, Input, Static

from hotspot_tui.tui.screens.audit import AuditScreen


async def settle(pilot, delay: float = 0.0) -> None:  # type: ignore[no-untyped-def]
    """`delay` lets a debounce timer fire first; then wait until the app is quiet."""
    if delay:
        await wait_for_timer(pilot, delay)
    await app_settle(pilot)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_newest_first_with_who_when_and_why(app, history) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(160, 40)) as pilot:
        pilot.app.switch_mode("audit")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AuditScreen)
        table = screen.query_one("#audit-list", DataTable)
        shown = rows(table)
        first = shown[0]
        assert first[0] == "Tue 24 Nov 2026 15:00"  # Europe/London (GMT in November)
        assert first[1:4] == ["Insp Baker", "staff.deactivate", "Robin Audit"]
        assert first[5] == "Transferred out"
        actions = [r[2] for r in shown]
        assert actions[:5] == ["staff.deactivate", "assignment.cancel", "assignment.create",
                               "assignment.create", "staff.create"]
        assert shown[1][5] == "Court warning" and history["area"] in shown[1][4]


async def test_filters_by_person_patrol_user_and_dates(app, history) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(160, 40)) as pilot:
        pilot.app.switch_mode("audit")
        await settle(pilot)
        screen = pilot.app.screen
        table = screen.query_one("#audit-list", DataTable)

        async def set_filter(key: str, value: str) -> list[list[str]]:
            field = screen.query_one(f"#a-{key}", Input)
            field.value = value
            field.focus()
            await pilot.press("enter")
            await settle(pilot)
            return rows(table)

        by_person = await set_filter("person", "HC955001")
        assert [r[2] for r in by_person] == ["staff.deactivate", "staff.create"]
        by_person = await set_filter("person", "Robin Aud")
        assert len(by_person) == 2
        await set_filter("person", "")
        by_patrol = await set_filter("patrol", f"{history['area']} 2026-11-27")
        assert sorted(r[2] for r in by_patrol) == ["assignment.cancel", "assignment.create",
                                                   "assignment.create"]
        await set_filter("patrol", "")
        by_user = await set_filter("actor", "PS Adams")
        assert {r[1] for r in by_user} == {"PS Adams"} and len(by_user) == 2
        await set_filter("actor", "")
        await set_filter("since", "2026-11-21")
        ranged = await set_filter("until", "2026-11-22")
        assert [r[2] for r in ranged] == ["assignment.cancel", "assignment.create",
                                          "assignment.create"]
        # a bad date is refused inline and the list is left as it was
        bad = await set_filter("until", "31/13/2026")
        status = screen.query_one("#audit-status", Static)
        assert "is not a date" in str(status.content) and status.has_class("error")
        assert len(bad) == 3
        # `c` clears; `p` filters on the highlighted row's person
        table.focus()
        await pilot.press("c")
        await settle(pilot)
        assert table.row_count > 5
        table.move_cursor(row=0)
        await pilot.press("p")
        await settle(pilot)
        assert [r[2] for r in rows(table)] == ["staff.deactivate", "staff.create"]
        assert screen.query_one("#a-person", Input).value == "Robin Audit"
        await pilot.press("c")
        await settle(pilot)
        table.move_cursor(row=1)
        await pilot.press("t")
        await settle(pilot)
        assert len(rows(table)) == 3


async def test_person_page_opens_their_audit_trail(app, history) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.tui.screens.person import PersonScreen

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.app.push_screen(PersonScreen(history["new_id"]))
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AuditScreen)
        assert [r[2] for r in rows(screen.query_one("#audit-list", DataTable))] == [
            "staff.deactivate", "staff.create"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PersonScreen)
