"""`staff set-pay`, `staff pay-history`, `staff time-off`, `staff take-time-off`: a person's
pay from a date and the time off owed, from the command line."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from hotspot_tui.cli import cli


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def test_set_pay_from_a_date_shows_in_the_history_and_recosts_from_then(demo_db) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(demo_db)
    number, salary = conn.execute(
        "SELECT payroll_number, annual_salary_pence FROM staff WHERE kind = 'officer' "
        "AND pay_basis = 'annual' ORDER BY payroll_number LIMIT 1").fetchone()
    before = dict(conn.execute(
        "SELECT a.id, a.cost_pence FROM assignments a JOIN staff st ON st.id = a.staff_id "
        "WHERE st.payroll_number = ?", [number]).fetchall())
    conn.close()
    result = _run("staff", "set-pay", number, "--salary", f"{salary // 100 + 2000}", "--from", "2026-09-01",
                  "--reason", "September award [/]", "--db", str(demo_db))
    assert result.exit_code == 0, result.output
    assert "from 01 Sep 2026" in result.output
    history = _run("staff", "pay-history", number, "--db", str(demo_db))
    lines = history.output.splitlines()
    assert lines[0].startswith("from 2026-09-01") and "September award [/]" in lines[0]
    assert lines[1].startswith("from the start")
    conn = sqlite3.connect(demo_db)
    after = dict(conn.execute(
        "SELECT a.id, a.cost_pence FROM assignments a JOIN staff st ON st.id = a.staff_id "
        "JOIN shifts s ON s.id = a.shift_id WHERE st.payroll_number = ? AND s.local_date < '2026-09-01'",
        [number]).fetchall())
    conn.close()
    assert after == {k: v for k, v in before.items() if k in after}, "patrols before the date keep their pay"


def _state(path) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    conn = sqlite3.connect(path)
    try:
        return tuple(conn.execute(sql).fetchone()[0] for sql in (
            "SELECT count(*) FROM audit_log", "SELECT count(*) FROM staff_pay_history",
            "SELECT sum(cost_pence) FROM assignments"))
    finally:
        conn.close()


def test_bad_set_pay_arguments_are_one_line_and_change_nothing(demo_db) -> None:  # type: ignore[no-untyped-def]
    before = _state(demo_db)
    for args, words in [
        (["staff", "set-pay", "NOBODY", "--salary", "1", "--from", "2026-09-01", "--reason", "x"], "nobody"),
        (["staff", "set-pay", "HC100001", "--from", "2026-09-01", "--reason", "x"], "give what changes"),
        (["staff", "set-pay", "HC100001", "--salary", "lots", "--from", "2026-09-01", "--reason", "x"],
         "--salary"),
        (["staff", "set-pay", "HC100001", "--salary", "1", "--from", "1 sep", "--reason", "x"], "--from"),
        (["staff", "set-pay", "HC100001", "--salary", "1", "--from", "2026-09-01", "--reason", " "], "why"),
    ]:
        result = _run(*args, "--db", str(demo_db))
        assert result.exit_code == 2, (args, result.output)
        assert words in result.output and len(result.output.strip().splitlines()) == 1, result.output
    assert _state(demo_db) == before


def test_time_off_listed_and_taken(demo_db) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(demo_db)
    number, day = conn.execute(
        "SELECT st.payroll_number, t.for_date FROM time_off_owed t JOIN staff st ON st.id = t.staff_id "
        "WHERE t.basis = 'worked' ORDER BY t.for_date LIMIT 1").fetchone()
    conn.close()
    listed = _run("staff", "time-off", number, "--db", str(demo_db))
    assert listed.exit_code == 0 and "OVERDUE" in listed.output
    taken = _run("staff", "take-time-off", number, "--for", day, "--on", day, "--db", str(demo_db))
    assert taken.exit_code == 0, taken.output
    assert "taken" in _run("staff", "time-off", number, "--db", str(demo_db)).output
