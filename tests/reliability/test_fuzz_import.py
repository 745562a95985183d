"""Bad input to `hotspot-tui import staff FILE.csv`: random spreadsheets never crash it, failures
are reported plainly, and an import is all or nothing. Skipped until the command exists."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from pathlib import Path

import pytest
from cli_tree import assert_clean_exit
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspot_tui.cli import cli
from hotspot_tui.services.maintenance import verify_audit_chain

IMPORT_STAFF = ("import", "staff")


HEADERS = ["Payroll number", "Name", "Kind", "Collar", "Rank", "Employer", "Annual salary", "Hourly rate",
           "Contracted hours", "Home area", "First name", "Last name", "payroll_no", "Job title",
           "Notes", "", "NAME", "Warrant no", "Surname"]
KINDS = ["PC", "PS", "PCSO", "CEO", "officer", "pcso", "ceo", "warden", "Inspector", "Sgt", "x", ""]
MONEY = ["£41,000", "41000", "41,000.00", "-5", "1e9", "", "abc", "12.50", "0", "99999999999999"]
HOURS = ["40", "37.5", "-1", "99", "", "forty"]


def _snapshot(path: Path) -> tuple[list[tuple[object, ...]], int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        staff = conn.execute("SELECT * FROM staff ORDER BY id").fetchall()
        audit = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        return staff, audit
    finally:
        conn.close()


@st.composite
def plausible_sheets(draw) -> bytes:  # type: ignore[no-untyped-def]
    """Good files, some with one bad cell: the import must take all of them or none."""
    numbers = draw(st.lists(st.from_regex(r"ZZ[0-9]{6}", fullmatch=True), min_size=1, max_size=4,
                            unique=True))
    rows = [[n, f"PC Fuzz {n}", "PC", "constable", "41000"] for n in numbers]
    if draw(st.booleans()):
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, 4))
        rows[r][c] = draw(st.sampled_from(["", "-5", "admiral", "Nobody", "x" * 2000, rows[0][0]]))
    out = io.StringIO()
    csv.writer(out).writerows([["Payroll number", "Name", "Kind", "Rank", "Annual salary"], *rows])
    return out.getvalue().encode()


@st.composite
def spreadsheets(draw, employers: list[str], areas: list[str]) -> bytes:  # type: ignore[no-untyped-def]
    if draw(st.integers(0, 2)) == 0:
        return draw(plausible_sheets())
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=8))
    cell = st.one_of(
        st.from_regex(r"[A-Z]{1,3}[0-9]{3,6}", fullmatch=True),
        st.sampled_from(KINDS), st.sampled_from(MONEY), st.sampled_from(HOURS),
        st.sampled_from([*employers, "Nowhere Council", ""]), st.sampled_from([*areas, "Atlantis"]),
        st.sampled_from(["constable", "sergeant", "admiral", "PC Jane O'Neil", "Smith, John", "=1+1",
                         "\"quoted\"", "line\nbreak", "   ", "Ünïcødé 💷"]),
        st.text(max_size=15),
    )
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 2), max_size=6))
    style = draw(st.sampled_from(["csv", "raw", "semicolon"]))
    if style == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        text = out.getvalue()
    else:
        sep = ";" if style == "semicolon" else ","
        text = "\n".join(sep.join(r) for r in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "bytes"]))
    if encoding == "bytes":
        return draw(st.binary(max_size=200))
    return text.encode(encoding, errors="replace")


@pytest.mark.slow
@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_random_spreadsheets_are_imported_whole_or_not_at_all(demo_db, tmp_path, dry_run) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(str(demo_db))
    employers = [r[0] for r in conn.execute("SELECT name FROM employers")]
    areas = [r[0] for r in conn.execute("SELECT name FROM areas")]
    conn.close()
    imported = {"files": 0}

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(content=spreadsheets(employers, areas))
    def check(content: bytes) -> None:
        source = tmp_path / "people.csv"
        source.write_bytes(content)
        before = _snapshot(demo_db)
        args = [*IMPORT_STAFF, str(source), "--db", str(demo_db)] + (["--dry-run"] if dry_run else [])
        result = CliRunner().invoke(cli, args)
        assert_clean_exit(result, (0, 2))
        after = _snapshot(demo_db)
        if result.exit_code != 0 or dry_run:
            assert after == before, "a refused or dry-run import changed the database"
            return
        imported["files"] += 1
        added = len(after[0]) - len(before[0])
        assert set(before[0]) <= set(after[0]), "an import changed people already there"
        match = re.search(r"imported (\d+) people", result.output)
        assert match and int(match.group(1)) == added, result.output
        assert after[1] - before[1] == added + 1, "one audit row per person and one for the file"
        assert verify_audit_chain(demo_db).intact

    check()
    if not dry_run:
        assert imported["files"] > 0, "no generated file was ever imported"


def test_an_import_that_fails_halfway_writes_nothing(demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A good row followed by a bad one: nobody is imported."""
    source = tmp_path / "people.csv"
    source.write_text("Payroll number,Name,Kind,Rank,Annual salary\n"
                      "ZZ900001,PC Good Row,PC,constable,41000\n"
                      "ZZ900002,PC Bad Row,PC,constable,-5\n")
    before = _snapshot(demo_db)
    result = CliRunner().invoke(cli, [*IMPORT_STAFF, str(source), "--db", str(demo_db)])
    assert_clean_exit(result, (2,))
    assert _snapshot(demo_db) == before
