"""`import crime` of several files: each file after the first has its rows checked by a
second process while they are written. The records are the same as importing each file
alone; a padded value is trimmed; and when the second process cannot start, dies or
answers nonsense, every file is still checked (in process) and a bad one refused."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from hotspot_tui.services import police_import, rows_checked_ahead
from hotspot_tui.services.crime_files import crime_files
from hotspot_tui.services.rows_checked_ahead import RowsCheckedAhead, Verdict, serve
from hotspot_tui.services.street_csv import Batch
from tests.cli.fresh_operation import ok, run
from tests.police.street_files import FORCE, HEADER, generated_month, station

MONTHS = ("2026-01", "2026-02", "2026-03")


def _files(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i, month in enumerate(MONTHS):
        path = folder / f"{month}-hertfordshire-street.csv"
        path.write_text(generated_month(month, 400, seed=20 + i, unlocated=5), encoding="utf-8")
        paths.append(path)
    return paths


def _held(db: Path) -> tuple[list[tuple[object, ...]], ...]:
    """The records, each force-month's totals and the counts inside areas (no ids or times)."""
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("SELECT month, crime_type, crime_id, longitude, latitude, location, lsoa_code, "
                         "lsoa_name, last_outcome, context FROM police_records ORDER BY id").fetchall(),
            conn.execute("SELECT force, month, rows, unlocated FROM police_force_months "
                         "ORDER BY month").fetchall(),
            conn.execute("SELECT area_id, month, crime_type, force, records FROM area_crime_counts "
                         "ORDER BY 1, 2, 3, 4").fetchall(),
        )
    finally:
        conn.close()


