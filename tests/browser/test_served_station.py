"""A station served to a real browser: sign-in first, each person's role, the audit trail."""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path
from typing import Any

from tests.browser.conftest import PASSWORDS

APP_START_SECONDS = 20


def _rows(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _sign_in(page: Any, base: str, name: str, password: str) -> None:
    page.goto(base + "/")
    assert page.url.endswith("/login"), "no app before signing in"
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("#sign-in")
    page.wait_for_load_state()


def _app_ready(page: Any) -> None:
    page.wait_for_selector("#terminal canvas, #terminal .xterm-screen", timeout=APP_START_SECONDS * 1000)
    page.wait_for_function("document.body.classList.contains('-first-byte') || "
                           "document.querySelector('#terminal .xterm-screen') !== null",
                           timeout=APP_START_SECONDS * 1000)
    time.sleep(2.5)  # the app's first screen
    page.click("#terminal")


def _keys(page: Any, *keys: str, pause: float = 0.6) -> None:
    for key in keys:
        page.keyboard.press(key)
        time.sleep(pause)


def _open_patrol(page: Any, day: date) -> None:
    _keys(page, "2", pause=2.0)  # the roster
    _keys(page, "g")  # go to a date
    page.keyboard.type(day.isoformat())
    _keys(page, "Enter", pause=1.5)
    _keys(page, "Enter", pause=2.0)  # open the patrol under the cursor


def _wait_for(check: Any, seconds: float = 15.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    return check()


def test_a_supervisor_signs_in_assigns_and_signs_out(server: str, browser: Any, station: Path,
                                                       patrol_day: date, shots: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(server + "/")
        assert page.url.endswith("/login")
        page.screenshot(path=str(shots / "01-sign-in.png"))
        _sign_in(page, server, "PS Super", "not the password")
        assert "wrong name or password" in page.inner_text(".error")
        assert page.url.endswith("/login")

        _sign_in(page, server, "PS Super", PASSWORDS["PS Super"])
        assert page.inner_text("#who") == "Signed in as PS Super (supervisor)"
        cookies = {c["name"]: c for c in page.context.cookies()}
        session = cookies["hotspot_session"]
        assert session["httpOnly"] and session["secure"] and session["sameSite"] == "Strict"
        assert PASSWORDS["PS Super"] not in page.url
        _app_ready(page)
        page.screenshot(path=str(shots / "02-supervisor-dashboard.png"))
        _open_patrol(page, patrol_day)
        page.screenshot(path=str(shots / "03-supervisor-patrol.png"))
        _keys(page, "a", pause=2.0)  # assign: the picker
        page.screenshot(path=str(shots / "04-supervisor-picker.png"))
        _keys(page, "Space", "Control+s", pause=1.5)
        assigned = _wait_for(lambda: _rows(
            station, "SELECT actor FROM audit_log WHERE action = 'assignment.create'"))
        page.screenshot(path=str(shots / "05-supervisor-assigned.png"))
        assert assigned == [("PS Super",)], "the audit trail names the person signed in"
        assert _rows(station, "SELECT created_by FROM assignments") == [("PS Super",)]

        page.click("#sign-out")
        page.wait_for_load_state()
        assert page.url.endswith("/login?signed_out=1")
        assert "You have signed out" in page.inner_text(".notice")
        page.screenshot(path=str(shots / "06-signed-out.png"))
        page.goto(server + "/")
        assert page.url.endswith("/login"), "signed out: the session is gone"
    finally:
        page.close()


def test_a_viewer_reads_but_is_offered_no_changes(server: str, browser: Any, patrol_day: date,
                                                   shots: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        _sign_in(page, server, "Mr Viewer", PASSWORDS["Mr Viewer"])
        assert page.inner_text("#who") == "Signed in as Mr Viewer (viewer)"
        _app_ready(page)
        _open_patrol(page, patrol_day)
        _keys(page, "a", pause=1.5)  # nothing happens: a viewer may not assign
        page.screenshot(path=str(shots / "07-viewer-patrol.png"))
    finally:
        page.close()


def test_disabled_accounts_and_lockout(server: str, browser: Any, shots: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        _sign_in(page, server, "PC Gone", PASSWORDS["PC Gone"])
        assert "PC Gone is disabled" in page.inner_text(".error")
        for guess in ("first wrong guess", "second wrong guess"):
            _sign_in(page, server, "PS Other", guess)
        assert "now locked until" in page.inner_text(".error")
        _sign_in(page, server, "PS Other", PASSWORDS["PS Other"])
        assert "PS Other is locked" in page.inner_text(".error")
        page.screenshot(path=str(shots / "08-locked-out.png"))
        assert page.url.endswith("/login")
    finally:
        page.close()


def test_forms_from_elsewhere_are_refused(server: str, browser: Any) -> None:
    page = browser.new_page()
    try:
        answer = page.request.post(server + "/login", form={"name": "PS Super",
                                                            "password": PASSWORDS["PS Super"]},
                                   headers={"Origin": "http://elsewhere.example"}, max_redirects=0)
        assert answer.status == 403
        assert page.request.get(server + "/ws", max_redirects=0).status == 401
    finally:
        page.close()
