"""The day's work from the command line: add, plan and list patrols; assign people, book
their hours and record what a patrol achieved.

Patrols are named by their short reference (``K7QM3X9D``, shown by `patrol list` and in the
app). Times are Europe/London, e.g. ``2026-12-11 18:00``; on the night the clocks go back
``2026-10-25 01:30 BST`` is the first 01:30 and ``01:30 GMT`` the second. Each command is one
transaction with its audit row; bad input gets one line and exit code 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from hotspot_tui.cli.common import HotspotClickError, HotspotGroup, db_option, settings_from
from hotspot_tui.errors import ValidationFailed

if TYPE_CHECKING:
    from hotspot_tui.domain.clock import WallTime
    from hotspot_tui.services.session import Session

KIND_NAMES = {"officer": ("officer", "officers"), "pcso": ("PCSO", "PCSOs"),
              "ceo": ("council officer", "council officers")}
OUTCOME_OPTIONS = (
    ("arrests", "--arrests"), ("stop_searches", "--stop-searches"), ("weapons", "--weapons"),
    ("dispersals", "--dispersals"), ("cpw", "--cpw"), ("cpn", "--cpn"), ("pspo", "--pspo"),
    ("informal_warnings", "--informal-warnings"), ("other", "--other"),
)


@contextmanager
def _session(ctx: click.Context, db: str | None) -> Iterator[Session]:
    from hotspot_tui.services.session import open_session

    settings = settings_from(ctx, db)
    session = open_session(settings.db_path, settings.user, sign_in=settings.sign_in)
    try:
        yield session
    finally:
        session.close()


def _today() -> date:
    from hotspot_tui.domain import clock_utc
    from hotspot_tui.domain.clock import to_local_naive

    return to_local_naive(clock_utc.utc_now()).date()


def _wall(text: str, flag: str) -> WallTime:
    from hotspot_tui.domain.clock import BadTimeText, parse_wall

    try:
        return parse_wall(text)
    except BadTimeText as exc:
        raise ValidationFailed(f"{flag}: {exc}") from None


def _instant(text: str, flag: str) -> datetime:
    from hotspot_tui.domain.clock import LocalTimeError

    try:
        return _wall(text, flag).instant()
    except LocalTimeError as exc:
        raise ValidationFailed(f"{flag}: {exc}") from None


def _day(text: str, flag: str) -> date:
    from hotspot_tui.domain.dates import parse_day

    try:
        return parse_day(text, _today())
    except ValidationFailed as exc:
        raise ValidationFailed(f"{flag}: {exc}") from None


def parse_need(text: str) -> dict[str, int]:
    """``officer=2,pcso=1,ceo=1`` (kinds as the pattern sentence names them) → counts."""
    from hotspot_tui.domain.patterns import KIND_WORDS

    need = {"officer": 0, "pcso": 0, "ceo": 0}
    for part in (p.strip() for p in (text or "").split(",")):
        if not part:
            continue
        kind, sep, count = (x.strip() for x in part.partition("="))
        if not sep or kind.lower() not in KIND_WORDS or not (count.isascii() and count.isdigit()):
            raise ValidationFailed(
                f"--need: {part!r} is not like officer=2 (kinds: officer, pcso, ceo)")
        need[KIND_WORDS[kind.lower()]] += int(count)
    return need


def _cover(need: dict[str, int]) -> str:
    return ", ".join(f"{n} {KIND_NAMES[k][n != 1]}" for k, n in need.items() if n) or "nobody"


def _span(start: datetime, end: datetime) -> str:
    from hotspot_tui.domain.clock import clock_text, to_local

    return f"{to_local(start):%a %d %b %Y} {clock_text(start)}-{clock_text(end)}"


def _hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min"


# --- patrol add | plan | list ------------------------------------------------------------------

@click.group(cls=HotspotGroup)
def patrol() -> None:
    """Add a patrol, plan recurring ones, and list them with their references."""


@patrol.command("add")
@click.option("--area", required=True, help="The hotspot area (its name, or the start of it).")
@click.option("--start", "start_text", required=True, metavar="TIME",
              help='Start, e.g. "2026-12-11 18:00" (Europe/London).')
@click.option("--end", "end_text", required=True, metavar="TIME",
              help='End, e.g. "2026-12-12 02:00"; "01:30 GMT" / "01:30 BST" when the clocks go back.')
@click.option("--need", "need_text", required=True, metavar="KIND=N,...",
              help="Cover needed, e.g. officer=2,pcso=1,ceo=1.")
@click.option("--break", "break_minutes", type=int, default=None, metavar="MINUTES",
              help="Planned break (default: as the working-time rules ask).")
@click.option("--notes", default="", help="Notes for the patrol.")
@db_option
@click.pass_context
def patrol_add(ctx: click.Context, area: str, start_text: str, end_text: str, need_text: str,
               break_minutes: int | None, notes: str, db: str | None) -> None:
    """Add one patrol."""
    from hotspot_tui.services import shifts

    start, end = _wall(start_text, "--start"), _wall(end_text, "--end")
    _instant(start_text, "--start"), _instant(end_text, "--end")
    need = parse_need(need_text)
    with _session(ctx, db) as session:
        area_id, area_name = shifts.area_named(session, area)
        draft = shifts.draft_between(area_id, start, end, need, notes, break_minutes)
        shift_id = shifts.create_shift(session, draft)
        detail = shifts.shift_detail(session, shift_id)
    click.echo(f"added patrol {detail.ref}: {area_name} {_span(detail.start, detail.end)}, "
               f"need {_cover(detail.need)}")


@patrol.command("plan")
@click.argument("sentence")
@click.option("--dry-run", is_flag=True, help="Show the patrols it would make; write nothing.")
@db_option
@click.pass_context
def patrol_plan(ctx: click.Context, sentence: str, dry_run: bool, db: str | None) -> None:
    """Plan recurring patrols from a sentence, all or none, e.g.

    "every Fri 18:00-02:00 in Watford from 2026-12-11 until 2027-01-29, need 2 officers and 1 PCSO"
    """
    from hotspot_tui.services import shifts

    today = _today()
    with _session(ctx, db) as session:
        preview = shifts.preview_pattern(session, sentence, today)
        if dry_run:
            click.echo(f"{len(preview.dates)} patrols: {preview.summary()}")
            for day in preview.dates:
                clash = "  (clashes with a planned patrol)" if day in preview.clashes else ""
                click.echo(f"  {day:%a %d %b %Y}{clash}")
            if preview.clashes:
                raise ValidationFailed(
                    f"{len(preview.clashes)} dates clash with patrols already planned in "
                    f"{preview.area_name}: change the pattern")
            click.echo("dry run: nothing written")
            return
        _, made = shifts.create_pattern(session, sentence, today)
        refs = shifts.refs_of(session, made)
    click.echo(f"added {len(made)} patrols: {preview.summary()}")
    for day, ref in zip(preview.dates, refs, strict=True):
        click.echo(f"  {ref}  {day:%a %d %b %Y}")


@patrol.command("list")
@click.option("--from", "first_text", required=True, metavar="DATE",
              help="First day, e.g. 2026-12-01 or mon.")
@click.option("--to", "last_text", required=True, metavar="DATE", help="Last day (included).")
@click.option("--area", default=None, help="Only this area.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array, for scripts.")
@db_option
@click.pass_context
def patrol_list(ctx: click.Context, first_text: str, last_text: str, area: str | None,
                as_json: bool, db: str | None) -> None:
    """Patrols between two days with their references, cover and cost."""
    from hotspot_tui.domain.budget import pounds
    from hotspot_tui.domain.clock import clock_text, to_local, wall_text
    from hotspot_tui.domain.clock_utc import to_utc_text
    from hotspot_tui.services import shifts

    first, last = _day(first_text, "--from"), _day(last_text, "--to")
    with _session(ctx, db) as session:
        lines = shifts.list_patrols(session, first, last, area)
    if as_json:
        click.echo(json.dumps([{
            "ref": p.ref, "area": p.area_name, "date": p.local_date.isoformat(),
            "start": wall_text(p.start), "end": wall_text(p.end),
            "start_utc": to_utc_text(p.start), "end_utc": to_utc_text(p.end),
            "status": p.status, "need": p.need, "have": p.have, "cost_pence": p.cost_pence,
        } for p in lines], indent=1))
        return
    if not lines:
        click.echo("no patrols in those days")
        return
    click.echo(f"{'REF':<8}  {'DAY':<15}  {'TIME':<15}  {'AREA':<22}  {'COVER (HAVE/NEED)':<26}  "
               f"{'STATUS':<9}  COST")
    for p in lines:
        cover = " ".join(f"{k} {p.have[k]}/{p.need[k]}" for k in p.need if p.need[k] or p.have[k])
        hours = f"{clock_text(p.start)}-{clock_text(p.end)}"
        click.echo(f"{p.ref}  {to_local(p.start):%a %d %b %Y}  {hours:<15}  {p.area_name:<22}  "
                   f"{cover:<26}  {p.status:<9}  {pounds(p.cost_pence)}")


# --- assign | book | outcome ---------------------------------------------------------------------

@click.command()
@click.argument("patrol_ref")
@click.argument("payroll_numbers", nargs=-1, required=True, metavar="PAYROLL_NUMBER...")
@click.option("--rest-day", is_flag=True, help="A rostered rest day (paid at the rest-day rate).")
@click.option("--told", "told_text", default="today", show_default=True, metavar="DATE",
              help="When they were told of the duty (the rest-day notice counts from it).")
@click.option("--casual", is_flag=True, help="Casual overtime (officers).")
@click.option("--override", "override", default=None, metavar="REASON",
              help="Assign despite a working-time rule, for this reason (audited).")
@db_option
@click.pass_context
def assign(ctx: click.Context, patrol_ref: str, payroll_numbers: tuple[str, ...], rest_day: bool,
           told_text: str, casual: bool, override: str | None, db: str | None) -> None:
    """Put people (by payroll number) on a patrol, all or none."""
    from hotspot_tui.domain.dates import parse_past_day
    from hotspot_tui.errors import RuleViolation
    from hotspot_tui.services import assignments, shifts, staff

    try:
        told = parse_past_day(told_text, _today(), "the day they were told")
    except ValidationFailed as exc:
        raise ValidationFailed(f"--told: {exc}") from None
    if override is not None and not override.strip():
        raise ValidationFailed("--override: say why the rule is being overridden")
    options = assignments.AssignOptions(told_on=told, rest_day=rest_day, casual=casual,
                                        override_reason=override)
    with _session(ctx, db) as session:
        shift_id = shifts.find_patrol(session, patrol_ref)
        people = staff.people_by_payroll_number(session, list(payroll_numbers))
        ids = [person_id for person_id, _ in people]
        try:
            assignments.assign(session, shift_id, ids, options)
        except RuleViolation as exc:
            breaks = assignments.rule_breaks(session, shift_id, ids)
            if override or not breaks or any(v.rule == "overlap" for _, v in breaks):
                raise
            click.echo("Override a working-time rule:", err=True)
            for name, violation in breaks:
                click.echo(f"  {name}: {violation.message}", err=True)
            raise HotspotClickError(
                "not assigned: give --override REASON to assign despite the rule (audited)",
                exc.exit_code) from None
        detail = shifts.shift_detail(session, shift_id)
    on = {p.staff_id: p for p in detail.people}
    names = ", ".join(name for _, name in people)
    notes = [f"told {told:%a %d %b}"] + ["override recorded"] * bool(override)
    click.echo(f"assigned {names} to {detail.ref} ({', '.join(notes)})")
    for person_id, name in people:
        stored = on[person_id]
        for asked, kept, what in ((rest_day, stored.rest_day, "rest day"),
                                  (casual, stored.casual, "casual overtime")):
            if asked and kept:
                click.echo(f"  {name}: {what}")
            elif asked:
                click.echo(f"note: {what} does not apply to {name} "
                           f"({KIND_NAMES[stored.kind][0]})", err=True)


@click.command()
@click.argument("patrol_ref")
@click.argument("payroll_number", required=False)
@click.option("--on", "on_text", metavar="TIME", help='On duty, e.g. "2026-12-11 18:00".')
@click.option("--off", "off_text", metavar="TIME",
              help='Off duty, e.g. "2026-12-12 02:10"; "01:30 GMT" / "01:30 BST" when the clocks go back.')
@click.option("--reason", default=None, help="Why the hours differ from the plan (audited).")
@click.option("--as-planned", is_flag=True, help="Book everyone still planned for the planned times.")
@db_option
@click.pass_context
def book(ctx: click.Context, patrol_ref: str, payroll_number: str | None, on_text: str | None,
         off_text: str | None, reason: str | None, as_planned: bool, db: str | None) -> None:
    """Book the hours a person worked on a patrol, or everyone's as planned."""
    from hotspot_tui.services import assignments, shifts, staff

    if as_planned:
        if payroll_number or on_text or off_text:
            raise ValidationFailed("--as-planned books everyone for the planned times: "
                                   "give no payroll number, --on or --off with it")
        with _session(ctx, db) as session:
            shift_id = shifts.find_patrol(session, patrol_ref)
            booked = assignments.book_as_planned(session, shift_id, reason)
            ref = shifts.refs_of(session, [shift_id])[0]
        for name, minutes in booked:
            click.echo(f"booked {name} on {ref} as planned: {_hours(minutes)}")
        return
    if not payroll_number:
        raise ValidationFailed("give the person's payroll number, or --as-planned")
    if not (on_text and off_text):
        raise ValidationFailed("give both --on and --off (or --as-planned)")
    start, end = _instant(on_text, "--on"), _instant(off_text, "--off")
    with _session(ctx, db) as session:
        shift_id = shifts.find_patrol(session, patrol_ref)
        [(staff_id, name)] = staff.people_by_payroll_number(session, [payroll_number])
        assignment_id = assignments.on_patrol(session, shift_id, staff_id)
        minutes = assignments.book_hours(session, assignment_id, start, end, reason)
        ref = shifts.refs_of(session, [shift_id])[0]
    click.echo(f"booked {name} on {ref}: {_span(start, end)}, {_hours(minutes)}")


