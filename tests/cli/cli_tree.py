"""Walk the click tree, so tests cover every command, including ones added later."""

from __future__ import annotations

from pathlib import Path

import click

from hotspot_tui.cli import cli

Leaf = tuple[tuple[str, ...], click.Command]


def leaf_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[Leaf]:
    """(command path, command) for every runnable command under `group`."""
    found: list[Leaf] = []
    ctx = click.Context(group)
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        path = (*prefix, name)
        if isinstance(command, click.Group):
            found += leaf_commands(command, path)
        else:
            found.append((path, command))
    return found


def takes_db(command: click.Command) -> bool:
    return any(isinstance(p, click.Option) and "--db" in p.opts for p in command.params)


def dummy_value(param: click.Parameter, scratch: Path) -> str:
    """A harmless value of the right type for a required parameter."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return str(kind.choices[0])
    if isinstance(kind, (click.IntRange, click.FloatRange)) or kind in (click.INT, click.FLOAT):
        return "1"
    if isinstance(kind, click.DateTime):
        return "2026-06-01"
    if isinstance(kind, (click.Path, click.File)):
        target = scratch / f"{param.name}.txt"
        target.write_text("")
        return str(target)
    return "x"


EXAMPLE_OPERATION = str(Path(__file__).resolve().parents[2] / "hotspot_tui" / "data"
                        / "operation-example.toml")
# Arguments that make a command reach its database (dummy values would fail earlier).
KNOWN_ARGS: dict[tuple[str, ...], list[str]] = {
    ("setup",): [EXAMPLE_OPERATION],
    ("pay", "quote"): ["--kind", "ceo", "--employer", "Watford Borough Council",
                       "--start", "2026-06-05 18:00", "--end", "2026-06-05 22:00"],
    ("export", "payroll"): ["--period", "2026-06"],
    ("report", "monthly"): ["--month", "2026-06"],
    ("export", "recharge"): ["--period", "2026-06", "--employer", "Watford Borough Council"],
    ("employer", "add"): ["Hertsmere Borough Council", "--weekday", "21", "--weekend", "25",
                          "--holiday", "31.50"],
    ("employer", "set-rates"): ["Watford Borough Council", "--weekday", "21", "--weekend", "25",
                                "--holiday", "31.50", "--reason", "Council letter"],
    ("patrol", "add"): ["--area", "Watford", "--start", "2026-06-05 18:00", "--end", "2026-06-06 02:00",
                        "--need", "officer=2,pcso=1"],
    ("patrol", "plan"): ["every Fri 18:00-02:00 in Watford from 2026-06-05 until 2026-06-26, "
                         "need 2 officers and 1 PCSO"],
    ("patrol", "list"): ["--from", "2026-06-01", "--to", "2026-06-30"],
    ("hotspots",): ["--from", "2026-01", "--to", "2026-06"],
    ("assign",): ["K7QM3X9D", "HC104233"],
    ("book",): ["K7QM3X9D", "--as-planned"],
    ("outcome",): ["K7QM3X9D", "--arrests", "1"],
    ("area", "geography"): ["Watford", "--centre", "51.6560,-0.3960", "--radius", "400"],
    ("settings", "set"): ["officer.overtime_multiplier", "2", "--from", "2026-06-01",
                          "--reason", "Force agreement"],
}
# Commands known to open the database before anything else they might refuse.
OPENS_DB_FIRST = {(), ("db", "info"), ("db", "check"), ("db", "migrate"), ("db", "init"), ("setup",),
                  ("audit", "verify"), ("import", "staff"), ("pay", "quote")}


def required_args(command: click.Command, scratch: Path, path: tuple[str, ...] = ()) -> list[str]:
    if path in KNOWN_ARGS:
        return list(KNOWN_ARGS[path])
    args: list[str] = []
    for param in command.params:
        if not param.required or (isinstance(param, click.Option) and "--db" in param.opts):
            continue
        value = dummy_value(param, scratch)
        if isinstance(param, click.Option):
            args += [param.opts[0], value]
        else:
            args += [value] * (param.nargs if param.nargs > 0 else 1)
    return args


def commands_with_db() -> list[tuple[str, ...]]:
    return [path for path, command in leaf_commands() if takes_db(command)]


def assert_clean_exit(result, allowed: tuple[int, ...] = (0, 1, 2)) -> None:  # type: ignore[no-untyped-def]
    """No traceback, an expected exit code, and on failure one `hotspot-tui:` line last."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}: {result.exception}") \
            from result.exception
    # The header Python prints: a fuzzed file may hold the word itself, quoted back as data.
    assert "Traceback (most recent call last)" not in result.output, result.output
    assert result.exit_code in allowed, (result.exit_code, result.output)
    if result.exit_code != 0:
        lines = result.stderr.strip().splitlines()
        if lines and lines[0].startswith("Usage:") and "Error" not in result.stderr:
            return  # a group run without a command shows its help
        assert lines, "failed without saying why"
        assert lines[-1].startswith("hotspot-tui: "), result.stderr
        assert sum(line.startswith("hotspot-tui: ") for line in lines) == 1, result.stderr


def assert_one_line_refusal(result, code: int = 2) -> str:  # type: ignore[no-untyped-def]
    """Exactly one line on stderr, `hotspot-tui: ...`, and the exit code."""
    assert_clean_exit(result, (code,))
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]