def _checks_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows of each batch the import checks in this process, as it checks them."""
    checked: list[int] = []
    real = police_import.check_batch

    def counted(batch: Batch, month: str, force: str) -> bool:
        checked.append(len(batch.rows))
        return real(batch, month, force)

    monkeypatch.setattr(police_import, "check_batch", counted)
    return checked


def _padded_file(path: Path) -> None:
    rows = [
        [" ab12 ", "2026-04", FORCE, FORCE, "-0.011000", "51.762000", " On or near High Street ",
         " E01023320", "Broxbourne 020A ", " Drugs ", " Under investigation", " "],
        ["", "2026-04", FORCE, FORCE, "", "", "No location", "", "", "Anti-social behaviour", "", ""],
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEADER.split(","), *rows])
    path.write_text(out.getvalue(), encoding="utf-8")


def test_several_files_go_in_as_each_would_alone_checked_by_a_second_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files(tmp_path / "files")
    alone = station(tmp_path / "alone")
    for path in files:
        ok(alone, "import", "crime", str(path))
    checked_here = _checks_here(monkeypatch)
    together = station(tmp_path / "together")
    out = ok(together, "import", "crime", *map(str, files))
    assert [line.split(":")[0] for line in out.splitlines()] == \
        [f"imported Hertfordshire Constabulary {m}" for m in MONTHS]
    first_rows = len(files[0].read_text(encoding="utf-8").splitlines()) - 1
    assert checked_here == [first_rows], "only the first file's rows are checked in this process"
    assert _held(together) == _held(alone)


def test_a_padded_value_is_trimmed_when_checked_by_the_second_process(tmp_path: Path) -> None:
    files = _files(tmp_path / "files")
    padded = tmp_path / "files" / "2026-04-hertfordshire-street.csv"
    _padded_file(padded)
    db = station(tmp_path)
    ok(db, "import", "crime", str(files[0]), str(padded))
    conn = sqlite3.connect(db)
    try:
        stored = conn.execute("SELECT crime_id, location, lsoa_code, lsoa_name, crime_type, last_outcome, "
                              "context FROM police_records WHERE month = '2026-04' ORDER BY id").fetchall()
        types = conn.execute("SELECT crime_type, records FROM police_month_types t "
                             "JOIN police_force_months f ON f.id = t.force_month_id "
                             "WHERE f.month = '2026-04' ORDER BY 1").fetchall()
    finally:
        conn.close()
    assert stored == [("ab12", "On or near High Street", "E01023320", "Broxbourne 020A", "Drugs",
                       "Under investigation", None),
                      (None, "No location", None, None, "Anti-social behaviour", None, None)]
    assert types == [("Anti-social behaviour", 1), ("Drugs", 1)]


def _script(folder: Path, body: str) -> str:
    path = folder / "checker.sh"
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


CHECKERS = {
    "cannot-start": lambda folder: str(folder / "no-such-python"),
    "never-answers": lambda folder: _script(folder, "while read line; do :; done; sleep 60\n"),
    "ends-at-once": lambda folder: _script(folder, "exit 0\n"),
    "answers-nonsense": lambda folder: _script(
        folder, "while read line; do echo '{\"sound\": \"maybe\"}'; done\n"),
    "answers-not-json": lambda folder: _script(folder, "while read line; do echo 'yes'; done\n"),
}


@pytest.mark.skipif(sys.platform == "win32", reason="the broken checkers are shell scripts")
@pytest.mark.parametrize("checker", list(CHECKERS))
def test_without_a_working_second_process_every_file_is_still_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checker: str) -> None:
    files = _files(tmp_path / "files")
    lines = files[1].read_text(encoding="utf-8").splitlines(keepends=True)
    lines[300] = lines[300].replace(",2026-02,", ",2026-01,", 1)
    files[1].write_text("".join(lines), encoding="utf-8")
    db = station(tmp_path)
    monkeypatch.setattr(sys, "executable", CHECKERS[checker](tmp_path))
    monkeypatch.setattr(rows_checked_ahead, "PATIENCE_SECONDS", 0.5)
    result = run(db, "import", "crime", *map(str, files))
    assert result.exit_code != 0
    assert "imported Hertfordshire Constabulary 2026-03" in result.stdout
    assert result.stderr.splitlines() == [
        f"hotspot-tui: {files[1].name} line 301: Month 2026-01 is not the file's month 2026-02; "
        "nothing was imported from it"]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT month FROM police_force_months ORDER BY month").fetchall() == \
            [("2026-01",), ("2026-03",)]
    finally:
        conn.close()


def test_the_second_process_answers_each_file_in_turn(tmp_path: Path) -> None:
    good, second, bad = _files(tmp_path / "files")
    bad.write_text(bad.read_text(encoding="utf-8").replace(",2026-03,", ",2026-13,", 1), encoding="utf-8")
    padded = tmp_path / "files" / "2026-04-hertfordshire-street.csv"
    _padded_file(padded)
    requests = b"".join(
        json.dumps({"name": path.name, "path": str(path), "member": None}).encode() + b"\n"
        for path in (good, bad, tmp_path / "missing.csv", padded)) + b"{not json\n"
    answers = io.BytesIO()
    serve(io.BytesIO(requests), answers)
    assert [json.loads(line) for line in answers.getvalue().splitlines()] == [
        {"sound": True, "padded": False}, {"sound": False, "padded": False},
        {"sound": False, "padded": False}, {"sound": True, "padded": True},
        {"sound": None, "padded": None}]
    sources = [s for path in (good, second, bad) for s in crime_files(path)]
    with RowsCheckedAhead(sources) as checking:
        assert checking.pending(0) is None, "the first file is checked as it is read"
        waiting = [checking.pending(1), checking.pending(2)]
        assert [w.result() if w else None for w in waiting] == [Verdict(True), Verdict(False)]


def test_a_large_first_file_is_checked_by_the_second_process_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large force's month pays back the second process's start: from the first file on,
    no row is checked in this process, and a bad first file is still refused by its line."""
    files = _files(tmp_path / "files")
    lines = files[0].read_text(encoding="utf-8").splitlines(keepends=True)
    lines[200] = lines[200].replace(",2026-01,", ",2026-02,", 1)
    files[0].write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(rows_checked_ahead, "FIRST_IN_PROCESS_BELOW", files[0].stat().st_size)
    checked_here = _checks_here(monkeypatch)
    db = station(tmp_path)
    result = run(db, "import", "crime", *map(str, files))
    assert result.exit_code != 0
    assert result.stderr.splitlines() == [
        f"hotspot-tui: {files[0].name} line 201: Month 2026-02 is not the file's month 2026-01; "
        "nothing was imported from it"]
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == \
        [f"imported Hertfordshire Constabulary {m}" for m in MONTHS[1:]]
    assert checked_here == [], "every file was checked by the second process"
    monkeypatch.setattr(rows_checked_ahead, "FIRST_IN_PROCESS_BELOW", files[0].stat().st_size + 1)
    with RowsCheckedAhead(crime_files(files[0]) + crime_files(files[1])) as checking:
        assert checking.pending(0) is None and checking.pending(1) is not None