def _outcome_options(func):
    for key, flag in reversed(OUTCOME_OPTIONS):
        func = click.option(flag, key, type=int, default=None, metavar="N",
                            help=f"{key.replace('_', '-')} (kept as it was if not given).")(func)
    return func


@click.command()
@click.argument("patrol_ref")
@_outcome_options
@click.option("--notes", default=None, help="Notes on what happened (kept as they were if not given).")
@click.option("--confirm", is_flag=True,
              help="Save figures out of proportion to the people on the patrol (audited as confirmed).")
@db_option
@click.pass_context
def outcome(ctx: click.Context, patrol_ref: str, notes: str | None, confirm: bool, db: str | None,
            **counts: int | None) -> None:
    """Record what a patrol achieved: arrests, stop-searches, weapons and ASB powers used
    (dispersals, CPW, CPN, PSPO, informal warnings). Counts not given keep their recorded value. Arrests,
    stop-searches or weapons more than three times the people on the patrol are saved
    only with --confirm."""
    from hotspot_tui.services import outcomes, shifts

    if all(v is None for v in counts.values()) and notes is None:
        raise ValidationFailed("give at least one count, e.g. --arrests 2, or --notes")
    with _session(ctx, db) as session:
        shift_id = shifts.find_patrol(session, patrol_ref)
        current = outcomes.get_outcomes(session, shift_id)
        values = {key: given if (given := counts[key]) is not None else int(current[key])
                  for key, _ in OUTCOME_OPTIONS}
        try:
            outcomes.record_outcomes(session, shift_id, values,
                                     str(current["notes"]) if notes is None else notes,
                                     confirmed=confirm)
        except outcomes.NeedsConfirmation as exc:
            raise ValidationFailed(f"{exc} (--confirm); nothing was saved") from None
        ref = shifts.refs_of(session, [shift_id])[0]
    shown = ", ".join(f"{outcomes.LABELS[k]} {v}" for k, v in values.items())
    click.echo(f"outcomes for {ref}: {shown}")
