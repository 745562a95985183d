"""Supervisors at once on a served file: every write the app confirms to any of them is in
the file, and none of them is shown "database is locked", the app's busy refusal or a
traceback, nor does any app process or the server write one to its log.

The station is built from an empty file through the public commands. `hotspot-tui serve`
runs in its own process; three supervisors sign in over HTTP and drive their own app
processes through the websocket as browsers do (`bench/served_client.py`), each working
the benchmark's scripted round (`bench/served_mix.py`) on a patrol just gone: the roster,
another week, the patrol, the picker, an assignment and the person's hours booked, all
three at the same moments. No timing is asserted: `bench/served.py` measures them.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench import served
from bench.served_mix import Write
from hotspot_tui.cli import cli

ADMIN = ("Insp Admin", "inspector phrase 1")
PEOPLE = served.supervisors(3)
AREAS = (("Watford", "Watford", "HAF-WA-WAT"), ("Bushey", "Hertsmere", "HAF-HE-BUS"),
         ("Oxhey", "Three Rivers", "HAF-TR-OXH"))


def cli_ok(db: Path, *args: str, user: str | None = None, input: str | None = None) -> None:
    who = ["--user", user] if user else ["--as", "station owner"]
    result = CliRunner().invoke(cli, [*who, *args, "--db", str(db)], input=input)
    assert result.exit_code == 0, (args, result.output)


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("served")
    db = folder / "station.db"
    cli_ok(db, "db", "init")
    for name, district, code in AREAS:
        cli_ok(db, "area", "add", name, "--district", district, "--cost-code", code)
    cli_ok(db, "employer", "add", "Watford Borough Council", "--weekday", "30", "--weekend", "36",
           "--holiday", "45")
    staff = folder / "staff.csv"
    staff.write_text("Payroll number,Name,Kind,Employer\n" + "".join(
        f"WBC{n:03d},Council Officer {n},CEO,Watford Borough Council\n" for n in range(1, 9)),
        encoding="utf-8")
    cli_ok(db, "import", "staff", str(staff))
    today = date.today()
    # The days the scripted round works on for a patrol just gone: 2 to 5 days back.
    for back in range(2, 6):
        day = today - timedelta(days=back)
        for name, _, _ in AREAS:
            cli_ok(db, "patrol", "add", "--area", name, "--start", f"{day} 10:00",
                   "--end", f"{day} 14:00", "--need", "ceo=2")
    cli_ok(db, "user", "add", ADMIN[0], "--role", "admin", input=f"{ADMIN[1]}\n{ADMIN[1]}\n")
    for name, password in PEOPLE:
        cli_ok(db, "user", "add", name, "--role", "supervisor", user=ADMIN[0],
               input=f"{ADMIN[1]}\n{password}\n{password}\n")
    return db


def test_supervisors_at_once_lose_no_write_and_see_no_lock(station: Path, tmp_path: Path) -> None:
    outcome = served.run(station, PEOPLE, seconds=120, work=tmp_path, max_rounds=1,
                         past_first=True)
    for person in outcome.people:
        assert not person.errors, person.screens
        assert not person.refusals, person.refusals
        made = sorted(w.kind for w in person.writes)
        assert made == ["assign", "book"], (person.name, person.writes)
    assert len(outcome.writes) == 6
    assert outcome.lost == []
    assert outcome.screen_problems == []
    assert outcome.log_problems == []


def test_the_checks_find_a_missing_write_and_a_lock_in_a_log(station: Path) -> None:
    """The checks the test above relies on can fail (on the file it left)."""
    never = Write("assign", "NOPATROL", "Council Officer 1", PEOPLE[0][0])
    assert served.lost_writes(station, [never]) == [never]
    log = ('2026-12-03 01:00:00 aiohttp.access 127.0.0.1 "GET /ws HTTP/1.1" 101 0 3.2\n'
           "sqlite3.OperationalError: database is locked\n")
    assert served.log_problems(log) == ["sqlite3.OperationalError: database is locked"]


def test_stopping_the_server_as_an_app_closes_leaves_no_app_and_no_error(
        station: Path, tmp_path: Path) -> None:
    import asyncio
    import os

    from bench.served_client import ServedSession

    log = tmp_path / "serve.log"
    with served.served(station, log) as (base, server):
        session = ServedSession(base, *PEOPLE[0])

        async def open_then_stop() -> list[int]:
            await session.sign_in()
            await session.open_app()
            await session.wait_for(f"{PEOPLE[0][0]} (supervisor)", timeout=60)
            apps = served.app_processes(server.pid)
            await session.close()  # the tab closes: the app begins to close...
            server.terminate()  # ...and the server is stopped (ctrl+c, the service manager)
            await asyncio.to_thread(server.wait, 30)
            return apps

        apps = asyncio.run(open_then_stop())
    assert len(apps) == 1
    assert not [pid for pid in apps if os.path.exists(f"/proc/{pid}")], "the app went with the server"
    assert served.log_problems(log.read_text()) == []
