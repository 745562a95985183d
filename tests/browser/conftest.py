"""A served station in a real browser: Debian's chromium, driven headless by Playwright.

The station is built from an empty file through the public commands only; the server is
`hotspot-tui serve` in its own process. Screenshots go to test-artefacts/browser/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli

CHROMIUM = Path(os.environ.get("HOTSPOT_CHROMIUM", "/usr/bin/chromium"))
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "browser"
PASSWORDS = {"Insp Admin": "inspector phrase 1", "PS Super": "sergeant phrase 22",
             "PS Other": "another sergeant 3", "Mr Viewer": "front desk viewer 4",
             "PC Gone": "left the force 55"}
ROLES = {"PS Super": "supervisor", "PS Other": "supervisor", "Mr Viewer": "viewer", "PC Gone": "supervisor"}
STAFF_CSV = ("Payroll number,Name,Kind,Employer\n"
             "WBC001,Ann Able,CEO,Watford Borough Council\n"
             "WBC002,Bob Baker,CEO,Watford Borough Council\n")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def cli_ok(db: Path, *args: str, user: str | None = None, input: str | None = None) -> str:
    who = ["--user", user] if user else ["--as", "station owner"]
    result = CliRunner().invoke(cli, [*who, *args, "--db", str(db)], input=input)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


@pytest.fixture(scope="module")
def patrol_day() -> date:
    return date.today() + timedelta(days=1)


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory, patrol_day: date) -> Path:
    folder = tmp_path_factory.mktemp("served")
    db = folder / "station.db"
    cli_ok(db, "db", "init")
    cli_ok(db, "area", "add", "Watford", "--district", "Watford", "--cost-code", "HAF-WA-WAT")
    cli_ok(db, "employer", "add", "Watford Borough Council", "--weekday", "30", "--weekend", "36",
           "--holiday", "45")
    (folder / "staff.csv").write_text(STAFF_CSV, encoding="utf-8")
    cli_ok(db, "import", "staff", str(folder / "staff.csv"))
    cli_ok(db, "patrol", "add", "--area", "Watford", "--start", f"{patrol_day} 18:00",
           "--end", f"{patrol_day} 22:00", "--need", "ceo=1")
    admin = PASSWORDS["Insp Admin"]
    cli_ok(db, "user", "add", "Insp Admin", "--role", "admin", input=f"{admin}\n{admin}\n")
    for name, role in ROLES.items():
        cli_ok(db, "user", "add", name, "--role", role, user="Insp Admin",
               input=f"{admin}\n{PASSWORDS[name]}\n{PASSWORDS[name]}\n")
    cli_ok(db, "user", "disable", "PC Gone", "--reason", "left the force", user="Insp Admin",
           input=f"{admin}\n")
    cli_ok(db, "settings", "set", "sign_in.failures_before_lockout", "2", "--from", "2026-01-01",
           "--reason", "a short count for the test", user="Insp Admin", input=f"{admin}\n")
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(station: Path) -> Iterator[str]:
    port = _free_port()
    log = station.with_name("serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "hotspot_tui", "--db", str(station), "serve",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            assert proc.poll() is None, station.with_name("serve.log").read_text()
            time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:  # each launch has a fresh profile of its own
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def shots() -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS
